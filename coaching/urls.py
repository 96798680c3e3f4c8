from __future__ import annotations

from django.urls import path

from coaching import views

# Names start with "coach" so the app shell lights up the Coach section.
urlpatterns = [
    path("", views.home, name="coach"),
    path("letters/", views.letter_list, name="coach_letters"),
    path("letters/new/", views.letter_new, name="coach_letter_new"),
    path("letters/<int:letter_id>/", views.letter_detail, name="coach_letter"),
    path("letters/<int:letter_id>/edit/", views.letter_edit, name="coach_letter_edit"),
    path("letters/<int:letter_id>/status/", views.letter_status, name="coach_letter_status"),
    path("letters/<int:letter_id>/retry/", views.letter_retry, name="coach_letter_retry"),
    path(
        "letters/<int:letter_id>/versions/<int:number>/restore/",
        views.letter_restore,
        name="coach_letter_restore",
    ),
    path("letters/<int:letter_id>/attach/", views.letter_attach, name="coach_letter_attach"),
    path(
        "letters/<int:letter_id>/export/<str:fmt>/",
        views.letter_export,
        name="coach_letter_export",
    ),
    path("letters/<int:letter_id>/delete/", views.letter_delete, name="coach_letter_delete"),
    path("prep/", views.prep_list, name="coach_prep"),
    path("prep/new/", views.pack_new, name="coach_pack_new"),
    path(
        "prep/interview/<int:application_id>/<int:interview_id>/",
        views.prep_for_interview,
        name="coach_prep_interview",
    ),
    path("prep/<int:pack_id>/", views.pack_detail, name="coach_pack"),
    path("prep/<int:pack_id>/status/", views.pack_status, name="coach_pack_status"),
    path("prep/<int:pack_id>/retry/", views.pack_retry, name="coach_pack_retry"),
    path(
        "prep/<int:pack_id>/practice/<str:question_id>/",
        views.practice,
        name="coach_practice",
    ),
    path("stories/", views.story_list, name="coach_stories"),
    path("stories/<int:story_id>/", views.story_edit, name="coach_story_edit"),
    path("stories/<int:story_id>/delete/", views.story_delete, name="coach_story_delete"),
    path("chat/", views.chat, name="coach_chat"),
    path("chat/new/", views.conversation_new, name="coach_conversation_new"),
    path("chat/<int:conversation_id>/", views.conversation_detail, name="coach_conversation"),
    path(
        "chat/<int:conversation_id>/rename/",
        views.conversation_rename,
        name="coach_conversation_rename",
    ),
    path(
        "chat/<int:conversation_id>/delete/",
        views.conversation_delete,
        name="coach_conversation_delete",
    ),
    path(
        "chat/<int:conversation_id>/messages/",
        views.message_send,
        name="coach_message_send",
    ),
    path(
        "chat/<int:conversation_id>/messages/<int:message_id>/stream/",
        views.message_stream,
        name="coach_message_stream",
    ),
    path(
        "chat/<int:conversation_id>/messages/<int:message_id>/actions/<str:action_id>/",
        views.message_action,
        name="coach_message_action",
    ),
]
