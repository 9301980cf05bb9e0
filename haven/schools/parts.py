"""A person's part in an incident (pictured in it, took it, sent it...), which concerns, cases and
the pupil picker all use: kept here, below them, so none of them imports another for it."""

from collections.abc import Iterable

from django.db import models


class PupilRole(models.TextChoices):
    """A part in an incident, in the words staff use. Maps to the triage facts' roles. A person
    holds a set of parts: a pupil who took and sent their own picture is pictured, took it and
    sent it."""

    PICTURED = "pictured", "Pictured in it"
    TAKER = "taker", "Took it"
    SENDER = "sender", "Sent it"
    RECIPIENT = "recipient", "Received it"
    SHARER = "sharer", "Shared it further"
    POSSESSOR = "possessor", "Has it"
    REQUESTER = "requester", "Asked for it"
    UNKNOWN = "unknown", "Not known yet"


# One part, or several: what `parts_of` reads.
Parts = str | Iterable[str]


def parts_of(value: Parts) -> list[str]:
    """A set of parts as stored: known codes in `PupilRole` order, each once; "unknown" only when
    nothing else is known (an empty set is "unknown"). A single code means a set of one.

    Raises ValueError for a code that is not a part (a bug in the caller, or a form not checked).
    """
    given = {value} if isinstance(value, str) else set(value)
    if stray := given - set(PupilRole.values):
        raise ValueError(f"not a part: {sorted(stray)}")
    known = [role for role in PupilRole.values if role in given and role != PupilRole.UNKNOWN]
    return known or [PupilRole.UNKNOWN.value]


def unknown_part() -> list[str]:
    return [PupilRole.UNKNOWN.value]


def parts_label(roles: Iterable[str]) -> str:
    """The parts in words, as staff say them: "pictured in it, took it and sent it"."""
    words = [PupilRole(role).label.lower() for role in parts_of(roles)]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


class HasParts(models.Model):
    """A person's parts in the incident (`roles`, a list of `PupilRole` codes; `parts_of`)."""

    roles = models.JSONField(default=unknown_part)

    class Meta:
        abstract = True

    def get_role_display(self) -> str:
        """The parts in words, capitalised for a summary list ("Pictured in it and sent it")."""
        label = parts_label(self.roles)
        return label[:1].upper() + label[1:]

    @property
    def parts(self) -> list[str]:
        return parts_of(self.roles)
