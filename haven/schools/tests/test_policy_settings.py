"""The school's safeguarding policy settings (issue 12): the DSL and the headteacher set them
together through the two-person agreement, every step audited; "we refer every case" then stops
the review offering managing in school and changes the public page's words."""

import dataclasses
from datetime import time

import pytest

from haven.agreements.services import AgreementRefused, agree, refuse
from haven.audit.models import AuditEvent
from haven.cases.models import PupilRole
from haven.cases.services import (
    CaseBlocked,
    PupilInCase,
    ReviewInput,
    decide_manage_in_school,
    open_case,
    record_initial_review,
)
from haven.cases.tests.facts import ALL_CLEAR
from haven.schools.policy import POLICY_CHANGE, ask_for_policy, policy_of

pytestmark = pytest.mark.django_db


def wanted(school, **changes):
    return dataclasses.replace(policy_of(school), **changes)


def actions(school) -> list[str]:
    return list(
        AuditEvent.objects.filter(school_id=school.pk, action__startswith="schools.policy")
        .order_by("sequence")
        .values_list("action", flat=True)
    )


def test_the_dsl_asks_and_the_head_agrees_and_the_policy_changes(cast):
    change = ask_for_policy(
        actor=cast.dsl,
        school=cast.school,
        policy=wanted(
            cast.school,
            refer_every_case=True,
            csc_front_door="Anytown MASH 01234 567890",
            police_contact="PC Patel, Safer Schools, 01234 111222",
            alert_escalation_minutes=15,
        ),
    )
    cast.school.refresh_from_db()
    assert cast.school.refer_every_case is False  # nothing changes until the head agrees
    agree(POLICY_CHANGE, actor=cast.head, agreement=change)
    cast.school.refresh_from_db()
    assert cast.school.refer_every_case is True
    assert cast.school.csc_front_door == "Anytown MASH 01234 567890"
    assert cast.school.alert_escalation_minutes == 15
    assert actions(cast.school) == [
        "schools.policy_change_requested",
        "schools.policy_change_agreed",
    ]
    agreed = AuditEvent.objects.get(action="schools.policy_change_agreed")
    assert agreed.data["fields"] == [
        "refer_every_case",
        "csc_front_door",
        "police_contact",
        "alert_escalation_minutes",
    ]
    assert "MASH" not in str(agreed.data)  # codes and field names only


def test_the_head_asks_and_the_dsl_agrees(cast):
    change = ask_for_policy(
        actor=cast.head, school=cast.school, policy=wanted(cast.school, refer_every_case=True)
    )
    agree(POLICY_CHANGE, actor=cast.dsl, agreement=change)
    cast.school.refresh_from_db()
    assert cast.school.refer_every_case is True


def test_nobody_agrees_to_their_own_policy_change(cast):
    change = ask_for_policy(
        actor=cast.dsl, school=cast.school, policy=wanted(cast.school, refer_every_case=True)
    )
    with pytest.raises(AgreementRefused, match="someone else must agree"):
        agree(POLICY_CHANGE, actor=cast.dsl, agreement=change)


@pytest.mark.parametrize("who", ["deputy", "teacher", "office"])
def test_only_the_dsl_and_the_head_take_part(cast, who):
    with pytest.raises(AgreementRefused, match="Only the DSL or the headteacher"):
        ask_for_policy(
            actor=getattr(cast, who),
            school=cast.school,
            policy=wanted(cast.school, refer_every_case=True),
        )


def test_a_change_that_changes_nothing_or_a_day_that_ends_first_is_refused(cast):
    with pytest.raises(AgreementRefused, match="nothing would change"):
        ask_for_policy(actor=cast.dsl, school=cast.school, policy=wanted(cast.school))
    with pytest.raises(AgreementRefused, match="end after it starts"):
        ask_for_policy(
            actor=cast.dsl,
            school=cast.school,
            policy=wanted(cast.school, school_day_starts=time(15), school_day_ends=time(9)),
        )


def test_a_refused_change_changes_nothing_and_is_audited(cast):
    change = ask_for_policy(
        actor=cast.dsl, school=cast.school, policy=wanted(cast.school, refer_every_case=True)
    )
    refuse(POLICY_CHANGE, actor=cast.head, agreement=change)
    cast.school.refresh_from_db()
    assert cast.school.refer_every_case is False
    assert actions(cast.school)[-1] == "schools.policy_change_refused"


def refer_every_case(cast):
    change = ask_for_policy(
        actor=cast.dsl, school=cast.school, policy=wanted(cast.school, refer_every_case=True)
    )
    agree(POLICY_CHANGE, actor=cast.head, agreement=change)


def reviewed_case(cast):
    case = open_case(
        actor=cast.dsl,
        school=cast.school,
        title="Two pupils",
        pupils=[PupilInCase(cast.pupil, PupilRole.PICTURED)],
    )
    record_initial_review(
        actor=cast.dsl, case=case, expected_version=1, review=ReviewInput(sections=ALL_CLEAR)
    )
    case.refresh_from_db()
    return case


def test_where_the_school_refers_every_case_managing_in_school_is_never_offered(cast, client_for):
    refer_every_case(cast)
    case = reviewed_case(cast)
    with pytest.raises(CaseBlocked, match="refers every case"):
        decide_manage_in_school(
            actor=cast.dsl, case=case, expected_version=case.version, decided="x", rationale="y"
        )
    page = client_for(cast.dsl).get(f"/cases/{case.pk}/review/").content.decode()
    assert "Your school refers every case to children&#x27;s social care" in page
    assert "You may decide to manage this in school" not in page


def test_the_public_page_says_almost_every_case_is_referred_once_that_is_the_policy(cast, client):
    url = f"/s/{cast.school.slug}/parents/"
    assert "If a child may be at risk of harm" in client.get(url).content.decode()
    refer_every_case(cast)
    page = client.get(url).content.decode()
    assert "In almost all cases" in page
    assert "results in a referral to children's social care" in page


def test_the_policy_page_is_for_the_dsl_and_head_only(cast, client_for):
    url = f"/school/{cast.school.slug}/safeguarding-policy/"
    assert client_for(cast.dsl).get(url).status_code == 200
    assert client_for(cast.head).get(url).status_code == 200
    assert client_for(cast.deputy).get(url).status_code == 404
    assert client_for(cast.office).get(url).status_code == 404


def test_asking_on_the_page_then_agreeing_on_the_page(cast, client_for):
    url = f"/school/{cast.school.slug}/safeguarding-policy/"
    data = {
        "refer_every_case": "yes",
        "csc_front_door": "Anytown MASH",
        "police_contact": "",
        "alert_escalation_minutes": "30",
        "school_day_starts": "08:00",
        "school_day_ends": "17:00",
    }
    response = client_for(cast.dsl).post(url + "ask/", data)
    assert response.status_code == 302
    change = POLICY_CHANGE.model.objects.get()
    response = client_for(cast.head).post(url + f"{change.pk}/agree/")
    assert response.status_code == 302
    cast.school.refresh_from_db()
    assert (cast.school.refer_every_case, cast.school.csc_front_door) == (True, "Anytown MASH")
