"""Closing settles everything (issue 12): each thing still due stops closing, in words, until it
is settled; and "close with work not finished" is a decision the headteacher agrees to, kept on
the case and each pupil's chronology. Through the real services, with their audit."""

from datetime import timedelta

import pytest
from django.utils import timezone

from haven.cases.models import (
    Agency,
    AgreedWith,
    CaseClosure,
    CaseOutcome,
    CaseStatus,
    Custody,
    DecisionType,
    HeadAgreement,
    ReferralMethod,
)
from haven.cases.rules import case_tasks
from haven.cases.selectors import load_records, pending_head_agreements
from haven.cases.services import (
    CaseBlocked,
    add_action,
    ask_to_close_unfinished,
    ask_to_delete,
    close_case,
    close_deletion_unconfirmed,
    confirm_deletion,
    decide_manage_in_school,
    record_acknowledgement,
    record_confiscation,
    record_device_handover,
    record_follow_up_held,
    record_head_agreement,
    record_parents_not_told,
    record_referral,
    record_referral_chase,
    schedule_follow_up,
)
from haven.cases.tests.conftest import audit_actions, last_event, review, settle
from haven.chronology.models import ChronologyEntry

pytestmark = pytest.mark.django_db


def v(case):
    case.refresh_from_db()
    return case.version


def close(case, actor):
    return close_case(
        actor=actor,
        case=case,
        expected_version=v(case),
        outcome=CaseOutcome.NO_FURTHER_ACTION,
        rationale="Everything is done.",
    )


def refused(case, actor) -> list[str]:
    with pytest.raises(CaseBlocked) as caught:
        close(case, actor)
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN
    return caught.value.blockers


def closure_task(case):
    tasks = case_tasks(load_records(case).progress())
    return next(task for task in tasks if task.key == "closure")


def hold_device(case, cast):
    return record_confiscation(
        actor=cast.dsl,
        case=case,
        expected_version=v(case),
        description="Black phone",
        confiscated_at=timezone.now() - timedelta(minutes=5),
        switched_off=True,
        stored_where="The safe",
        pupil=cast.pupil2,
    )


def refer(case, cast, agency=Agency.CSC):
    return record_referral(
        actor=cast.dsl,
        case=case,
        expected_version=v(case),
        agency=agency,
        made_at=timezone.now() - timedelta(hours=1),
        method=ReferralMethod.PHONE,
        shared="The facts as the young person gave them.",
    )


# --- Each blocker, and what settles it -----------------------------------------------------------


def test_a_settled_case_closes_and_the_task_list_said_ready(settled, cast):
    assert closure_task(settled).label == "Ready to close"
    closure = close(settled, cast.dsl)
    assert closure.unfinished == []
    assert closure.unfinished_decision is None


def test_straight_after_the_review_nothing_is_settled_and_closing_says_what(reviewed, cast):
    assert closure_task(reviewed).label == "Cannot close yet"
    assert refused(reviewed, cast.dsl) == [
        "Parents and carers: nothing recorded for 2 of 2 pupils. Record that they were told, or"
        " the decision not to tell them.",
        "Record the type of incident, for reports.",
    ]


def test_a_decision_waiting_for_the_head_stops_closing_and_stays_on_the_heads_list(settled, cast):
    decision = decide_manage_in_school(
        actor=cast.dsl, case=settled, expected_version=v(settled), decided="Manage", rationale="x"
    )
    assert refused(settled, cast.dsl) == [
        "A decision waits for the headteacher's agreement (Manage in school): the headteacher"
        " answers it first, or you replace it with another decision."
    ]
    assert closure_task(settled).label == "Cannot close yet"
    assert list(pending_head_agreements(cast.head)) == [decision]
    record_head_agreement(
        actor=cast.head, decision=decision, expected_version=v(settled), agreed=True, comment=""
    )
    close(settled, cast.dsl)


def test_a_required_referral_not_made_stops_closing(case, cast):
    review(case, cast.dsl, risk={"suicidal_or_self_harming": True})
    settle(case, cast.dsl)
    assert refused(case, cast.dsl) == [
        "A referral is required (a child is at immediate risk of harm): record it, or an"
        " override the headteacher agrees to."
    ]


def test_a_referral_neither_acknowledged_nor_chased_stops_closing_until_chased(settled, cast):
    referral = refer(settled, cast)
    assert refused(settled, cast.dsl) == [
        "A referral has not been acknowledged (Children's social care (MASH or front door)):"
        " record the acknowledgement, or that you chased it."
    ]
    record_referral_chase(
        actor=cast.dsl,
        referral=referral,
        expected_version=v(settled),
        chased_at=timezone.now(),
        note="Phoned the front door; they will call back.",
    )
    assert last_event(settled).action == "cases.referral_chased"
    close(settled, cast.dsl)


def test_an_acknowledged_referral_lets_the_case_close(settled, cast):
    referral = refer(settled, cast)
    record_acknowledgement(
        actor=cast.dsl,
        referral=referral,
        expected_version=v(settled),
        acknowledged_at=timezone.now(),
    )
    close(settled, cast.dsl)


def test_a_referral_to_another_school_does_not_need_acknowledging_to_close(settled, cast):
    refer(settled, cast, agency=Agency.OTHER_SCHOOL)
    close(settled, cast.dsl)


def test_a_device_still_held_stops_closing_until_it_is_handed_over(settled, cast):
    device = hold_device(settled, cast)
    assert refused(settled, cast.dsl) == [
        "1 device is still held in school: record who each went to (the police, the young"
        " person, a parent or carer)."
    ]
    record_device_handover(
        actor=cast.dsl,
        device=device,
        expected_version=v(settled),
        custody=Custody.POLICE,
        handed_to="PC Smith",
        handed_at=timezone.now(),
    )
    close(settled, cast.dsl)


def ask_both_to_delete(case, cast):
    return ask_to_delete(
        actor=cast.dsl,
        case=case,
        expected_version=v(case),
        pupils=[cast.pupil, cast.pupil2],
        deadline=timezone.localdate() + timedelta(days=2),
    )


def test_a_deletion_neither_confirmed_nor_closed_stops_closing(settled, cast):
    first, second = ask_both_to_delete(settled, cast)
    assert refused(settled, cast.dsl) == [
        "2 requests to delete the imagery neither confirmed nor closed with a reason."
    ]
    confirm_deletion(actor=cast.dsl, request=first, expected_version=v(settled))
    assert refused(settled, cast.dsl) == [
        "1 request to delete the imagery neither confirmed nor closed with a reason."
    ]
    close_deletion_unconfirmed(
        actor=cast.dsl,
        request=second,
        expected_version=v(settled),
        reason="The police took the phone that held it.",
    )
    assert last_event(settled).action == "cases.deletion_closed"
    close(settled, cast.dsl)


def test_a_deletion_closed_without_a_reason_is_refused(settled, cast):
    from haven.cases.services import CaseError

    (first, _) = ask_both_to_delete(settled, cast)
    with pytest.raises(CaseError, match="Say why"):
        close_deletion_unconfirmed(
            actor=cast.dsl, request=first, expected_version=v(settled), reason="  "
        )


def test_a_decision_not_to_tell_parents_settles_that_pupil(case, cast):
    review(case, cast.dsl)
    record_parents_not_told(
        actor=cast.dsl,
        case=case,
        expected_version=v(case),
        pupil=cast.pupil,
        risk_reason="Telling them would put her at risk.",
        agreed_with=AgreedWith.CSC,
        agreed_with_detail="The social worker, today.",
    )
    blockers = refused(case, cast.dsl)
    assert blockers[0] == (
        "Parents and carers: nothing recorded for 1 of 2 pupils. Record that they were told, or"
        " the decision not to tell them."
    )


def test_a_booked_follow_up_not_held_stops_closing(settled, cast):
    booked = schedule_follow_up(
        actor=cast.dsl, case=settled, expected_version=v(settled), due_on=timezone.localdate()
    )
    day = timezone.localdate()
    assert refused(settled, cast.dsl) == [
        f"A follow-up review booked for {day.day} {day:%B %Y} has not been held: record what it"
        " found."
    ]
    record_follow_up_held(
        actor=cast.dsl, review=booked, expected_version=v(settled), notes="All well."
    )
    close(settled, cast.dsl)


def test_an_open_support_action_stops_closing(settled, cast):
    add_action(
        actor=cast.dsl,
        case=settled,
        expected_version=v(settled),
        description="Check in weekly",
        owner=cast.deputy,
        due_on=timezone.localdate() + timedelta(days=7),
    )
    assert refused(settled, cast.dsl) == [
        "1 support action is still open: mark each done or cancelled."
    ]


# --- Closing with work not finished: a decision the head agrees to ------------------------------


def ask_unfinished(case, cast):
    return ask_to_close_unfinished(
        actor=cast.dsl,
        case=case,
        expected_version=v(case),
        rationale="The police keep the phone for months; nothing more for the school to do.",
    )


def test_closing_over_a_held_device_needs_the_heads_agreement_and_is_kept(settled, cast):
    hold_device(settled, cast)
    decision = ask_unfinished(settled, cast)
    assert decision.type == DecisionType.CLOSE_UNFINISHED
    assert decision.unfinished_when_decided == ["device"]
    assert decision.head_agreement == HeadAgreement.PENDING
    assert "A decision waits for the headteacher" in refused(settled, cast.dsl)[0]
    record_head_agreement(
        actor=cast.head, decision=decision, expected_version=v(settled), agreed=True, comment=""
    )
    assert closure_task(settled).label == "Close with work not finished"
    closure = close(settled, cast.dsl)
    assert closure.unfinished == ["device"]
    assert closure.unfinished_decision == decision
    assert last_event(settled).data["unfinished"] == ["device"]
    lines = ChronologyEntry.objects.filter(case=settled, pupil=cast.pupil, kind="case_closed")
    assert "with work not finished as the headteacher agreed" in lines.get().summary
    kinds = ChronologyEntry.objects.filter(case=settled, pupil=cast.pupil).values_list(
        "kind", flat=True
    )
    assert {"decision_recorded", "head_agreed"} <= set(kinds)
    assert "cases.decision_recorded" in audit_actions(settled)
    assert CaseClosure.objects.get(case=settled).unfinished_decision_id == decision.pk


def test_the_head_declining_leaves_the_case_unable_to_close(settled, cast):
    hold_device(settled, cast)
    decision = ask_unfinished(settled, cast)
    record_head_agreement(
        actor=cast.head,
        decision=decision,
        expected_version=v(settled),
        agreed=False,
        comment="Ask the police to collect it first.",
    )
    assert refused(settled, cast.dsl) == [
        "1 device is still held in school: record who each went to (the police, the young"
        " person, a parent or carer)."
    ]


def test_something_new_after_the_agreement_stops_closing_again(settled, cast):
    hold_device(settled, cast)
    decision = ask_unfinished(settled, cast)
    record_head_agreement(
        actor=cast.head, decision=decision, expected_version=v(settled), agreed=True, comment=""
    )
    schedule_follow_up(
        actor=cast.dsl, case=settled, expected_version=v(settled), due_on=timezone.localdate()
    )
    blockers = refused(settled, cast.dsl)
    assert len(blockers) == 1
    assert blockers[0].startswith("A follow-up review booked")


def test_the_head_cannot_agree_once_something_new_is_unsettled(settled, cast):
    hold_device(settled, cast)
    decision = ask_unfinished(settled, cast)
    ask_both_to_delete(settled, cast)
    with pytest.raises(CaseBlocked, match="new since this was asked for"):
        record_head_agreement(
            actor=cast.head, decision=decision, expected_version=v(settled), agreed=True, comment=""
        )


def test_a_required_referral_can_never_be_left_unfinished(case, cast):
    review(case, cast.dsl, risk={"suicidal_or_self_harming": True})
    settle(case, cast.dsl)
    with pytest.raises(CaseBlocked, match="cannot be left unfinished: A referral is required"):
        ask_unfinished(case, cast)


def test_a_decision_waiting_for_the_head_can_never_be_left_unfinished(settled, cast):
    hold_device(settled, cast)
    decide_manage_in_school(
        actor=cast.dsl, case=settled, expected_version=v(settled), decided="Manage", rationale="x"
    )
    with pytest.raises(CaseBlocked, match="cannot be left unfinished: A decision waits"):
        ask_unfinished(settled, cast)


def test_there_is_nothing_to_leave_unfinished_on_a_settled_case(settled, cast):
    with pytest.raises(CaseBlocked, match="Everything is settled"):
        ask_unfinished(settled, cast)


# --- The page ----------------------------------------------------------------------------------


def test_the_close_page_links_each_blocker_to_where_it_is_settled(client_for, settled, cast):
    hold_device(settled, cast)
    page = client_for(cast.dsl).get(f"/cases/{settled.pk}/close/").content.decode()
    assert "1 device is still held in school" in page
    assert f'href="/cases/{settled.pk}/devices/">Go to a device still held</a>' in page
    assert "Ask the headteacher to agree" in page


def test_asking_to_close_unfinished_from_the_page_records_the_decision(client_for, settled, cast):
    hold_device(settled, cast)
    response = client_for(cast.dsl).post(
        f"/cases/{settled.pk}/close/unfinished/",
        {"version": v(settled), "rationale": "The police keep the phone."},
    )
    assert response.status_code == 302
    decision = load_records(settled).current(DecisionType.CLOSE_UNFINISHED)
    assert decision.rationale == "The police keep the phone."
    detail = client_for(cast.dsl).get(f"/cases/{settled.pk}/").content.decode()
    assert 'data-testid="closed-unfinished"' in detail
    assert "The police keep the phone." in detail


def test_an_agreement_to_close_unfinished_is_used_once_a_reopened_case_needs_it_again(
    settled, cast
):
    from haven.cases.services import reopen_case

    hold_device(settled, cast)
    decision = ask_unfinished(settled, cast)
    record_head_agreement(
        actor=cast.head, decision=decision, expected_version=v(settled), agreed=True, comment=""
    )
    close(settled, cast.dsl)
    reopen_case(actor=cast.dsl, case=settled, expected_version=v(settled), reason="New concern")
    assert refused(settled, cast.dsl)[0].startswith("1 device is still held")


def test_the_head_answers_closing_unfinished_on_their_agreement_page(client_for, settled, cast):
    hold_device(settled, cast)
    decision = ask_unfinished(settled, cast)
    head = client_for(cast.head)
    assert decision in pending_head_agreements(cast.head)
    page = head.get(f"/cases/{settled.pk}/decisions/{decision.pk}/head/").content.decode()
    assert "To close the case with this not finished: a device still held." in page
    response = head.post(
        f"/cases/{settled.pk}/decisions/{decision.pk}/head/",
        {"version": v(settled), "agreed": "yes", "comment": ""},
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.head_agreement == HeadAgreement.AGREED
