from django.urls import path

from haven.cases.views import (
    case,
    closing,
    decisions,
    devices,
    imagery,
    parents,
    referrals,
    review,
    support,
    takedown,
)

app_name = "cases"

C = "<uuid:case_id>/"

urlpatterns = [
    path("", case.case_list, name="list"),
    path("agreements/", decisions.agreements, name="agreements"),
    path(C, case.case_detail, name="detail"),
    path(C + "viewers/", case.viewers, name="viewers"),
    path(C + "review/", review.review, name="review"),
    path(C + "review/assessment/", review.review_assessment, name="review_assessment"),
    path(C + "decisions/", decisions.decisions, name="decisions"),
    path(C + "decisions/add/", decisions.add_decision, name="add_decision"),
    path(C + "decisions/<uuid:decision_id>/head/", decisions.head_agreement, name="head_agreement"),
    path(C + "manage-in-school/", decisions.manage_in_school, name="manage_in_school"),
    path(C + "parents/", parents.parents, name="parents"),
    path(C + "parents/told/", parents.parents_told, name="parents_told"),
    path(C + "parents/not-told/", parents.parents_not_told, name="parents_not_told"),
    path(C + "imagery/", imagery.imagery, name="imagery"),
    path(C + "imagery/request/", imagery.request_viewing, name="request_viewing"),
    path(C + "imagery/<uuid:viewing_id>/", imagery.record_viewing, name="record_viewing"),
    path(C + "referrals/", referrals.referrals, name="referrals"),
    path(C + "referrals/add/", referrals.add_referral, name="add_referral"),
    path(C + "referrals/override/", referrals.referral_override, name="referral_override"),
    path(C + "referrals/<uuid:referral_id>/", referrals.referral, name="referral"),
    path(
        C + "referrals/<uuid:referral_id>/acknowledged/",
        referrals.referral_acknowledged,
        name="referral_acknowledged",
    ),
    path(
        C + "referrals/<uuid:referral_id>/chased/",
        referrals.referral_chased,
        name="referral_chased",
    ),
    path(
        C + "referrals/<uuid:referral_id>/outcome/",
        referrals.referral_outcome,
        name="referral_outcome",
    ),
    path(C + "take-down/", takedown.takedown, name="takedown"),
    path(C + "take-down/add/", takedown.add_takedown, name="add_takedown"),
    path(C + "take-down/<uuid:help_id>/", takedown.takedown_outcome, name="takedown_outcome"),
    path(C + "deleting/add/", takedown.add_deletion, name="add_deletion"),
    path(C + "deleting/<uuid:request_id>/", takedown.deletion_confirmed, name="deletion_confirmed"),
    path(C + "deleting/<uuid:request_id>/close/", takedown.deletion_closed, name="deletion_closed"),
    path(C + "devices/", devices.devices, name="devices"),
    path(C + "devices/add/", devices.add_device, name="add_device"),
    path(C + "devices/<uuid:device_id>/", devices.device_handover, name="device_handover"),
    path(C + "support/", support.support, name="support"),
    path(C + "support/add/", support.add_support_action, name="add_action"),
    path(C + "support/<uuid:action_id>/", support.support_action, name="support_action"),
    path(C + "follow-up/add/", support.book_follow_up, name="book_follow_up"),
    path(C + "follow-up/<uuid:review_id>/", support.follow_up_held, name="follow_up_held"),
    path(C + "typology/", closing.typology, name="typology"),
    path(C + "close/", closing.close, name="close"),
    path(C + "close/unfinished/", closing.close_unfinished, name="close_unfinished"),
    path(C + "reopen/", closing.reopen, name="reopen"),
]
