"""The initial review with people in several parts, the age in the image, and the sextortion and
typology flags asked at the review (issue 12). Through the real services, with their audit."""

import pytest
from django.utils import timezone

from haven.cases.models import CasePupil, PupilRole, Typology
from haven.cases.selectors import load_records
from haven.cases.services import (
    CaseBlocked,
    CaseError,
    OtherPerson,
    PupilParts,
    ReviewInput,
    decide_manage_in_school,
    record_initial_review,
    record_referral_override,
)
from haven.cases.tests.conftest import audit_actions, sections

pytestmark = pytest.mark.django_db


def v(case):
    case.refresh_from_db()
    return case.version


def record(case, actor, **kwargs):
    return record_initial_review(
        actor=actor, case=case, expected_version=v(case), review=ReviewInput(**kwargs)
    )


def test_a_pupil_pictured_at_12_and_now_13_meets_under_13_through_the_review(case, cast):
    age_now = cast.pupil.age_on(timezone.localdate())
    stored = record(
        case,
        cast.dsl,
        sections=sections(content={"sexual_acts": True}),
        roles={cast.pupil.pk: PupilParts([PupilRole.PICTURED, PupilRole.SENDER], 12)},
    )
    assert age_now > 12  # the cast's pupil is older now than in the image
    person = stored.facts["people"][0]
    assert (person["roles"], person["age_in_image"]) == (["pictured", "sender"], 12)
    assert stored.criteria == ["UNDER_13_SEXUAL_ACTS"]
    link = CasePupil.objects.get(case=case, pupil=cast.pupil)
    assert (link.roles, link.age_in_image) == (["pictured", "sender"], 12)


def test_an_age_in_the_image_equal_to_today_is_kept_as_today(case, cast):
    today = cast.pupil.age_on(timezone.localdate())
    record(
        case, cast.dsl, sections=sections(), roles={cast.pupil.pk: PupilParts(["pictured"], today)}
    )
    assert CasePupil.objects.get(case=case, pupil=cast.pupil).age_in_image is None


def test_an_age_in_the_image_above_the_age_today_is_refused_naming_the_pupil(case, cast):
    today = cast.pupil.age_on(timezone.localdate())
    with pytest.raises(CaseError, match=cast.pupil.display_name):
        record(
            case,
            cast.dsl,
            sections=sections(),
            roles={cast.pupil.pk: PupilParts(["pictured"], today + 1)},
        )


def test_sextortion_at_the_review_needs_the_threat_or_demand_answered(case, cast):
    with pytest.raises(CaseError, match="You said this is sextortion"):
        record(case, cast.dsl, sections=sections(), sextortion=True)
    assert not case.reviews.exists()


def test_sextortion_and_typology_at_the_review_are_recorded_on_the_case_and_audited(case, cast):
    record(
        case,
        cast.dsl,
        sections=sections(circumstances={"money_or_more_images_demanded": True}),
        sextortion=True,
        typology=Typology.AGGRAVATED_INTENT,
    )
    case.refresh_from_db()
    assert (case.sextortion, case.typology) == (True, Typology.AGGRAVATED_INTENT)
    assert "cases.typology_recorded" in audit_actions(case)


def test_sextortion_cannot_be_overridden_even_by_a_head(case, cast):
    record(
        case,
        cast.dsl,
        sections=sections(circumstances={"threats_or_blackmail": True}),
        others=[OtherPerson(roles=["requester"], age=None, description="Online")],
    )
    with pytest.raises(CaseBlocked, match="sextortion"):
        record_referral_override(
            actor=cast.dsl, case=case, expected_version=v(case), rationale="Known to us."
        )


def test_an_adult_who_works_with_children_of_no_age_cannot_be_overridden(case, cast):
    record(
        case,
        cast.dsl,
        sections=sections(circumstances={"pressure_or_coercion": True}),
        others=[OtherPerson(roles=["requester"], age=None, works_with_children=True)],
    )
    assert load_records(case).override_refused == ("people.works_with_children",)
    with pytest.raises(CaseBlocked, match="LADO"):
        record_referral_override(
            actor=cast.dsl, case=case, expected_version=v(case), rationale="A misunderstanding."
        )


def test_an_unverified_contact_claiming_16_stops_managing_in_school(case, cast):
    record(
        case,
        cast.dsl,
        sections=sections(circumstances={"online_contact_unverified": True}),
        others=[OtherPerson(roles=["requester", "recipient"], age=16, is_pupil=False)],
    )
    with pytest.raises(CaseBlocked, match="online contact is not verified"):
        decide_manage_in_school(
            actor=cast.dsl, case=case, expected_version=v(case), decided="Manage", rationale="x"
        )


def test_the_review_page_asks_each_pupils_parts_the_age_in_the_image_and_the_flags(
    client_for, cast, case
):
    page = client_for(cast.dsl).get(f"/cases/{case.pk}/review/").content.decode()
    assert f"What part did {cast.pupil.display_name} have?" in page
    assert f'name="role_{cast.pupil.pk.hex}"' in page
    assert 'value="taker"' in page
    assert f"If {cast.pupil.display_name} is in it: how old were they when it was made?" in page
    assert "Is this sextortion?" in page
    assert "What type of incident is it?" in page


def test_sextortion_at_closing_needs_the_review_to_show_the_threat_or_demand(reviewed, cast):
    from haven.cases.services import record_typology

    with pytest.raises(CaseError, match="first update the initial review"):
        record_typology(
            actor=cast.dsl,
            case=reviewed,
            expected_version=v(reviewed),
            typology=Typology.AGGRAVATED_ADULT,
            ai_generated=False,
            sextortion=True,
        )


def test_an_age_in_the_image_for_a_pupil_not_pictured_is_refused_not_dropped(case, cast):
    with pytest.raises(CaseError, match='tick "Pictured in it" too'):
        record(
            case,
            cast.dsl,
            sections=sections(),
            roles={cast.pupil2.pk: PupilParts(["sender"], 12)},
        )


def test_no_part_ticked_for_a_pupil_means_not_known_yet(case, cast):
    record(case, cast.dsl, sections=sections(), roles={cast.pupil2.pk: PupilParts([])})
    assert CasePupil.objects.get(case=case, pupil=cast.pupil2).roles == ["unknown"]
