"""`{% concerns_nav %}`: the header's links to record a concern, see your own, and the inbox."""

from typing import Any

from django import template

from haven.accounts.permissions import team_school_ids
from haven.alerts.selectors import unacknowledged_alert_count
from haven.concerns import selectors

register = template.Library()


@register.inclusion_tag("concerns/_nav.html", takes_context=True)
def concerns_nav(context: dict[str, Any]) -> dict[str, Any]:
    user = context.get("user")
    # is_verified comes from django-otp's middleware: true only after the second factor.
    verified = getattr(user, "is_verified", lambda: False)
    if user is None or not user.is_authenticated or not verified():
        return {"can_record": False, "in_team": False}
    in_team = bool(team_school_ids(user))
    return {
        "can_record": bool(selectors.schools_for_recording(user)),
        "in_team": in_team,
        "alert_count": _alert_count(context, user) if in_team else 0,
    }


def _alert_count(context: dict[str, Any], user: Any) -> int:
    """A page that has counted the user's alerts already (the inbox) passes its count on."""
    counted = context.get("alert_count")
    return counted if isinstance(counted, int) else unacknowledged_alert_count(user)
