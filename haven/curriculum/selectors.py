"""Every read of the curriculum, scoped by the caller's permission check (the views fetch the
school with `get_for(..., Action.VIEW_CURRICULUM, ...)`).

Incidents are read from the cases app's models only, and only as counts per year group: nothing
here returns a case, a pupil or a reference.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Count, QuerySet
from django.utils import timezone

from haven.accounts.permissions import Person, in_team
from haven.cases.models import Case
from haven.curriculum import rules
from haven.curriculum.models import Lesson, PlannedLesson, Programme, ResponsiveSession, Unit
from haven.curriculum.rules import SchoolTerm, Teaching, Topic
from haven.schools.models import School, YearGroup


def programme_of(school: School) -> Programme | None:
    return Programme.objects.filter(school=school).first()


def unit_named(programme: Programme, title: str) -> Unit | None:
    return Unit.objects.filter(programme=programme, title__iexact=title.strip()).first()


def lessons_of(school: School) -> QuerySet[Lesson]:
    return Lesson.objects.filter(unit__programme__school=school).select_related("unit")


def year_groups_of(school: School) -> QuerySet[YearGroup]:
    return YearGroup.objects.filter(school=school).order_by("curriculum_year")


def plans_of(school: School, school_year: int) -> QuerySet[PlannedLesson]:
    return (
        PlannedLesson.objects.filter(school=school, school_year=school_year)
        .select_related("lesson", "year_group", "delivered_by")
        .order_by("year_group__curriculum_year", "term", "week", "pk")
    )


def sessions_of(school: School, school_year: int) -> QuerySet[ResponsiveSession]:
    start = date(school_year, 9, 1)
    return ResponsiveSession.objects.filter(
        school=school, held_on__gte=start, held_on__lt=date(school_year + 1, 9, 1)
    ).select_related("year_group", "held_by")


# --- Incidents, as counts ----------------------------------------------------------------------


@dataclass(frozen=True)
class IncidentCounts:
    """Cases opened in a term, per year group id (a case with pupils in two year groups counts in
    each), and the topics the incidents call for."""

    by_year: Counter[int]
    topics: dict[int, frozenset[Topic]]


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def incident_counts(school: School, term: SchoolTerm) -> IncidentCounts:
    """Counts only: one query, grouped by year group and by what the case was about."""
    rows = (
        Case.objects.filter(
            school=school, opened_at__gte=_aware(term.starts), opened_at__lt=_aware(term.ends)
        )
        .exclude(pupils__year_group__isnull=True)
        .values("pupils__year_group_id", "ai_generated", "sextortion")
        .annotate(n=Count("pk", distinct=True))
    )
    by_year: Counter[int] = Counter()
    topics: dict[int, set[Topic]] = defaultdict(set)
    for row in rows:
        year_id = row["pupils__year_group_id"]
        by_year[year_id] += row["n"]
        topics[year_id] |= set(rules.INCIDENT_TOPICS)
        if row["ai_generated"]:
            topics[year_id].add(Topic.AI_IMAGES)
        if row["sextortion"]:
            topics[year_id].add(Topic.SEXTORTION)
    return IncidentCounts(by_year, {k: frozenset(v) for k, v in topics.items()})


# --- The picture beside incidents ---------------------------------------------------------------


@dataclass
class YearPicture:
    year_group: YearGroup
    key_stage: rules.KeyStage | None
    this_term: str  # a count as this person may see it
    last_term: str
    covered: list[Topic]
    plans: list[PlannedLesson] = field(default_factory=list)
    sessions: list[ResponsiveSession] = field(default_factory=list)
    prompts: list[Topic] = field(default_factory=list)
    expected_missing: list[Topic] = field(default_factory=list)


@dataclass
class Picture:
    school_year: int
    term: SchoolTerm
    in_team: bool
    years: list[YearPicture]

    @property
    def year_label(self) -> str:
        return rules.school_year_label(self.school_year)

    @property
    def prompt_count(self) -> int:
        return sum(1 for year in self.years if year.prompts)


def in_safeguarding_team(user: Person, school: School) -> bool:
    return in_team(user, school.pk)


def _teaching(plans: list[PlannedLesson]) -> list[Teaching]:
    return [Teaching(frozenset(Topic(t) for t in p.lesson.topics), p.delivered_on) for p in plans]


def picture(user: Person, school: School, *, today: date | None = None) -> Picture:
    """Each year group: incidents this term and last (suppressed outside the team), the topics
    delivered this school year, the plan, and the prompts (rules.missing_topics)."""
    today = today or timezone.localdate()
    term = rules.term_of(today)
    in_team = in_safeguarding_team(user, school)
    now, before = incident_counts(school, term), incident_counts(school, term.previous())
    plans_by_year: dict[int, list[PlannedLesson]] = defaultdict(list)
    for plan in plans_of(school, term.school_year):
        plans_by_year[plan.year_group_id].append(plan)
    sessions_by_year: dict[int, list[ResponsiveSession]] = defaultdict(list)
    for session in sessions_of(school, term.school_year):
        sessions_by_year[session.year_group_id].append(session)
    years = []
    for year in year_groups_of(school):
        plans = plans_by_year[year.pk]
        teaching = _teaching(plans)
        called_for = now.topics.get(year.pk, frozenset()) | before.topics.get(year.pk, frozenset())
        stage = rules.key_stage(year.curriculum_year)
        covered = rules.topics_covered(teaching, today=today)
        years.append(
            YearPicture(
                year_group=year,
                key_stage=stage,
                this_term=rules.shown_count(now.by_year[year.pk], in_team=in_team),
                last_term=rules.shown_count(before.by_year[year.pk], in_team=in_team),
                covered=sorted(covered, key=list(Topic).index),
                plans=plans,
                sessions=sessions_by_year[year.pk],
                prompts=rules.missing_topics(
                    incidents_this_term=now.by_year[year.pk],
                    incidents_last_term=before.by_year[year.pk],
                    teaching=teaching,
                    today=today,
                    incident_topics=called_for,
                ),
                expected_missing=sorted(
                    rules.expected_topics(stage) - covered if stage else frozenset(),
                    key=list(Topic).index,
                ),
            )
        )
    return Picture(term.school_year, term, in_team, years)


# --- For the governors' report (haven.reports) -------------------------------------------------


@dataclass(frozen=True)
class DeliveredRow:
    year_group: str
    topic: Topic
    count: int


def lessons_delivered(school: School, start: date, end: date) -> list[DeliveredRow]:
    """Lessons delivered between start and end (both included), de-identified: one row per year
    group and topic, with how many delivered lessons covered that topic. No teacher, no class."""
    counts: Counter[tuple[int, str, Topic]] = Counter()
    plans = PlannedLesson.objects.filter(
        school=school, delivered_on__gte=start, delivered_on__lte=end
    ).values_list("year_group__curriculum_year", "year_group__name", "lesson__topics")
    for curriculum_year, name, topics in plans:
        for topic in topics:
            counts[(curriculum_year, name, Topic(topic))] += 1
    order = list(Topic).index
    ranked = sorted(counts.items(), key=lambda item: (item[0][0], order(item[0][2])))
    return [DeliveredRow(name, topic, count) for (_, name, topic), count in ranked]


# --- For families (haven.public) ----------------------------------------------------------------


@dataclass
class FamilyLesson:
    title: str
    summary: str
    topics: list[str]  # plain-English words
    when: str  # "Autumn term" or "Autumn term, week 3"
    delivered: bool


@dataclass
class FamilyYear:
    name: str
    lessons: list[FamilyLesson]


@dataclass
class FamilyPlan:
    programme: str
    intro: str  # the school's own words, or empty: the template writes Haven's
    school_year: str
    years: list[FamilyYear]


def family_plan(school: School, *, today: date | None = None) -> FamilyPlan | None:
    """What families read: the programme, and what each year group learns and when, this school
    year. None when the school has no programme yet (the page keeps its general words)."""
    programme = programme_of(school)
    if programme is None:
        return None
    school_year = rules.school_year_of(today or timezone.localdate())
    years: dict[int, FamilyYear] = {}
    for plan in plans_of(school, school_year):
        year = years.setdefault(plan.year_group_id, FamilyYear(plan.year_group.name, []))
        when = rules.TERM_LABELS[rules.Term(plan.term)]
        year.lessons.append(
            FamilyLesson(
                title=plan.lesson.title,
                summary=plan.lesson.summary,
                topics=[rules.FAMILY_TOPIC_WORDS[Topic(t)] for t in plan.lesson.topics],
                when=f"{when}, week {plan.week}" if plan.week else when,
                delivered=plan.delivered_on is not None,
            )
        )
    return FamilyPlan(
        programme.name,
        programme.family_intro,
        rules.school_year_label(school_year),
        list(years.values()),
    )
