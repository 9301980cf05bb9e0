from django.urls import path

from haven.cases.views import case, closing, decisions, records, review

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
    path(C + "parents/", decisions.parents, name="parents"),
    path(C + "parents/told/", decisions.parents_told, name="parents_told"),
    path(C + "parents/not-told/", decisions.parents_not_told, name="parents_not_told"),
    path(C + "imagery/", decisions.imagery, name="imagery"),
    path(C + "imagery/request/", decisions.request_viewing, name="request_viewing"),
    path(C + "imagery/<uuid:viewing_id>/", decisions.record_viewing, name="record_viewing"),
    path(C + "referrals/", records.referrals, name="referrals"),
    path(C + "referrals/add/", records.add_referral, name="add_referral"),
    path(C + "referrals/override/", records.referral_override, name="referral_override"),
    path(C + "referrals/<uuid:referral_id>/", records.referral, name="referral"),
    path(
        C + "referrals/<uuid:referral_id>/acknowledged/",
        records.referral_acknowledged,
        name="referral_acknowledged",
    ),
    path(
        C + "referrals/<uuid:referral_id>/chased/",
        records.referral_chased,
        name="referral_chased",
    ),
    path(
        C + "referrals/<uuid:referral_id>/outcome/",
        records.referral_outcome,
        name="referral_outcome",
    ),
    path(C + "take-down/", records.takedown, name="takedown"),
    path(C + "take-down/add/", records.add_takedown, name="add_takedown"),
    path(C + "take-down/<uuid:help_id>/", records.takedown_outcome, name="takedown_outcome"),
    path(C + "deleting/add/", records.add_deletion, name="add_deletion"),
    path(C + "deleting/<uuid:request_id>/", records.deletion_confirmed, name="deletion_confirmed"),
    path(C + "deleting/<uuid:request_id>/close/", records.deletion_closed, name="deletion_closed"),
    path(C + "devices/", records.devices, name="devices"),
    path(C + "devices/add/", records.add_device, name="add_device"),
    path(C + "devices/<uuid:device_id>/", records.device_handover, name="device_handover"),
    path(C + "support/", records.support, name="support"),
    path(C + "support/add/", records.add_support_action, name="add_action"),
    path(C + "support/<uuid:action_id>/", records.support_action, name="support_action"),
    path(C + "follow-up/add/", records.book_follow_up, name="book_follow_up"),
    path(C + "follow-up/<uuid:review_id>/", records.follow_up_held, name="follow_up_held"),
    path(C + "typology/", closing.typology, name="typology"),
    path(C + "close/", closing.close, name="close"),
    path(C + "close/unfinished/", closing.close_unfinished, name="close_unfinished"),
    path(C + "reopen/", closing.reopen, name="reopen"),
]
