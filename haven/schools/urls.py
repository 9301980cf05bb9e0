from django.urls import path

from haven.schools import import_views, policy_views, pupil_views, reset_views, team_views, views

app_name = "schools"
urlpatterns = [
    path("", views.index, name="index"),
    path("pupils/search/", pupil_views.pupil_search, name="pupil_search"),
    path("<slug:school>/", views.overview, name="overview"),
    path("<slug:school>/settings/", views.settings, name="settings"),
    path("<slug:school>/staff/", views.staff_list, name="staff_list"),
    path("<slug:school>/staff/add/", views.staff_invite, name="staff_invite"),
    path("<slug:school>/staff/<int:user_id>/", views.staff_member, name="staff_member"),
    path("<slug:school>/staff/<int:user_id>/roles/", views.staff_roles, name="staff_roles"),
    path(
        "<slug:school>/staff/<int:user_id>/deactivate/",
        views.staff_deactivate,
        name="staff_deactivate",
    ),
    path(
        "<slug:school>/staff/<int:user_id>/invite-again/",
        views.staff_invite_again,
        name="staff_invite_again",
    ),
    path("<slug:school>/sign-in-resets/", reset_views.resets, name="mfa_resets"),
    path("<slug:school>/sign-in-resets/ask/", reset_views.reset_request, name="mfa_reset_request"),
    path(
        "<slug:school>/sign-in-resets/<uuid:reset_id>/agree/",
        reset_views.reset_step,
        {"step": "agree"},
        name="mfa_reset_agree",
    ),
    path(
        "<slug:school>/sign-in-resets/<uuid:reset_id>/refuse/",
        reset_views.reset_step,
        {"step": "refuse"},
        name="mfa_reset_refuse",
    ),
    path(
        "<slug:school>/sign-in-resets/<uuid:reset_id>/withdraw/",
        reset_views.reset_step,
        {"step": "withdraw"},
        name="mfa_reset_withdraw",
    ),
    path("<slug:school>/invitations/<uuid:invitation_id>/", views.invitation, name="invitation"),
    path(
        "<slug:school>/invitations/<uuid:invitation_id>/send-again/",
        views.invitation_again,
        name="invitation_again",
    ),
    path(
        "<slug:school>/invitations/<uuid:invitation_id>/withdraw/",
        views.invitation_withdraw,
        name="invitation_withdraw",
    ),
    path("<slug:school>/safeguarding-policy/", policy_views.policy, name="policy"),
    path("<slug:school>/safeguarding-policy/ask/", policy_views.policy_ask, name="policy_ask"),
    path(
        "<slug:school>/safeguarding-policy/<uuid:change_id>/agree/",
        policy_views.policy_step,
        {"step": "agree"},
        name="policy_change_agree",
    ),
    path(
        "<slug:school>/safeguarding-policy/<uuid:change_id>/refuse/",
        policy_views.policy_step,
        {"step": "refuse"},
        name="policy_change_refuse",
    ),
    path(
        "<slug:school>/safeguarding-policy/<uuid:change_id>/withdraw/",
        policy_views.policy_step,
        {"step": "withdraw"},
        name="policy_change_withdraw",
    ),
    path("<slug:school>/safeguarding-team/", team_views.changes, name="team_changes"),
    path("<slug:school>/safeguarding-team/ask/", team_views.change_ask, name="team_change_ask"),
    path(
        "<slug:school>/safeguarding-team/<uuid:change_id>/agree/",
        team_views.change_step,
        {"step": "agree"},
        name="team_change_agree",
    ),
    path(
        "<slug:school>/safeguarding-team/<uuid:change_id>/refuse/",
        team_views.change_step,
        {"step": "refuse"},
        name="team_change_refuse",
    ),
    path(
        "<slug:school>/safeguarding-team/<uuid:change_id>/withdraw/",
        team_views.change_step,
        {"step": "withdraw"},
        name="team_change_withdraw",
    ),
    path("<slug:school>/import/<str:kind>/", import_views.upload, name="import_upload"),
    path("<slug:school>/imports/<uuid:run_id>/", import_views.run, name="import_run"),
    path("<slug:school>/imports/<uuid:run_id>/save/", import_views.save, name="import_save"),
    path("<slug:school>/imports/<uuid:run_id>/cancel/", import_views.cancel, name="import_cancel"),
]
