from django.urls import path

from haven.concerns.views import inbox, recording, team

app_name = "concerns"
urlpatterns = [
    path("new/", recording.new_concern, name="new"),
    path("mine/", recording.mine, name="mine"),
    path("inbox/", inbox.inbox, name="inbox"),
    path("alerts/badge/", inbox.alert_badge, name="alert_badge"),
    path("alerts/<int:alert_id>/done/", inbox.dismiss, name="dismiss_alert"),
    path("<uuid:pk>/", recording.detail, name="detail"),
    path("<uuid:pk>/saved/", recording.saved, name="saved"),
    path("<uuid:pk>/add/", recording.add_information, name="add"),
    path("<uuid:pk>/acknowledge/", team.acknowledge, name="acknowledge"),
    path("<uuid:pk>/open-case/", team.open_case, name="open_case"),
    path("<uuid:pk>/add-to-case/", team.add_to_case, name="add_to_case"),
    path("<uuid:pk>/no-further-action/", team.no_further_action, name="no_further_action"),
    path("<uuid:pk>/link-pupil/", team.link, name="link_pupil"),
    path("<uuid:pk>/reply/", team.reply, name="reply"),
    path("<uuid:pk>/attachments/<uuid:attachment_id>/", team.attachment, name="attachment"),
]
