from __future__ import annotations

from django.urls import path

from resumes import views

# Names start with "cvs" so the app shell lights up the CVs section (accounts.context_processors).
urlpatterns = [
    path("", views.resume_list, name="cvs"),
    path("upload/", views.resume_upload_view, name="cvs_upload"),
    path("import/", views.resume_import_view, name="cvs_import"),
    path("<int:resume_id>/", views.resume_detail, name="cvs_detail"),
    path("<int:resume_id>/status/", views.resume_status, name="cvs_status"),
    path("<int:resume_id>/retry/", views.resume_retry_view, name="cvs_retry"),
    path("<int:resume_id>/primary/", views.resume_primary_view, name="cvs_primary"),
    path("<int:resume_id>/rename/", views.resume_rename_view, name="cvs_rename"),
    path("<int:resume_id>/edits/discard/", views.resume_discard_edits_view, name="cvs_discard"),
    path("<int:resume_id>/delete/", views.resume_delete_view, name="cvs_delete"),
    path("<int:resume_id>/download/", views.resume_download, name="cvs_download"),
    path("<int:resume_id>/export.json", views.resume_export_json, name="cvs_export"),
    path("<int:resume_id>/match/", views.resume_match_view, name="cvs_match"),
    path(
        "<int:resume_id>/match/<int:match_id>/",
        views.resume_match_result,
        name="cvs_match_result",
    ),
    path("<int:resume_id>/optimise/", views.resume_optimise_view, name="cvs_optimise"),
    path(
        "<int:resume_id>/optimise/<int:optimisation_id>/",
        views.resume_optimisation_view,
        name="cvs_optimisation",
    ),
    path(
        "<int:resume_id>/optimise/<int:optimisation_id>/decide/",
        views.resume_suggestion_decide,
        name="cvs_optimisation_decide",
    ),
    path(
        "<int:resume_id>/optimise/<int:optimisation_id>/save/",
        views.resume_optimisation_save,
        name="cvs_optimisation_save",
    ),
    path(
        "<int:resume_id>/versions/<int:version_id>/",
        views.resume_version_view,
        name="cvs_version",
    ),
    path(
        "<int:resume_id>/versions/<int:version_id>/rename/",
        views.resume_version_rename,
        name="cvs_version_rename",
    ),
    path(
        "<int:resume_id>/versions/<int:version_id>/delete/",
        views.resume_version_delete,
        name="cvs_version_delete",
    ),
    path(
        "<int:resume_id>/versions/<int:version_id>/cv.docx",
        views.resume_version_file,
        {"fmt": "docx"},
        name="cvs_version_docx",
    ),
    path(
        "<int:resume_id>/versions/<int:version_id>/cv.pdf",
        views.resume_version_file,
        {"fmt": "pdf"},
        name="cvs_version_pdf",
    ),
    path("<int:resume_id>/export/", views.resume_export_view, name="cvs_export_files"),
    path(
        "<int:resume_id>/export/cv.docx",
        views.resume_export_file,
        {"fmt": "docx"},
        name="cvs_export_docx",
    ),
    path(
        "<int:resume_id>/export/cv.pdf",
        views.resume_export_file,
        {"fmt": "pdf"},
        name="cvs_export_pdf",
    ),
]
