"""The case's task list (GOV.UK task-list pattern): what the case needs and what is done."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from haven.cases.rules.closing import CaseProgress, still_blocking, waived

# ---------------------------------------------------------------------------------------------
# The case's task list: what the case needs and what is done
# ---------------------------------------------------------------------------------------------


class TaskStatus(StrEnum):
    """A task's state, shown as in the GOV.UK task-list pattern."""

    DONE = "done"
    NOT_NEEDED = "not_needed"
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    ACTION_NEEDED = "action_needed"
    CANNOT_START = "cannot_start"


@dataclass(frozen=True)
class Task:
    key: str
    name: str
    status: TaskStatus
    label: str  # the status in words ("Referral required", "2 overdue")
    hint: str = ""
    item: str = ""  # for a task shown once per pupil: the pupil's id

    @property
    def anchor(self) -> str:
        """Unique on the page: the key, and the pupil's id for a task shown per pupil."""
        return f"{self.key}-{self.item}" if self.item else self.key


def _review_task(p: CaseProgress) -> Task:
    name = "Initial review"
    if p.reviewed:
        return Task("review", name, TaskStatus.DONE, "Completed")
    return Task(
        "review", name, TaskStatus.NOT_STARTED, "Not yet started", "Hold it as soon as you can."
    )


def _referral_task(p: CaseProgress) -> Task:
    name = "Referrals"
    if not p.reviewed:
        return Task(
            "referrals",
            name,
            TaskStatus.CANNOT_START,
            "Cannot start yet",
            "The initial review decides whether a referral is required.",
        )
    if p.referral_outstanding:
        met = ", ".join(c.label for c in p.criteria)
        return Task(
            "referrals",
            name,
            TaskStatus.ACTION_NEEDED,
            "Referral required",
            f"A criterion for immediate referral is met: {met}.",
        )
    if p.acknowledgements_overdue:
        return Task(
            "referrals",
            name,
            TaskStatus.ACTION_NEEDED,
            "Acknowledgement overdue",
            "No acknowledgement within one working day: follow it up.",
        )
    if p.criteria:
        label = "Override agreed" if p.referral_override and not p.referrals else "Completed"
        return Task("referrals", name, TaskStatus.DONE, label)
    if p.unanswered:
        return Task(
            "referrals",
            name,
            TaskStatus.IN_PROGRESS,
            "Answers needed",
            "Some answers that decide whether to refer are not known yet.",
        )
    if p.referrals:
        return Task("referrals", name, TaskStatus.DONE, "Completed")
    hint = "Managed in school with the headteacher's agreement." if p.managed_in_school else ""
    return Task("referrals", name, TaskStatus.NOT_NEEDED, "Not required", hint)


def _lado_task(p: CaseProgress) -> Task | None:
    """Shown only when an adult who works with children is involved (or the LADO was told)."""
    name = "LADO (an adult who works with children)"
    if p.lado_due is None and not p.lado_told:
        return None
    if p.lado_told:
        if p.lado_answered:
            return Task("lado", name, TaskStatus.DONE, "Completed")
        return Task(
            "lado", name, TaskStatus.IN_PROGRESS, "Told", "Waiting for the LADO to acknowledge it."
        )
    due = p.lado_due
    assert due is not None  # not told, so a duty is recorded (checked above)
    when = f"{due:%A} {due.day} {due:%B %Y}"
    if p.lado_overdue:
        return Task("lado", name, TaskStatus.ACTION_NEEDED, "Overdue", f"It was due by {when}.")
    return Task("lado", name, TaskStatus.ACTION_NEEDED, "Tell the LADO", f"By the end of {when}.")


def _outcomes_task(p: CaseProgress) -> Task | None:
    """Shown once a referral to children's social care or the police is recorded."""
    name = "What partners decided"
    if not p.partner_referrals:
        return None
    if p.partner_referrals_decided >= p.partner_referrals:
        return Task("outcomes", name, TaskStatus.DONE, "Recorded")
    waiting = p.partner_referrals - p.partner_referrals_decided
    noun = "referral" if waiting == 1 else "referrals"
    return Task(
        "outcomes",
        name,
        TaskStatus.IN_PROGRESS,
        "Waiting to hear",
        f"{waiting} {noun}: record what they decided when they tell you.",
    )


def _early_help_task(p: CaseProgress) -> Task | None:
    """Shown once the review meets no criterion for referral (early help is the route then)."""
    name = "Early help"
    if p.early_help:
        return Task("early_help", name, TaskStatus.DONE, "Offered")
    if not p.reviewed or p.criteria:
        return None
    return Task(
        "early_help",
        name,
        TaskStatus.NOT_NEEDED,
        "If the family would benefit",
        "No referral is needed: you may offer the local early help offer.",
    )


def _parents_task(p: CaseProgress) -> Task:
    name = "Parents and carers"
    if p.pupils and p.pupils_parents_settled >= p.pupils:
        return Task("parents", name, TaskStatus.DONE, "Completed")
    if p.pupils_parents_settled:
        done = f"{p.pupils_parents_settled} of {p.pupils} pupils"
        return Task("parents", name, TaskStatus.IN_PROGRESS, "In progress", done)
    return Task(
        "parents",
        name,
        TaskStatus.NOT_STARTED,
        "Not yet started",
        "In most cases parents and carers are told.",
    )


def _voice_tasks(p: CaseProgress) -> Task | list[Task] | None:
    """Talking with each young person: one task for each pupil not yet talked with."""
    if not p.pupils:
        return None
    if not p.pupils_not_heard:
        return Task("voice", "Talking with each young person", TaskStatus.DONE, "Completed")
    return [
        Task(
            "voice",
            f"Talk with {name}",
            TaskStatus.NOT_STARTED,
            "Not yet talked with",
            "Their views and wishes, in their own words.",
            item=pupil_id,
        )
        for pupil_id, name in p.pupils_not_heard
    ]


def _support_task(p: CaseProgress) -> Task:
    name = "Support plan"
    if p.actions_overdue:
        return Task("support", name, TaskStatus.ACTION_NEEDED, f"{p.actions_overdue} overdue")
    if p.actions_open:
        return Task(
            "support", name, TaskStatus.IN_PROGRESS, "In progress", f"{p.actions_open} still to do."
        )
    if p.actions_closed:
        return Task("support", name, TaskStatus.DONE, "Completed")
    return Task("support", name, TaskStatus.NOT_STARTED, "Not yet started")


def _takedown_task(p: CaseProgress) -> Task:
    name = "Take-down and deleting"
    if p.deletions_overdue:
        return Task(
            "takedown",
            name,
            TaskStatus.ACTION_NEEDED,
            "Deletion not confirmed",
            f"{p.deletions_overdue} past the deadline.",
        )
    if p.takedowns_pending or p.deletions_unconfirmed:
        return Task("takedown", name, TaskStatus.IN_PROGRESS, "In progress")
    if p.takedowns or p.deletions:
        return Task("takedown", name, TaskStatus.DONE, "Completed")
    return Task("takedown", name, TaskStatus.NOT_STARTED, "Not yet started")


def _devices_task(p: CaseProgress) -> Task:
    name = "Devices"
    if p.devices_held:
        noun = "device" if p.devices_held == 1 else "devices"
        return Task(
            "devices",
            name,
            TaskStatus.IN_PROGRESS,
            f"{p.devices_held} {noun} held",
            "Not yet handed over or returned.",
        )
    if p.devices:
        return Task("devices", name, TaskStatus.DONE, "Completed")
    return Task("devices", name, TaskStatus.NOT_NEEDED, "None recorded")


def _follow_up_task(p: CaseProgress) -> Task:
    name = "Follow-up review"
    if p.follow_ups_overdue:
        return Task("follow_up", name, TaskStatus.ACTION_NEEDED, "Overdue")
    if p.follow_ups_booked:
        first = min(p.follow_ups_booked)
        when = f"{first.day} {first:%B %Y}"
        return Task("follow_up", name, TaskStatus.IN_PROGRESS, "Booked", f"On {when}.")
    if p.follow_ups_held:
        return Task("follow_up", name, TaskStatus.DONE, "Completed")
    return Task("follow_up", name, TaskStatus.NOT_STARTED, "Not yet booked")


def _staff_seen_task(p: CaseProgress) -> Task | None:
    """Only when someone outside the team saw the imagery unavoidably: were they offered support?"""
    name = "Staff who saw the imagery"
    if not p.staff_seen and p.searches_imagery_seen:
        return Task(
            "staff_seen",
            name,
            TaskStatus.ACTION_NEEDED,
            "Not recorded",
            "Staff saw imagery during a search: record who saw it, and offer them support.",
        )
    if not p.staff_seen:
        return None
    if p.staff_seen_without_support:
        return Task(
            "staff_seen",
            name,
            TaskStatus.ACTION_NEEDED,
            "Support not offered",
            "Offer support to the member of staff who saw it.",
        )
    return Task("staff_seen", name, TaskStatus.DONE, "Support offered")


def structural_closing_blockers(p: CaseProgress) -> list[str]:
    """What stops closing, in words (`closing.still_blocking`), other than the outcome and reasons
    the closing form asks for."""
    return [b.text for b in still_blocking(p)]


def _closure_task(p: CaseProgress) -> Task:
    name = "Closure"
    if p.is_closed:
        return Task("closure", name, TaskStatus.DONE, "Closed")
    blockers = structural_closing_blockers(p)
    if blockers:
        return Task(
            "closure", name, TaskStatus.CANNOT_START, "Cannot close yet", " ".join(blockers)
        )
    if left := waived(p):
        # Never "Ready to close" while anything is due: say what the head agreed to leave.
        what = "; ".join(b.kind.label for b in left)
        hint = f"The headteacher agreed to closing with this not finished: {what}."
        return Task("closure", name, TaskStatus.NOT_STARTED, "Close with work not finished", hint)
    return Task("closure", name, TaskStatus.NOT_STARTED, "Ready to close")


def case_tasks(progress: CaseProgress) -> list[Task]:
    """The case's task list, in the order the guidance walks it, each with its status. Some
    tasks show only when they apply (a rule giving None: the LADO's), some once for each pupil (a
    list)."""
    rules: tuple[Callable[[CaseProgress], Task | list[Task] | None], ...] = (
        _review_task,
        _referral_task,
        _lado_task,
        _early_help_task,
        _parents_task,
        _voice_tasks,
        _support_task,
        _takedown_task,
        _devices_task,
        _staff_seen_task,
        _follow_up_task,
        _outcomes_task,
        _closure_task,
    )
    tasks: list[Task] = []
    for rule in rules:
        made = rule(progress)
        tasks.extend(made if isinstance(made, list) else [made] if made else [])
    return tasks
