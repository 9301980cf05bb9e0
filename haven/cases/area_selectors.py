"""Reads of what one area of a case records, for its page (the parts added for issue 13: group
steps, unavoidable viewings, device searches, conversations with each young person). Each takes a
case the reader was already allowed (views fetch it with `get_for`)."""

from haven.cases.models import (
    Case,
    DeviceSearch,
    GroupException,
    PupilConversation,
    UnavoidableViewing,
)


def group_exceptions(case: Case, step: str) -> list[GroupException]:
    """Pupils left out when a step was recorded for a group at once, with the reasons."""
    return list(case.exceptions.filter(step=step).order_by("recorded_at"))


def unavoidable_viewings(case: Case) -> list[UnavoidableViewing]:
    """Unavoidable viewings by staff outside the team, with the support offered to each."""
    return list(
        case.unavoidable_viewings.select_related("seen_by", "pupil", "support", "recorded_by")
    )


def device_searches(case: Case) -> list[DeviceSearch]:
    """Searches of devices in the case, oldest first, with who authorised and who searched."""
    return list(case.searches.select_related("device", "pupil", "authorised_by", "searched_by"))


def conversations(case: Case) -> list[PupilConversation]:
    """Conversations with the young people in the case, oldest first."""
    return list(case.conversations.select_related("pupil", "spoken_by"))
