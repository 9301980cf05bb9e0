"""Every change to the curriculum. Keyword-only, `actor=` required, audited in the same
transaction (ids and codes only, never the words typed).

The caller has checked `Action.PLAN_LESSONS` on the school; each service checks again that what it
is given belongs to that school, and raises `CurriculumRefused` (shown as a form error) if not.
"""

from collections.abc import Iterable
from datetime import date

from django.db import transaction

from haven.accounts.models import User
from haven.accounts.permissions import Action, can
from haven.audit import services as audit
from haven.audit.context import AuditContext
from haven.curriculum import rules
from haven.curriculum.models import Lesson, PlannedLesson, Programme, ResponsiveSession, Unit
from haven.curriculum.rules import Term, Topic
from haven.lib.errors import Refused
from haven.schools.models import School, YearGroup


class CurriculumRefused(Refused):
    """A curriculum change that cannot be made, with the reason to show."""


def check_may_plan(actor: User | None, school: School) -> None:
    # actor None: the demo and management commands, which act for the operator.
    if actor is not None and not can(actor, Action.PLAN_LESSONS, school):
        raise CurriculumRefused("You cannot plan lessons at this school.")


def _topics(topics: Iterable[str]) -> list[str]:
    chosen = {Topic(t) for t in topics}
    return [t.value for t in Topic if t in chosen]


@transaction.atomic
def save_programme(
    *,
    actor: User | None,
    school: School,
    name: str,
    family_intro: str = "",
    context: AuditContext | None = None,
) -> Programme:
    """Name the programme; keep the school's words for families.
    Audit: curriculum.programme_saved."""
    check_may_plan(actor, school)
    programme, _ = Programme.objects.update_or_create(
        school=school, defaults={"name": name, "family_intro": family_intro}
    )
    audit.record(
        "curriculum.programme_saved", actor=actor, school=school, obj=programme, context=context
    )
    return programme


@transaction.atomic
def add_unit(
    *, actor: User | None, programme: Programme, title: str, context: AuditContext | None = None
) -> Unit:
    """Audit: curriculum.unit_added."""
    check_may_plan(actor, programme.school)
    unit = Unit.objects.create(programme=programme, title=title, order=programme.units.count())
    audit.record(
        "curriculum.unit_added", actor=actor, school=programme.school, obj=unit, context=context
    )
    return unit


@transaction.atomic
def add_lesson(
    *,
    actor: User | None,
    unit: Unit,
    title: str,
    topics: Iterable[str],
    summary: str = "",
    context: AuditContext | None = None,
) -> Lesson:
    """A lesson in a unit, tagged with at least one topic. Audit: curriculum.lesson_added."""
    school = unit.programme.school
    check_may_plan(actor, school)
    chosen = _topics(topics)
    if not chosen:
        raise CurriculumRefused("Choose at least one topic the lesson covers.")
    lesson = Lesson.objects.create(
        unit=unit, title=title, summary=summary, topics=chosen, order=unit.lessons.count()
    )
    audit.record(
        "curriculum.lesson_added",
        actor=actor,
        school=school,
        obj=lesson,
        context=context,
        data={"topics": chosen},
    )
    return lesson


@transaction.atomic
def plan_lesson(
    *,
    actor: User | None,
    school: School,
    lesson: Lesson,
    year_group: YearGroup,
    school_year: int,
    term: Term,
    week: int | None = None,
    class_name: str = "",
    context: AuditContext | None = None,
) -> PlannedLesson:
    """Plan a lesson for a year group (or one class) in a term. Audit: curriculum.lesson_planned."""
    check_may_plan(actor, school)
    if lesson.unit.programme.school_id != school.pk or year_group.school_id != school.pk:
        raise CurriculumRefused("That lesson or year group is not at this school.")
    if week is not None and not 1 <= week <= 16:
        raise CurriculumRefused("A week of the term is a number from 1 to 16.")
    plan = PlannedLesson.objects.create(
        school=school,
        lesson=lesson,
        year_group=year_group,
        class_name=class_name,
        school_year=school_year,
        term=term,
        week=week,
        planned_by=actor,
    )
    audit.record(
        "curriculum.lesson_planned",
        actor=actor,
        school=school,
        obj=plan,
        context=context,
        data={"lesson": lesson.pk, "year_group": year_group.pk, "term": term.value},
    )
    return plan


@transaction.atomic
def record_delivery(
    *,
    actor: User | None,
    plan: PlannedLesson,
    delivered_on: date,
    delivered_by: User | None = None,
    today: date,
    context: AuditContext | None = None,
) -> PlannedLesson:
    """Record that a planned lesson was taught, on a day not in the future, by a member of staff
    (the actor unless said). Audit: curriculum.lesson_delivered."""
    check_may_plan(actor, plan.school)
    if delivered_on > today:
        raise CurriculumRefused("The day it was delivered cannot be in the future.")
    if rules.school_year_of(delivered_on) != plan.school_year:
        raise CurriculumRefused(
            "That day is not in the school year the lesson was planned for "
            f"({rules.school_year_label(plan.school_year)})."
        )
    plan.delivered_on = delivered_on
    plan.delivered_by = delivered_by or actor
    plan.save(update_fields=["delivered_on", "delivered_by"])
    audit.record(
        "curriculum.lesson_delivered",
        actor=actor,
        school=plan.school,
        obj=plan,
        context=context,
        data={"lesson": plan.lesson_id, "year_group": plan.year_group_id},
    )
    return plan


@transaction.atomic
def record_responsive_session(
    *,
    actor: User,
    school: School,
    year_group: YearGroup,
    held_on: date,
    topics: Iterable[str],
    today: date,
    group_name: str = "",
    note: str = "",
    context: AuditContext | None = None,
) -> ResponsiveSession:
    """A conversation with a class or group, as and when it happened. Names no pupil (there is
    nowhere to). Audit: curriculum.responsive_session_recorded."""
    check_may_plan(actor, school)
    if year_group.school_id != school.pk:
        raise CurriculumRefused("That year group is not at this school.")
    if held_on > today:
        raise CurriculumRefused("The day it happened cannot be in the future.")
    chosen = _topics(topics)
    if not chosen:
        raise CurriculumRefused("Choose at least one topic you talked about.")
    session = ResponsiveSession.objects.create(
        school=school,
        year_group=year_group,
        group_name=group_name,
        held_on=held_on,
        held_by=actor,
        topics=chosen,
        note=note,
    )
    audit.record(
        "curriculum.responsive_session_recorded",
        actor=actor,
        school=school,
        obj=session,
        context=context,
        data={"year_group": year_group.pk, "topics": chosen},
    )
    return session
