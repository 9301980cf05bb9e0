"""Every page that shows a case is audited: the case's own pages, each recorded item's page, the
lists of cases, and a form drawn again after it was refused. The audit holds codes and ids only."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from haven.audit.models import AuditEvent
from haven.cases.models import Agency, ReferralMethod, ViewingReason
from haven.cases.services import (
    add_action,
    close_case,
    decide_manage_in_school,
    record_referral,
    request_imagery_viewing,
    schedule_follow_up,
)

pytestmark = pytest.mark.django_db

NARRATIVE = "WORDS-THAT-NEVER-GO-IN-THE-AUDIT"


def v(case):
    case.refresh_from_db()
    return case.version


def reads(case):
    """The read events about the case, oldest first."""
    return list(
        AuditEvent.objects.filter(action="cases.case_viewed", object_id=str(case.pk)).order_by(
            "sequence"
        )
    )


@pytest.fixture
def items(reviewed, cast):
    """One of each recorded item that has its own page, named by its URL's id."""
    referral = record_referral(
        actor=cast.dsl,
        case=reviewed,
        expected_version=v(reviewed),
        agency=Agency.CSC,
        made_at=timezone.now() - timedelta(hours=1),
        method=ReferralMethod.PHONE,
        shared=NARRATIVE,
    )
    action = add_action(
        actor=cast.dsl,
        case=reviewed,
        expected_version=v(reviewed),
        description=NARRATIVE,
        owner=cast.deputy,
        due_on=timezone.localdate(),
    )
    follow_up = schedule_follow_up(
        actor=cast.dsl, case=reviewed, expected_version=v(reviewed), due_on=timezone.localdate()
    )
    viewing = request_imagery_viewing(
        actor=cast.dsl,
        case=reviewed,
        expected_version=v(reviewed),
        reason=ViewingReason.DECIDE_AGENCIES,
        rationale=NARRATIVE,
    )
    return {
        "referral": ("referral_id", referral.pk),
        "support_action": ("action_id", action.pk),
        "follow_up_held": ("review_id", follow_up.pk),
        "record_viewing": ("viewing_id", viewing.pk),
    }


SECTIONS = [
    "detail",
    "review",
    "decisions",
    "manage_in_school",
    "parents",
    "imagery",
    "referrals",
    "takedown",
    "devices",
    "support",
    "typology",
    "close",
]


@pytest.mark.parametrize("section", SECTIONS)
def test_each_page_of_a_case_records_who_saw_it_and_which_page(client_for, cast, reviewed, section):
    response = client_for(cast.deputy).get(reverse(f"cases:{section}", args=[reviewed.pk]))
    assert response.status_code == 200
    [event] = reads(reviewed)
    assert event.actor_id == cast.deputy.pk
    assert event.school_id == cast.school.pk
    assert event.object_type == "cases.case"
    assert event.data == {"section": section}


@pytest.mark.parametrize("page", ["referral", "support_action", "follow_up_held", "record_viewing"])
def test_each_recorded_items_page_records_the_case_and_the_items_id(
    client_for, cast, reviewed, items, page
):
    name, pk = items[page]
    response = client_for(cast.dsl).get(reverse(f"cases:{page}", args=[reviewed.pk, pk]))
    assert response.status_code == 200
    assert reads(reviewed)[-1].data == {"section": page, name: str(pk)}


def test_the_heads_agreement_page_and_the_reopen_page_are_audited(client_for, cast, settled):
    reviewed = settled
    decision = decide_manage_in_school(
        actor=cast.dsl, case=reviewed, expected_version=v(reviewed), decided="x", rationale="y"
    )
    head = client_for(cast.head)
    head.get(reverse("cases:head_agreement", args=[reviewed.pk, decision.pk]))
    assert reads(reviewed)[-1].data == {
        "section": "head_agreement",
        "decision_id": str(decision.pk),
    }
    head.post(
        reverse("cases:head_agreement", args=[reviewed.pk, decision.pk]),
        {"version": v(reviewed), "agreed": "yes", "comment": ""},
    )
    close_case(
        actor=cast.dsl,
        case=reviewed,
        expected_version=v(reviewed),
        outcome="managed_in_school",
        rationale="Support worked",
    )
    assert head.get(reverse("cases:reopen", args=[reviewed.pk])).status_code == 200
    assert reads(reviewed)[-1].data == {"section": "reopen"}


def test_the_lists_of_cases_are_audited_without_naming_any_case(client_for, cast, reviewed):
    client_for(cast.head).get(reverse("cases:list"))
    client_for(cast.head).get(reverse("cases:agreements"))
    listed = AuditEvent.objects.filter(action="cases.case_list_viewed").order_by("sequence")
    assert [event.data for event in listed] == [{"section": "list"}, {"section": "agreements"}]
    assert {event.school_id for event in listed} == {cast.school.pk}
    assert {event.actor_id for event in listed} == {cast.head.pk}


def test_a_refused_form_drawn_again_is_audited_as_drawn_after_a_post(client_for, cast, reviewed):
    response = client_for(cast.dsl).post(
        reverse("cases:add_decision", args=[reviewed.pk]),
        {"decision-version": v(reviewed), "decision-type": "other", "decision-decided": ""},
    )
    assert response.status_code == 200
    assert reads(reviewed)[-1].data == {"section": "add_decision", "posted": True}


def test_a_refused_close_drawn_again_is_audited(client_for, cast, case):
    response = client_for(cast.dsl).post(
        reverse("cases:close", args=[case.pk]),
        {"version": v(case), "outcome": "no_further_action", "rationale": NARRATIVE},
    )
    assert NARRATIVE in response.content.decode()
    assert reads(case)[-1].data == {"section": "close", "posted": True}


def test_the_live_assessment_is_audited_because_it_names_the_pupils(client_for, cast, case):
    data = {"version": v(case), "others-TOTAL_FORMS": "0", "others-INITIAL_FORMS": "0"}
    client_for(cast.dsl).post(reverse("cases:review_assessment", args=[case.pk]), data)
    assert reads(case)[-1].data == {"section": "review_assessment", "posted": True}


def test_the_viewers_poll_is_not_audited(client_for, cast, reviewed):
    """It shows colleagues' names and whether the case changed: nothing of the case itself."""
    client_for(cast.dsl).post(reverse("cases:viewers", args=[reviewed.pk]), {"version": 1})
    assert reads(reviewed) == []


def test_reading_is_audited_with_ids_and_codes_never_the_words_recorded(
    client_for, cast, reviewed, items
):
    client = client_for(cast.dsl)
    for page, (_name, pk) in items.items():
        client.get(reverse(f"cases:{page}", args=[reviewed.pk, pk]))
    shown = "".join(
        client.get(reverse(f"cases:{section}", args=[reviewed.pk])).text
        for section in ("referrals", "support", "imagery", "decisions")
    )
    assert NARRATIVE in shown
    for event in reads(reviewed):
        assert NARRATIVE not in str(event.data)


def test_someone_off_the_team_is_refused_and_nothing_is_recorded_as_seen(
    client_for, cast, reviewed
):
    for who in ("teacher", "dsl2"):
        client = client_for(getattr(cast, who))
        assert client.get(reverse("cases:referrals", args=[reviewed.pk])).status_code == 404
    assert reads(reviewed) == []
