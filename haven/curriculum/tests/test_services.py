"""Planning, delivery, responsive sessions and the picture beside incidents, by the services."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from haven.audit.models import AuditEvent
from haven.curriculum import selectors, services
from haven.curriculum.models import PlannedLesson
from haven.curriculum.rules import Term, Topic, school_year_of, term_of
from haven.curriculum.services import CurriculumRefused
from haven.curriculum.tests.conftest import a_lesson, incidents

pytestmark = pytest.mark.django_db


def plan(cast, pshe_lead, lesson, **extra) -> PlannedLesson:
    today = timezone.localdate()
    return services.plan_lesson(
        actor=pshe_lead,
        school=cast.school,
        lesson=lesson,
        year_group=cast.pupil.year_group,
        school_year=school_year_of(today),
        term=term_of(today).term,
        **extra,
    )


def deliver(plan_row, actor, day=None) -> PlannedLesson:
    today = timezone.localdate()
    return services.record_delivery(
        actor=actor, plan=plan_row, delivered_on=day or today, today=today
    )


def year_of(picture, cast):
    (year,) = [y for y in picture.years if y.year_group == cast.pupil.year_group]
    return year


def test_the_pshe_lead_plans_a_lesson_and_the_plan_is_audited(cast, pshe_lead):
    planned = plan(cast, pshe_lead, a_lesson(cast), week=3, class_name="9R")
    event = AuditEvent.objects.get(action="curriculum.lesson_planned")
    assert (event.actor, event.school, event.object_id) == (pshe_lead, cast.school, str(planned.pk))
    assert planned.delivered_on is None
    assert planned.planned_by == pshe_lead


def test_recording_delivery_keeps_the_day_and_who_taught_it(cast, pshe_lead):
    delivered = deliver(plan(cast, pshe_lead, a_lesson(cast)), pshe_lead)
    assert delivered.delivered_on == timezone.localdate()
    assert delivered.delivered_by == pshe_lead
    assert AuditEvent.objects.filter(action="curriculum.lesson_delivered").count() == 1


def test_a_delivery_day_in_the_future_is_refused(cast, pshe_lead):
    planned = plan(cast, pshe_lead, a_lesson(cast))
    with pytest.raises(CurriculumRefused, match="future"):
        deliver(planned, pshe_lead, timezone.localdate() + timedelta(days=1))


def test_a_teacher_cannot_plan_lessons(cast):
    with pytest.raises(CurriculumRefused):
        services.save_programme(actor=cast.teacher, school=cast.school, name="World & You")


def test_a_lesson_from_another_school_cannot_be_planned(cast, pshe_lead):
    lesson = a_lesson(cast)
    with pytest.raises(CurriculumRefused):
        services.plan_lesson(
            actor=cast.dsl2,
            school=cast.school2,
            lesson=lesson,
            year_group=cast.pupil.year_group,
            school_year=2026,
            term=Term.AUTUMN,
        )


def test_a_responsive_session_is_recorded_with_no_pupil_and_its_note_encrypted(cast, pshe_lead):
    session = services.record_responsive_session(
        actor=pshe_lead,
        school=cast.school,
        year_group=cast.pupil.year_group,
        group_name="9R",
        held_on=timezone.localdate(),
        topics=[Topic.PRESSURE_AND_FRIENDSHIPS.value],
        note="Talked about being asked for pictures. Marker: quokka.",
        today=timezone.localdate(),
    )
    assert not any(f.name == "pupil" for f in type(session)._meta.get_fields())
    event = AuditEvent.objects.get(action="curriculum.responsive_session_recorded")
    assert "quokka" not in str(event.data)
    session.refresh_from_db()
    assert session.note.endswith("quokka.")


def test_a_year_group_with_incidents_and_no_lesson_raises_the_prompt(cast, pshe_lead):
    incidents(cast, cast.pupil, 1)
    year = year_of(selectors.picture(pshe_lead, cast.school), cast)
    assert year.prompts == [Topic.SHARING_NUDES]


def test_a_delivered_lesson_clears_the_prompt(cast, pshe_lead):
    incidents(cast, cast.pupil, 1)
    planned = plan(cast, pshe_lead, a_lesson(cast))
    assert year_of(selectors.picture(pshe_lead, cast.school), cast).prompts != []
    deliver(planned, pshe_lead)
    year = year_of(selectors.picture(pshe_lead, cast.school), cast)
    assert year.prompts == []
    assert year.covered == [Topic.SHARING_NUDES]


@pytest.mark.parametrize(("count", "pshe_sees"), [(4, "fewer than 5"), (5, "5")])
def test_the_pshe_lead_sees_fewer_than_5_and_the_dsl_the_number(cast, pshe_lead, count, pshe_sees):
    incidents(cast, cast.pupil, count)
    assert year_of(selectors.picture(pshe_lead, cast.school), cast).this_term == pshe_sees
    assert year_of(selectors.picture(cast.dsl, cast.school), cast).this_term == str(count)


def test_incidents_of_last_term_are_counted_apart_from_this_terms(cast, pshe_lead):
    incidents(cast, cast.pupil, 2)
    next_term = term_of(timezone.localdate()).previous()  # any other term will do
    later = _next(term_of(timezone.localdate()))
    year = year_of(selectors.picture(cast.dsl, cast.school, today=later.starts), cast)
    assert (year.this_term, year.last_term) == ("0", "2")
    assert next_term != later


def _next(term):
    from haven.curriculum.rules import SchoolTerm

    order = [Term.AUTUMN, Term.SPRING, Term.SUMMER]
    index = order.index(term.term)
    if index == 2:
        return SchoolTerm(term.school_year + 1, Term.AUTUMN)
    return SchoolTerm(term.school_year, order[index + 1])


def test_lessons_delivered_gives_de_identified_rows_by_year_group_and_topic(cast, pshe_lead):
    lesson = a_lesson(cast, Topic.SHARING_NUDES, Topic.CONSENT)
    deliver(plan(cast, pshe_lead, lesson, class_name="9R"), pshe_lead)
    deliver(plan(cast, pshe_lead, lesson, class_name="9S"), pshe_lead)
    plan(cast, pshe_lead, lesson, class_name="9T")  # planned, not delivered
    today = timezone.localdate()
    rows = selectors.lessons_delivered(cast.school, today - timedelta(days=1), today)
    year = cast.pupil.year_group.name
    assert [(r.year_group, r.topic, r.count) for r in rows] == [
        (year, Topic.SHARING_NUDES, 2),
        (year, Topic.CONSENT, 2),
    ]
    assert selectors.lessons_delivered(cast.school, date(2000, 1, 1), date(2000, 2, 1)) == []


def test_the_family_plan_shows_the_programme_and_each_year_groups_lessons(cast, pshe_lead):
    assert selectors.family_plan(cast.school) is None
    deliver(plan(cast, pshe_lead, a_lesson(cast), week=2), pshe_lead)
    family = selectors.family_plan(cast.school)
    assert family is not None
    assert family.programme == "World & You"
    (year,) = family.years
    assert year.lessons[0].delivered
    assert "week 2" in year.lessons[0].when
