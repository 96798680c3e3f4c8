from __future__ import annotations

from django.urls import path

from jobs import views

# Names start with "jobs" so the app shell lights up the Jobs section (accounts.context_processors).
urlpatterns = [
    path("", views.board, name="jobs"),
    path("board/<slug:status>/more/", views.board_more, name="jobs_board_more"),
    path("list/", views.application_list, name="jobs_list"),
    path("new/", views.application_create_view, name="jobs_create"),
    path("quick/", views.application_quick_add, name="jobs_quick_add"),
    path("import/", views.application_import, name="jobs_import"),
    path("export.csv", views.application_export, name="jobs_export"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="jobs_calendar_feed"),
    path(
        "reminders/<int:reminder_id>/dismiss/", views.reminder_dismiss, name="jobs_reminder_dismiss"
    ),
    path("<int:application_id>/", views.application_detail, name="jobs_detail"),
    path("<int:application_id>/edit/", views.application_edit, name="jobs_edit"),
    path("<int:application_id>/delete/", views.application_delete_view, name="jobs_delete"),
    path("<int:application_id>/move/", views.application_move_view, name="jobs_move"),
    path("<int:application_id>/notes/", views.note_add, name="jobs_note_add"),
    path("<int:application_id>/contacts/", views.contact_add, name="jobs_contact_add"),
    path(
        "<int:application_id>/contacts/<int:contact_id>/delete/",
        views.contact_delete_view,
        name="jobs_contact_delete",
    ),
    path("<int:application_id>/interviews/", views.interview_add, name="jobs_interview_add"),
    path(
        "<int:application_id>/interviews/<int:interview_id>/",
        views.interview_edit,
        name="jobs_interview_edit",
    ),
    path(
        "<int:application_id>/interviews/<int:interview_id>/delete/",
        views.interview_delete_view,
        name="jobs_interview_delete",
    ),
    path(
        "<int:application_id>/interviews/<int:interview_id>/interview.ics",
        views.interview_ics,
        name="jobs_interview_ics",
    ),
]
