"""The cases app's periodic job: each working day, a digest of overdue work to the DSLs."""

import logging
from datetime import date, timedelta

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from haven.cases import notifications
from haven.cases.models import OverdueDigest
from haven.cases.overdue import schools_with_overdue_work
from haven.cases.rules import is_working_day
from haven.schools.models import School
from haven.system.schedule import every

logger = logging.getLogger(__name__)


def send_overdue_digests(*, today: date | None = None) -> int:
    """Tell each DSL and deputy at a school with overdue work that something is overdue.

    The alert and its e-mail hold no details: the link leads to Haven, where the overdue panel
    lists them. One digest per person per school per day, however often this runs, and none at a
    weekend or on a bank holiday (the next working day's digest covers them).
    Returns how many were sent.
    """
    today = today or timezone.localdate()
    if not is_working_day(today):
        logger.info("overdue digests skipped: not a working day")
        return 0
    sent = 0
    for school in School.objects.filter(pk__in=schools_with_overdue_work(today)):
        for person in notifications.dsls_of(school):
            with transaction.atomic():
                _, created = OverdueDigest.objects.get_or_create(
                    school=school, recipient=person, day=today
                )
                if created:
                    notifications.overdue_digest(school=school, recipient=person)
                    sent += 1
    logger.info("overdue digests sent=%d", sent)
    return sent


@every(timedelta(days=1))
@task
def overdue_digest() -> int:
    return send_overdue_digests()
