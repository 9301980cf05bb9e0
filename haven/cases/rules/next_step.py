"""The one next step for a case: what the DSL should do now, so the case page (and each saved
step) can lead straight there rather than leave the DSL to read the whole task list.

Pure: it reads the case's progress (the same CaseProgress the task list and closing read) and
what the initial review allows, nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass

from haven.cases.rules.checklist import TaskStatus, case_tasks
from haven.cases.rules.closing import CaseProgress

# What a task's next step is called when it leads the page.
TASK_STEPS = {
    "review": "Hold the initial review",
    "referrals": "Record the referral",
    "lado": "Tell the LADO",
    "early_help": "Offer early help",
    "outcomes": "Record what partners decided",
    "parents": "Decide about parents and carers",
    "voice": "Talk with each young person",
    "support": "Plan support",
    "takedown": "Help get the imagery taken down",
    "devices": "Return the devices held",
    "staff_seen": "Offer support to the member of staff who saw the imagery",
    "follow_up": "Book the follow-up",
    "closure": "Close the case",
}
STILL_TO_DO = (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS)


@dataclass(frozen=True)
class NextStep:
    key: str  # a task's key, or "manage_in_school"
    name: str
    why: str = ""


def next_step(
    progress: CaseProgress, *, manage_in_school_allowed: bool, refer_every_case: bool = False
) -> NextStep | None:
    """The most urgent thing still to do, or None for a closed case (or one with nothing left).

    Order: the review; a required referral; the decision to manage in school where the review
    allows it and nobody has asked the head yet; then the task list's first task needing action,
    then its first not finished; closing last, and only when the task list says it may start.
    """
    if progress.is_closed:
        return None
    tasks = case_tasks(progress)
    if not progress.reviewed:
        return NextStep("review", TASK_STEPS["review"], tasks[0].hint)
    if progress.referral_outstanding:
        met = ", ".join(c.label for c in progress.criteria)
        return NextStep("referrals", "Make the referral", f"A criterion is met: {met}.")
    deciding = (
        manage_in_school_allowed
        and not refer_every_case
        and not progress.criteria
        and not progress.managed_in_school
        and not progress.decisions_pending_head
    )
    if deciding:
        return NextStep(
            "manage_in_school",
            "Decide whether to manage this in school",
            "No criterion for immediate referral is met: the headteacher must agree to managing "
            "it in school.",
        )
    rest = [task for task in tasks if task.key not in ("review", "closure")]
    for wanted in ((TaskStatus.ACTION_NEEDED,), STILL_TO_DO):
        for task in rest:
            if task.status in wanted:
                return NextStep(task.key, TASK_STEPS[task.key], task.hint)
    closure = tasks[-1]
    if closure.status == TaskStatus.NOT_STARTED:
        return NextStep("closure", TASK_STEPS["closure"], closure.hint)
    return None
