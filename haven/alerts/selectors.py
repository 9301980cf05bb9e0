"""Every read of alerts, for the person they are for, and where each one leads."""

from django.conf import settings
from django.urls import NoReverseMatch, reverse

from haven.accounts.models import User
from haven.alerts.models import Alert

ALERTS_SHOWN = 20


def unacknowledged_alert_count(user: User) -> int:
    return Alert.objects.filter(recipient=user, acknowledged_at__isnull=True).count()


def alerts_for(user: User) -> list[Alert]:
    return list(
        Alert.objects.filter(recipient=user, acknowledged_at__isnull=True).select_related(
            "concern", "school"
        )[:ALERTS_SHOWN]
    )


def alert_path(alert: Alert) -> str:
    """Where an alert's link leads: the concern, or the case, or the inbox. Pages are named, not
    imported: alerts sit below the apps whose pages they link to."""
    if alert.concern_id is not None:
        return reverse("concerns:detail", args=[alert.concern_id])
    if alert.case_id is not None:
        try:
            return reverse("cases:detail", args=[alert.case_id])
        except NoReverseMatch:
            pass
    return reverse("concerns:inbox")


def alert_link(alert: Alert) -> str:
    return f"{settings.HAVEN_BASE_URL}{alert_path(alert)}"
