"""Helpers for the curriculum's tests: a PSHE lead at the cast's school, a small plan, incidents."""

import pytest

from conftest import Cast, make_user
from haven.cases.models import Case, PupilRole
from haven.cases.services import PupilInCase, open_case
from haven.curriculum import services
from haven.curriculum.models import Lesson
from haven.curriculum.rules import Topic
from haven.schools.models import Pupil, Role


@pytest.fixture
def pshe_lead(cast: Cast):
    return make_user(cast.school, "pshe@elm.test", "Priya Pshe", Role.PSHE_LEAD)


def a_lesson(cast: Cast, *topics: Topic, title: str = "Nudes: what the law says") -> Lesson:
    programme = services.save_programme(actor=None, school=cast.school, name="World & You")
    unit = services.add_unit(actor=None, programme=programme, title="Online life")
    return services.add_lesson(
        actor=None,
        unit=unit,
        title=title,
        topics=[t.value for t in topics] or [Topic.SHARING_NUDES.value],
        summary="What to do if someone asks for a nude picture.",
    )


def incidents(cast: Cast, pupil: Pupil, count: int) -> list[Case]:
    return [
        open_case(
            actor=cast.dsl,
            school=cast.school,
            title=f"Incident {n}",
            pupils=[PupilInCase(pupil, PupilRole.SENDER)],
        )
        for n in range(count)
    ]
