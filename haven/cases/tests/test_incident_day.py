"""Ages are taken on the day it happened, not today (issue 12): the rules judge each part at the
age the pupil was then. Tried where it matters most: birthdays either side of the incident, a
pupil pictured and sending, facts that arrive late in a second concern, and no date at all."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from conftest import make_pupil
from haven.cases.models import PupilRole
from haven.cases.rules import Criterion
from haven.cases.services import PupilParts, ReviewInput, record_initial_review
from haven.cases.services.review import incident_day
from haven.cases.tests.facts import sections
from haven.concerns.services import add_concern_to_case, open_case_from_concern
from haven.concerns.tests.conftest import make_concern

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def born(years: int, days_after: int = 0) -> date:
    """A birthday that makes a pupil `years` old today, `days_after` days past that birthday
    (negative: the birthday is still to come, so they are `years - 1`)."""
    anniversary = TODAY.replace(year=TODAY.year - years)
    return anniversary - timedelta(days=days_after)


def case_from(cast, pupil, parts, *, occurred_on):
    concern = make_concern(cast, pupils=[(pupil, parts)], occurred_on=occurred_on)
    return open_case_from_concern(actor=cast.dsl, concern=concern, title="Image shared")


def review(case, cast, **changes):
    case.refresh_from_db()
    roles = changes.pop("roles", {})
    return record_initial_review(
        actor=cast.dsl,
        case=case,
        expected_version=case.version,
        review=ReviewInput(sections=sections(**changes), roles=roles),
    )


def test_a_pupil_of_18_today_who_sent_it_at_17_did_not_act_as_an_adult(cast):
    # 18 since 30 days ago; it happened 60 days ago, at 17.
    pupil = make_pupil(cast.school, "A100", "Ash", "Older", date_of_birth=born(18, 30))
    case = case_from(cast, pupil, PupilRole.SENDER, occurred_on=TODAY - timedelta(days=60))
    assert incident_day(case) == TODAY - timedelta(days=60)
    stored = review(case, cast)
    assert Criterion.ADULT_INVOLVED.value not in stored.criteria
    assert stored.facts["people"][0]["age"] == 17


def test_a_pupil_who_was_already_18_when_they_sent_it_is_an_adult_involved(cast):
    pupil = make_pupil(cast.school, "A101", "Bo", "Older", date_of_birth=born(18, 90))
    case = case_from(cast, pupil, PupilRole.SENDER, occurred_on=TODAY - timedelta(days=60))
    assert Criterion.ADULT_INVOLVED.value in review(case, cast).criteria


def test_a_pupil_of_13_today_pictured_and_sending_at_12_meets_under_13_with_no_age_given(cast):
    # The DSL leaves "age in the image" empty: the age then is used, not the age now.
    pupil = make_pupil(cast.school, "A102", "Cy", "Young", date_of_birth=born(13, 10))
    case = case_from(
        cast,
        pupil,
        [PupilRole.PICTURED, PupilRole.SENDER],
        occurred_on=TODAY - timedelta(days=40),
    )
    stored = review(case, cast, content={"sexual_acts": True})
    assert stored.criteria == [Criterion.UNDER_13_SEXUAL_ACTS.value]


def test_with_no_date_given_the_age_today_is_used(cast):
    pupil = make_pupil(cast.school, "A103", "Di", "Young", date_of_birth=born(13, 10))
    case = case_from(cast, pupil, [PupilRole.PICTURED], occurred_on=None)
    assert incident_day(case) == TODAY
    assert review(case, cast, content={"sexual_acts": True}).criteria == []


def test_an_age_in_the_image_given_at_the_review_still_wins(cast):
    pupil = make_pupil(cast.school, "A104", "Ed", "Young", date_of_birth=born(14, 100))
    case = case_from(cast, pupil, [PupilRole.PICTURED], occurred_on=TODAY - timedelta(days=30))
    stored = review(
        case,
        cast,
        content={"sexual_acts": True},
        roles={pupil.pk: PupilParts([PupilRole.PICTURED], 12)},
    )
    assert stored.criteria == [Criterion.UNDER_13_SEXUAL_ACTS.value]


def test_a_second_concern_saying_it_happened_earlier_changes_the_rules_answer(cast):
    # Reviewed on the first concern's date (13 by then): nothing met. A later concern says it
    # started before the 13th birthday: the case is reassessed and under-13 is met.
    pupil = make_pupil(cast.school, "A105", "Fi", "Young", date_of_birth=born(13, 20))
    case = case_from(cast, pupil, [PupilRole.PICTURED], occurred_on=TODAY - timedelta(days=5))
    assert review(case, cast, content={"sexual_acts": True}).criteria == []
    earlier = make_concern(
        cast,
        pupils=[(pupil, PupilRole.PICTURED)],
        occurred_on=TODAY - timedelta(days=45),
        narrative="It was first shared in the summer.",
    )
    add_concern_to_case(actor=cast.dsl, concern=earlier, case=case)
    latest = case.reviews.order_by("-recorded_at", "-pk").first()
    assert latest.criteria == [Criterion.UNDER_13_SEXUAL_ACTS.value]
