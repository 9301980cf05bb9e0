"""Every change to a case, through its service: what it records, what it refuses, and the audit
event, timeline line and chronology entries it writes in the same transaction."""

from datetime import timedelta

import pytest
from django.utils import timezone

from haven.cases import notifications
from haven.cases.models import (
    ActionStatus,
    Agency,
    AgreedWith,
    CaseEvent,
    CaseStatus,
    ContactMethod,
    Custody,
    Decision,
    DecisionType,
    HeadAgreement,
    InitialReview,
    PupilRole,
    RecordIsFinal,
    ReferralMethod,
    ReviewKind,
    TakedownOutcome,
    TakedownRoute,
    Typology,
    ViewingReason,
)
from haven.cases.selectors import load_records
from haven.cases.services import (
    CaseBlocked,
    CaseError,
    OtherPerson,
    PupilParts,
    ReviewInput,
    StaleCase,
    add_action,
    add_pupil_to_case,
    ask_to_delete,
    close_action,
    close_case,
    confirm_deletion,
    decide_manage_in_school,
    reassess_case,
    record_acknowledgement,
    record_confiscation,
    record_decision,
    record_device_handover,
    record_follow_up_held,
    record_head_agreement,
    record_imagery_viewing,
    record_initial_review,
    record_parents_not_told,
    record_parents_told,
    record_referral,
    record_referral_outcome,
    record_referral_override,
    record_takedown_help,
    record_takedown_outcome,
    record_typology,
    reopen_case,
    request_imagery_viewing,
    schedule_follow_up,
)
from haven.cases.tests.conftest import audit_actions, last_event, review, sections
from haven.chronology.models import ChronologyEntry

pytestmark = pytest.mark.django_db


def v(case):
    case.refresh_from_db()
    return case.version


def an_hour_ago():
    return timezone.now() - timedelta(hours=1)


# --- Opening and pupils ------------------------------------------------------------------------


def test_opening_a_case_is_audited_and_lands_on_each_pupils_chronology(case, cast):
    assert audit_actions(case) == ["cases.case_opened"]
    entries = ChronologyEntry.objects.filter(case=case, kind="case_opened")
    assert {e.pupil_id for e in entries} == {cast.pupil.pk, cast.pupil2.pk}
    assert CaseEvent.objects.filter(case=case, kind="case_opened").count() == 1


def test_adding_a_pupil_from_another_school_is_refused(case, cast):
    with pytest.raises(CaseError):
        add_pupil_to_case(actor=cast.dsl, case=case, pupil=cast.pupil_at_school2, role="sender")


# --- The initial review ------------------------------------------------------------------------


def test_an_all_clear_review_stores_facts_and_assessment_and_is_audited(case, cast):
    stored = review(case, cast.dsl)
    assert stored.facts["people"][0] == {
        "roles": ["pictured"],
        "age": 14,
        "age_in_image": None,
        "is_pupil": True,
        "send": False,
        "works_with_children": None,
    }
    assert stored.assessment["manage_in_school_allowed"] is True
    assert stored.pupil_ids == [str(cast.pupil.pk), str(cast.pupil2.pk)]
    assert audit_actions(case)[-1] == "cases.review_recorded"
    assert ChronologyEntry.objects.filter(case=case, kind="review_recorded").count() == 2


def test_a_review_that_meets_a_criterion_alerts_the_team_but_not_the_dsl_who_recorded_it(
    case, cast, sent
):
    stored = review(case, cast.dsl, risk={"suicidal_or_self_harming": True})
    assert stored.new_criteria == ["IMMEDIATE_RISK_OF_HARM"]
    assert audit_actions(case)[-2:] == ["cases.review_recorded", "cases.criterion_met"]
    assert sent.recipients(notifications.CRITERION_MET) == {cast.deputy.pk, cast.head.pk}
    assert load_records(case).requirement.outstanding


def test_a_new_review_supersedes_the_old_and_both_are_kept(reviewed, cast):
    first = InitialReview.objects.get(case=reviewed)
    second = review(reviewed, cast.deputy, content={"violence": True})
    assert second.supersedes == first
    assert InitialReview.objects.filter(case=reviewed).count() == 2
    assert second.new_criteria == ["UNUSUAL_OR_VIOLENT_ACTS"]


def test_reviews_are_never_rewritten(reviewed):
    stored = InitialReview.objects.get(case=reviewed)
    stored.answers = {"tell_parents": "no"}
    with pytest.raises(RecordIsFinal):
        stored.save()
    with pytest.raises(RecordIsFinal):
        InitialReview.objects.filter(pk=stored.pk).update(answers={})


def test_other_people_join_the_facts_and_their_descriptions_stay_encrypted(case, cast):
    stored = record_initial_review(
        actor=cast.dsl,
        case=case,
        expected_version=v(case),
        review=ReviewInput(
            sections=sections(circumstances={"online_contact_unverified": True}),
            others=[OtherPerson(roles="requester", age=None, description="Online contact")],
        ),
    )
    assert stored.facts["people"][2] == {
        "roles": ["requester"],
        "age": None,
        "age_in_image": None,
        "is_pupil": None,
        "send": None,
        "works_with_children": None,
    }
    assert "people[2].age" in stored.assessment["unanswered"]
    raw = InitialReview.objects.filter(pk=stored.pk).values_list("narrative", flat=True).get().token
    assert "Online contact" not in raw


def test_the_review_can_change_a_pupils_role(case, cast):
    record_initial_review(
        actor=cast.dsl,
        case=case,
        expected_version=v(case),
        review=ReviewInput(
            sections=sections(), roles={cast.pupil2.pk: PupilParts([PupilRole.SHARER])}
        ),
    )
    assert case.case_pupils.get(pupil=cast.pupil2).roles == [PupilRole.SHARER]


def test_a_stale_review_is_refused_and_nothing_is_saved(reviewed, cast):
    stale = reviewed.version
    review(reviewed, cast.deputy)
    with pytest.raises(StaleCase):
        record_initial_review(
            actor=cast.dsl, case=reviewed, expected_version=stale, review=ReviewInput()
        )
    assert InitialReview.objects.filter(case=reviewed).count() == 2


def test_adding_an_adult_later_reassesses_and_puts_referral_required_back(reviewed, cast, sent):
    from conftest import make_pupil

    sixth_former = make_pupil(
        cast.school,
        "D123456789012",
        "Jo",
        "Older",
        date_of_birth=timezone.localdate().replace(year=timezone.localdate().year - 19),
    )
    add_pupil_to_case(actor=cast.deputy, case=reviewed, pupil=sixth_former, role=PupilRole.SENDER)
    latest = load_records(reviewed).review
    assert latest.kind == ReviewKind.REASSESSMENT
    assert latest.new_criteria == ["ADULT_INVOLVED"]
    assert audit_actions(reviewed)[-3:] == [
        "cases.pupil_added",
        "cases.reassessed",
        "cases.criterion_met",
    ]
    assert load_records(reviewed).requirement.outstanding
    assert cast.dsl.pk in sent.recipients(notifications.CRITERION_MET)


def test_reassessing_with_nothing_new_stores_nothing(reviewed, cast):
    assert reassess_case(actor=cast.dsl, case=reviewed) is None
    assert InitialReview.objects.filter(case=reviewed).count() == 1


# --- Decisions ---------------------------------------------------------------------------------


def test_a_decision_is_recorded_with_its_reasons_and_audited(reviewed, cast):
    decision = record_decision(
        actor=cast.dsl,
        case=reviewed,
        expected_version=v(reviewed),
        type=DecisionType.CONTACT_OTHER_SCHOOL,
        decided="Tell the DSL at the college",
        rationale="The image reached a pupil there",
    )
    assert last_event(reviewed).action == "cases.decision_recorded"
    assert last_event(reviewed).data["type"] == "contact_other_school"
    raw = Decision.objects.filter(pk=decision.pk).values_list("rationale", flat=True).get().token
    assert "college" not in raw


def test_decisions_are_never_edited_but_a_later_one_supersedes_and_both_stay(reviewed, cast):
    first = record_decision(
        actor=cast.dsl,
        case=reviewed,
        expected_version=v(reviewed),
        type=DecisionType.OTHER,
        decided="Wait",
        rationale="Because",
    )
    first.rationale = "Rewritten"
    with pytest.raises(RecordIsFinal):
        first.save()
    with pytest.raises(RecordIsFinal):
        Decision.objects.filter(pk=first.pk).update(rationale="x")
    second = record_decision(
        actor=cast.dsl,
        case=reviewed,
        expected_version=v(reviewed),
        type=DecisionType.OTHER,
        decided="Act",
        rationale="New facts",
        supersedes=first,
    )
    assert second.supersedes == first
    assert [d.pk for d in load_records(reviewed).current_decisions()] == [second.pk]
    with pytest.raises(CaseError, match="already been replaced"):
        record_decision(
            actor=cast.dsl,
            case=reviewed,
            expected_version=v(reviewed),
            type=DecisionType.OTHER,
            decided="Again",
            rationale="Again",
            supersedes=first,
        )


def test_a_decision_needs_its_reasons(reviewed, cast):
    with pytest.raises(CaseError, match="reasons"):
        record_decision(
            actor=cast.dsl,
            case=reviewed,
            expected_version=v(reviewed),
            type=DecisionType.OTHER,
            decided="Wait",
            rationale="  ",
        )


def test_guided_decisions_are_refused_by_the_general_form(reviewed, cast):
    with pytest.raises(CaseError, match="own page"):
        record_decision(
            actor=cast.dsl,
            case=reviewed,
            expected_version=v(reviewed),
            type=DecisionType.MANAGE_IN_SCHOOL,
            decided="x",
            rationale="y",
        )


def test_managing_in_school_asks_the_head_who_agrees(reviewed, cast, sent):
    decision = decide_manage_in_school(
        actor=cast.dsl,
        case=reviewed,
        expected_version=v(reviewed),
        decided="Manage in school with pastoral support",
        rationale="Consensual, same age, no criteria",
    )
    assert decision.head_agreement == HeadAgreement.PENDING
    assert sent.recipients(notifications.HEAD_AGREEMENT_REQUESTED) == {cast.head.pk}
    assert load_records(reviewed).managed_in_school is None
    record_head_agreement(
        actor=cast.head, decision=decision, expected_version=v(reviewed), agreed=True, comment=""
    )
    assert last_event(reviewed).action == "cases.head_agreed"
    assert load_records(reviewed).managed_in_school == decision
    assert sent.recipients(notifications.HEAD_ANSWERED) == {cast.dsl.pk}


def test_managing_in_school_is_refused_with_the_blockers_when_a_criterion_is_met(case, cast):
    review(case, cast.dsl, circumstances={"pressure_or_coercion": True, "grooming_suspected": None})
    with pytest.raises(CaseBlocked) as refused:
        decide_manage_in_school(
            actor=cast.dsl, case=case, expected_version=v(case), decided="x", rationale="y"
        )
    assert refused.value.blockers == [
        "A criterion for immediate referral is met (Coercion, blackmail, grooming or capacity"
        " to consent): refer instead."
    ]


def test_managing_in_school_needs_an_initial_review(case, cast):
    with pytest.raises(CaseBlocked, match="initial review"):
        decide_manage_in_school(
            actor=cast.dsl, case=case, expected_version=v(case), decided="x", rationale="y"
        )


def test_only_the_head_may_answer_and_a_decline_needs_a_comment(reviewed, cast):
    decision = decide_manage_in_school(
        actor=cast.dsl, case=reviewed, expected_version=v(reviewed), decided="x", rationale="y"
    )
    with pytest.raises(CaseError, match="Only the headteacher"):
        record_head_agreement(
            actor=cast.deputy,
            decision=decision,
            expected_version=v(reviewed),
            agreed=True,
            comment="",
        )
    with pytest.raises(CaseError, match="why"):
        record_head_agreement(
            actor=cast.head,
            decision=decision,
            expected_version=v(reviewed),
            agreed=False,
            comment="",
        )
    record_head_agreement(
        actor=cast.head,
        decision=decision,
        expected_version=v(reviewed),
        agreed=False,
        comment="Refer first",
    )
    assert last_event(reviewed).action == "cases.head_declined"
    with pytest.raises(CaseError, match="already been answered"):
        record_head_agreement(
            actor=cast.head,
            decision=decision,
            expected_version=v(reviewed),
            agreed=True,
            comment="",
        )


def test_the_head_cannot_agree_once_new_facts_meet_a_criterion(reviewed, cast):
    decision = decide_manage_in_school(
        actor=cast.dsl, case=reviewed, expected_version=v(reviewed), decided="x", rationale="y"
    )
    review(reviewed, cast.dsl, risk={"immediate_danger": True})
    with pytest.raises(CaseBlocked):
        record_head_agreement(
            actor=cast.head,
            decision=decision,
            expected_version=v(reviewed),
            agreed=True,
            comment="",
        )


# --- Parents and carers ------------------------------------------------------------------------


def test_parents_told_records_who_when_how(reviewed, cast):
    record_parents_told(
        actor=cast.dsl,
        case=reviewed,
        expected_version=v(reviewed),
        pupil=cast.pupil,
        who="Mother",
        told_at=an_hour_ago(),
        method=ContactMethod.PHONE,
    )
    event = last_event(reviewed)
    assert event.action == "cases.parents_told"
    assert event.pupil_id == cast.pupil.pk
    assert load_records(reviewed).pupils_parents_settled() == {cast.pupil.pk}


def test_not_telling_parents_needs_the_risk_and_the_agencys_agreement(reviewed, cast):
    with pytest.raises(CaseError, match="social care or the police"):
        record_parents_not_told(
            actor=cast.dsl,
            case=reviewed,
            expected_version=v(reviewed),
            pupil=cast.pupil2,
            risk_reason="Risk of harm at home",
            agreed_with=AgreedWith.NONE,
            agreed_with_detail="",
        )
    with pytest.raises(CaseError, match="at risk"):
        record_parents_not_told(
            actor=cast.dsl,
            case=reviewed,
            expected_version=v(reviewed),
            pupil=cast.pupil2,
            risk_reason="",
            agreed_with=AgreedWith.CSC,
            agreed_with_detail="MASH duty social worker",
        )
    decision = record_parents_not_told(
        actor=cast.dsl,
        case=reviewed,
        expected_version=v(reviewed),
        pupil=cast.pupil2,
        risk_reason="Risk of harm at home",
        agreed_with=AgreedWith.CSC,
        agreed_with_detail="MASH duty social worker, 10am",
    )
    assert decision.type == DecisionType.DO_NOT_INFORM_PARENTS
    assert last_event(reviewed).data["type"] == "do_not_inform_parents"


# --- Viewing imagery ---------------------------------------------------------------------------


def test_viewing_needs_the_heads_authorisation_a_witness_and_school_premises(reviewed, cast):
    viewing = request_imagery_viewing(
        actor=cast.dsl,
        case=reviewed,
        expected_version=v(reviewed),
        reason=ViewingReason.DECIDE_AGENCIES,
        rationale="Only way to judge",
    )
    with pytest.raises(CaseBlocked) as refused:
        record_imagery_viewing(
            actor=cast.dsl,
            viewing=viewing,
            expected_version=v(reviewed),
            viewed_by=cast.dsl,
            present=cast.dsl,
            on_school_premises=False,
            viewed_at=an_hour_ago(),
            what_followed="Referred",
        )
    assert refused.value.blockers == [
        "The headteacher must authorise viewing first.",
        "Another member of staff must have been present.",
        "Viewing must happen on school premises.",
    ]
    record_head_agreement(
        actor=cast.head,
        decision=viewing.decision,
        expected_version=v(reviewed),
        agreed=True,
        comment="",
    )
    viewing.refresh_from_db()
    record_imagery_viewing(
        actor=cast.dsl,
        viewing=viewing,
        expected_version=v(reviewed),
        viewed_by=cast.dsl,
        present=cast.deputy,
        on_school_premises=True,
        viewed_at=timezone.now() - timedelta(minutes=5),
        what_followed="Referred to the police",
    )
    assert last_event(reviewed).action == "cases.imagery_viewed"


# --- Referrals ---------------------------------------------------------------------------------


def test_a_referral_answers_the_requirement_and_expects_acknowledgement_next_working_day(
    case, cast
):
    review(case, cast.dsl, risk={"suicidal_or_self_harming": True})
    friday = timezone.make_aware(timezone.datetime(2026, 11, 20, 15, 0))
    referral = record_referral(
        actor=cast.dsl,
        case=case,
        expected_version=v(case),
        agency=Agency.CSC,
        made_at=friday,
        method=ReferralMethod.PHONE,
        shared="Pupil said they want to die",
    )
    assert referral.acknowledgement_due.isoformat() == "2026-11-23"
    assert last_event(case).action == "cases.referral_recorded"
    assert not load_records(case).requirement.outstanding
    record_acknowledgement(
        actor=cast.dsl,
        referral=referral,
        expected_version=v(case),
        acknowledged_at=friday + timedelta(hours=2),
        reference_number="MASH-1234",
    )
    assert last_event(case).action == "cases.referral_acknowledged"
    record_referral_outcome(
        actor=cast.dsl,
        referral=referral,
        expected_version=v(case),
        outcome="Section 47",
        feedback="",
    )
    assert last_event(case).action == "cases.referral_outcome_recorded"


def test_a_referral_made_before_a_new_criterion_does_not_answer_it(reviewed, cast):
    record_referral(
        actor=cast.dsl,
        case=reviewed,
        expected_version=v(reviewed),
        agency=Agency.POLICE_101,
        made_at=an_hour_ago(),
        method=ReferralMethod.PHONE,
        shared="Facts",
    )
    review(reviewed, cast.dsl, risk={"suicidal_or_self_harming": True})
    # The referral came before the review that first met a criterion: it answers that one.
    assert not load_records(reviewed).requirement.outstanding
    review(reviewed, cast.dsl, risk={"suicidal_or_self_harming": True}, content={"violence": True})
    assert load_records(reviewed).requirement.outstanding


# An override counting once the head agrees, and what it may cover: test_overrides.py.


def test_an_override_is_refused_when_no_referral_is_outstanding(reviewed, cast):
    with pytest.raises(CaseError, match="No referral"):
        record_referral_override(
            actor=cast.dsl, case=reviewed, expected_version=v(reviewed), rationale="x"
        )


# --- Take-down and deleting --------------------------------------------------------------------


def test_take_down_help_is_recorded_per_pupil_with_its_outcome(reviewed, cast):
    help_ = record_takedown_help(
        actor=cast.dsl,
        case=reviewed,
        expected_version=v(reviewed),
        pupil=cast.pupil,
        route=TakedownRoute.REPORT_REMOVE,
        helped_to="Make a Report Remove report with Childline",
    )
    assert last_event(reviewed).action == "cases.takedown_help_offered"
    assert last_event(reviewed).pupil_id == cast.pupil.pk
    record_takedown_outcome(
        actor=cast.dsl,
        help=help_,
        expected_version=v(reviewed),
        outcome=TakedownOutcome.REPORTED,
    )
    assert last_event(reviewed).action == "cases.takedown_outcome_recorded"


def test_a_platform_report_names_the_platform(reviewed, cast):
    with pytest.raises(CaseError, match="platform"):
        record_takedown_help(
            actor=cast.dsl,
            case=reviewed,
            expected_version=v(reviewed),
            pupil=cast.pupil,
            route=TakedownRoute.PLATFORM,
            helped_to="Report the post",
        )


def test_deletion_is_asked_per_pupil_and_confirmed(reviewed, cast):
    asked = ask_to_delete(
        actor=cast.dsl,
        case=reviewed,
        expected_version=v(reviewed),
        pupils=[cast.pupil, cast.pupil2],
        deadline=timezone.localdate() + timedelta(days=2),
    )
    assert audit_actions(reviewed)[-2:] == ["cases.deletion_requested"] * 2
    confirm_deletion(actor=cast.dsl, request=asked[0], expected_version=v(reviewed))
    assert last_event(reviewed).action == "cases.deletion_confirmed"
    assert load_records(reviewed).progress().deletions_unconfirmed == 1


# --- Devices, actions, follow-up, typology ------------------------------------------------------


def test_a_device_is_logged_until_handed_to_the_police(reviewed, cast):
    device = record_confiscation(
        actor=cast.dsl,
        case=reviewed,
        expected_version=v(reviewed),
        pupil=cast.pupil2,
        description="Phone in a blue case",
        confiscated_at=an_hour_ago(),
        switched_off=True,
        stored_where="Head's safe",
        confiscated_by=cast.teacher,
    )
    assert last_event(reviewed).action == "cases.device_confiscated"
    assert load_records(reviewed).progress().devices_held == 1
    record_device_handover(
        actor=cast.dsl,
        device=device,
        expected_version=v(reviewed),
        custody=Custody.POLICE,
        handed_to="PC 123 Smith",
        handed_at=timezone.now() - timedelta(minutes=1),
    )
    assert last_event(reviewed).action == "cases.device_handed_over"
    assert load_records(reviewed).progress().devices_held == 0


def test_support_actions_are_done_or_cancelled_with_a_note(reviewed, cast):
    action = add_action(
        actor=cast.dsl,
        case=reviewed,
        expected_version=v(reviewed),
        description="Weekly check-in",
        owner=cast.deputy,
        due_on=timezone.localdate() + timedelta(days=7),
    )
    assert last_event(reviewed).action == "cases.action_added"
    with pytest.raises(CaseError, match="why"):
        close_action(
            actor=cast.dsl,
            action=action,
            expected_version=v(reviewed),
            status=ActionStatus.CANCELLED,
        )
    close_action(
        actor=cast.dsl, action=action, expected_version=v(reviewed), status=ActionStatus.DONE
    )
    assert last_event(reviewed).action == "cases.action_done"


def test_an_action_owner_must_be_staff_at_the_school(reviewed, cast):
    with pytest.raises(CaseError, match="member of staff"):
        add_action(
            actor=cast.dsl,
            case=reviewed,
            expected_version=v(reviewed),
            description="x",
            owner=cast.dsl2,
            due_on=timezone.localdate(),
        )


def test_follow_up_reviews_are_booked_and_held(reviewed, cast):
    booked = schedule_follow_up(
        actor=cast.dsl,
        case=reviewed,
        expected_version=v(reviewed),
        due_on=timezone.localdate() + timedelta(days=14),
    )
    assert last_event(reviewed).action == "cases.follow_up_booked"
    record_follow_up_held(
        actor=cast.dsl, review=booked, expected_version=v(reviewed), notes="Settled"
    )
    assert last_event(reviewed).action == "cases.follow_up_held"


def test_the_typology_is_recorded_for_reports(case, cast):
    review(case, cast.dsl, circumstances={"money_or_more_images_demanded": True})
    record_typology(
        actor=cast.dsl,
        case=case,
        expected_version=v(case),
        typology=Typology.AGGRAVATED_ADULT,
        ai_generated=False,
        sextortion=True,
    )
    assert last_event(case).data["typology"] == "aggravated_adult"


# --- Closing -----------------------------------------------------------------------------------


def test_closing_lists_every_blocker_in_words(case, cast):
    review(case, cast.dsl, risk={"suicidal_or_self_harming": True})
    add_action(
        actor=cast.dsl,
        case=case,
        expected_version=v(case),
        description="Counselling",
        owner=cast.deputy,
        due_on=timezone.localdate(),
    )
    with pytest.raises(CaseBlocked) as refused:
        close_case(actor=cast.dsl, case=case, expected_version=v(case), outcome="", rationale="")
    assert refused.value.blockers == [
        "Record the outcome.",
        "Record the reasons for closing.",
        "A referral is required (a child is at immediate risk of harm): record it, or an override"
        " the headteacher agrees to.",
        "Parents and carers: nothing recorded for 2 of 2 pupils. Record that they were told, or"
        " the decision not to tell them.",
        "1 support action is still open: mark each done or cancelled.",
        "Record the type of incident, for reports.",
    ]


def test_closing_and_reopening_are_audited_and_on_each_chronology(settled, cast):
    reviewed = settled
    close_case(
        actor=cast.dsl,
        case=reviewed,
        expected_version=v(reviewed),
        outcome="managed_in_school",
        rationale="Support worked",
    )
    reviewed.refresh_from_db()
    assert reviewed.status == CaseStatus.CLOSED
    assert last_event(reviewed).action == "cases.case_closed"
    with pytest.raises(CaseError, match="closed"):
        schedule_follow_up(
            actor=cast.dsl, case=reviewed, expected_version=v(reviewed), due_on=timezone.localdate()
        )
    with pytest.raises(CaseError, match="reason"):
        reopen_case(actor=cast.dsl, case=reviewed, expected_version=v(reviewed), reason="")
    reopen_case(actor=cast.dsl, case=reviewed, expected_version=v(reviewed), reason="New concern")
    assert last_event(reviewed).action == "cases.case_reopened"
    kinds = set(
        ChronologyEntry.objects.filter(case=reviewed, pupil=cast.pupil2).values_list(
            "kind", flat=True
        )
    )
    assert {"case_closed", "case_reopened", "review_recorded", "case_opened"} <= kinds
