from django.urls import path

from haven.records import subject_access_views, transfer_views, views

app_name = "records"
urlpatterns = [
    path("transfers/<slug:school>/", transfer_views.transfers_list, name="transfers"),
    path("pupil/<uuid:pupil_id>/transfer/", transfer_views.start, name="transfer_start"),
    path("transfer/<uuid:transfer_id>/", transfer_views.detail, name="transfer"),
    path("transfer/<uuid:transfer_id>/sent/", transfer_views.sent, name="transfer_sent"),
    path("transfer/<uuid:transfer_id>/confirm/", transfer_views.confirm, name="transfer_confirm"),
    path("transfer/<uuid:transfer_id>/chase/", transfer_views.chase, name="transfer_chase"),
    path("transfer/<uuid:transfer_id>/call/", transfer_views.call, name="transfer_call"),
    path(
        "transfer/<uuid:transfer_id>/receipt-link/",
        transfer_views.receipt_link,
        name="transfer_receipt_link",
    ),
    path(
        "transfer/<uuid:transfer_id>/download-link/",
        transfer_views.download_link,
        name="transfer_download_link",
    ),
    path("pupil/<uuid:pupil_id>/subject-access/", subject_access_views.start, name="sar_start"),
    path("subject-access/<uuid:sar_id>/", subject_access_views.detail, name="sar"),
    path("subject-access/<uuid:sar_id>/redact/", subject_access_views.redact, name="sar_redact"),
    path("subject-access/<uuid:sar_id>/release/", subject_access_views.release, name="sar_release"),
    path("subject-access/<uuid:sar_id>/pdf/", subject_access_views.pdf, name="sar_pdf"),
    path("receipt/<str:token>/", transfer_views.receipt, name="receipt"),
    path("download/<str:token>/", transfer_views.download, name="download"),
    path("<slug:school>/", views.queue, name="queue"),
    path("<slug:school>/policy/", views.set_policy, name="policy"),
    path("pupil/<uuid:pupil_id>/", views.pupil, name="pupil"),
    path("pupil/<uuid:pupil_id>/hold/", views.place_hold, name="hold"),
    path("pupil/<uuid:pupil_id>/release/", views.release_hold, name="release"),
    path("pupil/<uuid:pupil_id>/delete/", views.delete, name="delete"),
]
