"""The demo school's plan (manage.py load_demo): "World & You" at Oakfield Academy, each year group
with lessons this school year, those of past weeks delivered. Idempotent: a school that has a
programme is left as it is. For trying Haven, never for production."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from haven.accounts.models import User
from haven.curriculum import services
from haven.curriculum.models import Programme
from haven.curriculum.rules import SchoolTerm, Term, Topic, school_year_of
from haven.schools.models import School, YearGroup

T = Topic
UNITS: dict[str, list[tuple[str, str, list[Topic]]]] = {
    "Online life": [
        (
            "Keeping safe online",
            "How to keep your accounts private, and who to tell if something online worries you.",
            [T.KEEPING_SAFE_ONLINE, T.WHERE_TO_GET_HELP],
        ),
        (
            "Friendships online and off",
            "What a good friendship looks like, and how to handle pressure from friends.",
            [T.ONLINE_RELATIONSHIPS, T.PRESSURE_AND_FRIENDSHIPS],
        ),
    ],
    "Relationships and the law": [
        (
            "Nudes and semi-nudes: what to do",
            "What to do if someone asks for or sends a nude picture, what the law says, and "
            "where to get help. We never use real pictures.",
            [T.SHARING_NUDES, T.LAW_AND_POLICE, T.WHERE_TO_GET_HELP],
        ),
        ("Consent", "What consent means, and how to ask and respect it.", [T.CONSENT]),
        (
            "Sextortion and fake pictures",
            "What to do if someone threatens you or asks for money online, and how AI can make "
            "fake pictures. It is never your fault, and help is there.",
            [T.SEXTORTION, T.AI_IMAGES, T.WHERE_TO_GET_HELP],
        ),
    ],
}
# Which lesson each year group has in which term (by title).
PLAN: dict[int, list[tuple[str, Term]]] = {
    7: [("Keeping safe online", Term.AUTUMN), ("Friendships online and off", Term.SPRING)],
    8: [("Friendships online and off", Term.AUTUMN), ("Consent", Term.SUMMER)],
    9: [("Nudes and semi-nudes: what to do", Term.SPRING), ("Consent", Term.AUTUMN)],
    10: [
        ("Nudes and semi-nudes: what to do", Term.AUTUMN),
        ("Sextortion and fake pictures", Term.SPRING),
    ],
    11: [("Sextortion and fake pictures", Term.AUTUMN), ("Consent", Term.SPRING)],
}


@transaction.atomic
def load_plan(school: School, teacher: User | None, *, today: date | None = None) -> None:
    if Programme.objects.filter(school=school).exists():
        return
    today = today or timezone.localdate()
    programme = services.save_programme(actor=None, school=school, name="World & You")
    lessons = {}
    for unit_title, rows in UNITS.items():
        unit = services.add_unit(actor=None, programme=programme, title=unit_title)
        for title, summary, topics in rows:
            lessons[title] = services.add_lesson(
                actor=None, unit=unit, title=title, summary=summary, topics=topics
            )
    school_year = school_year_of(today)
    years = {y.curriculum_year: y for y in YearGroup.objects.filter(school=school)}
    for number, terms in PLAN.items():
        if number not in years:
            continue
        for week, (title, term) in enumerate(terms, start=2):
            plan = services.plan_lesson(
                actor=None,
                school=school,
                lesson=lessons[title],
                year_group=years[number],
                school_year=school_year,
                term=term,
                week=week,
            )
            taught_on = SchoolTerm(school_year, term).starts + timedelta(weeks=week)
            if taught_on <= today:
                services.record_delivery(
                    actor=None, plan=plan, delivered_on=taught_on, delivered_by=teacher, today=today
                )
