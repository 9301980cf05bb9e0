"""Reads for out of hours: closed days near a date, who is on call, the rota and calendar pages."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from haven.accounts.models import User
from haven.outofhours import rules
from haven.outofhours.models import OnCallShift, SchoolClosure
from haven.schools.models import School

NEAR = timedelta(days=400)  # a school year and a little: enough for any escalation clock


def closed_days_near(school_id: int, day: date) -> frozenset[date]:
    """The school's closed days within about a year either side of `day` (one query)."""
    spans = SchoolClosure.objects.filter(
        school_id=school_id, ends_on__gte=day - NEAR, starts_on__lte=day + NEAR
    ).values_list("starts_on", "ends_on")
    return rules.closed_days(spans)


def is_school_time(school: School, moment: datetime | None = None) -> bool:
    moment = (moment or timezone.now()).astimezone(ZoneInfo(settings.TIME_ZONE))
    return rules.is_school_time(
        moment,
        day_starts=school.school_day_starts,
        day_ends=school.school_day_ends,
        closed=closed_days_near(school.pk, moment.date()),
    )


def on_call_now(school: School, moment: datetime | None = None) -> list[User]:
    """Who on the school's team is on call at `moment` (now by default), active accounts only."""
    moment = moment or timezone.now()
    shifts = OnCallShift.objects.filter(
        school=school, starts_at__lte=moment, ends_at__gt=moment, person__is_active=True
    ).select_related("person")
    rota = [rules.Shift(s.person_id, s.starts_at, s.ends_at) for s in shifts]
    people = {s.person_id: s.person for s in shifts}
    return [people[pk] for pk in rules.on_call_at(rota, moment)]


def closures_of(school: School, *, from_day: date) -> QuerySet[SchoolClosure]:
    return SchoolClosure.objects.filter(school=school, ends_on__gte=from_day).order_by(
        "starts_on", "pk"
    )


def shifts_of(school: School, *, from_moment: datetime) -> QuerySet[OnCallShift]:
    return (
        OnCallShift.objects.filter(school=school, ends_at__gt=from_moment)
        .select_related("person")
        .order_by("starts_at", "pk")
    )
