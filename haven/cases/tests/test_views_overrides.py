"""The pages for overrides, the head's agreement and take-down help say what the rules allow:
no override with an adult involved, nobody answers their own decision, the age in the image."""

import pytest
from django.urls import reverse

from haven.cases.models import AgeInImage, TakedownHelp, TakedownRoute
from haven.cases.services import (
    OtherPerson,
    ReviewInput,
    decide_manage_in_school,
    record_initial_review,
)
from haven.cases.tests.conftest import review, sections
from haven.schools.models import Role
from haven.schools.services import add_staff_member

pytestmark = pytest.mark.django_db


def url(name, case, *args):
    return reverse(f"cases:{name}", args=[case.pk, *args])


def v(case):
    case.refresh_from_db()
    return case.version


def test_the_referrals_page_offers_an_override_only_where_the_guidance_allows(
    client_for, cast, case
):
    review(case, cast.dsl, circumstances={"pressure_or_coercion": True})
    page = client_for(cast.dsl).get(url("referrals", case)).content.decode()
    assert "Ask the headteacher to agree" in page
    record_initial_review(
        actor=cast.dsl,
        case=case,
        expected_version=v(case),
        review=ReviewInput(
            sections=sections(circumstances={"pressure_or_coercion": True}),
            others=[OtherPerson(roles="requester", age=25)],
        ),
    )
    page = client_for(cast.dsl).get(url("referrals", case)).content.decode()
    assert "Ask the headteacher to agree" not in page
    assert "an adult is involved, so the police must be told" in page


def test_a_head_is_told_another_head_must_answer_their_own_decision(client_for, cast, reviewed):
    head = add_staff_member(
        actor=None, school=cast.school, email=cast.head.email, full_name="x", roles=[Role.DSL]
    )
    add_staff_member(
        actor=None,
        school=cast.school,
        email="h2@elm.test",
        full_name="Kofi",
        roles=[Role.HEADTEACHER],
    )
    decision = decide_manage_in_school(
        actor=head, case=reviewed, expected_version=v(reviewed), decided="x", rationale="y"
    )
    page = client_for(cast.head).get(url("head_agreement", reviewed, decision.pk)).content.decode()
    assert 'data-testid="own-decision"' in page
    assert "Send your answer" not in page


def test_the_manage_in_school_page_says_when_no_other_head_can_agree(client_for, cast, reviewed):
    add_staff_member(
        actor=None, school=cast.school, email=cast.head.email, full_name="x", roles=[Role.DSL]
    )
    page = client_for(cast.head).get(url("manage_in_school", reviewed)).content.decode()
    assert "There is no other headteacher at this school to agree" in page


def test_take_down_help_records_the_age_in_the_image_and_stop_ncii_needs_18_or_over(
    client_for, cast, reviewed
):
    client = client_for(cast.dsl)
    data = {
        "takedown-version": v(reviewed),
        "takedown-pupil": str(cast.pupil.pk),
        "takedown-route": TakedownRoute.STOP_NCII,
        "takedown-age_in_image": AgeInImage.NOT_KNOWN,
        "takedown-helped_to": "Use StopNCII",
    }
    refused = client.post(url("add_takedown", reviewed), data).content.decode()
    assert "StopNCII is only for images of someone 18 or over" in refused
    data.update({"takedown-age_in_image": AgeInImage.ADULT, "takedown-version": v(reviewed)})
    assert client.post(url("add_takedown", reviewed), data).status_code == 302
    assert TakedownHelp.objects.get().age_in_image == AgeInImage.ADULT
    page = client.get(url("takedown", reviewed)).content.decode()
    assert "Under 18 in the image" in page
