"""The case's one next step, tried as a DSL would meet each stage of a case."""

from dataclasses import replace
from datetime import date

import pytest

from haven.cases.rules import CaseProgress, Criterion, next_step

REVIEWED = CaseProgress(reviewed=True, pupils=2)
MANAGED = replace(REVIEWED, managed_in_school=True)
SETTLED = replace(
    MANAGED,
    pupils_parents_settled=2,
    actions_closed=1,
    takedowns=1,
    follow_ups_held=1,
    typology_recorded=True,
)


@pytest.mark.parametrize(
    ("progress", "allowed", "refer_every_case", "expected"),
    [
        (CaseProgress(), False, False, "review"),
        (CaseProgress(pupils=1), True, False, "review"),
        # A criterion is met and no referral recorded: refer, never "manage in school".
        (
            replace(REVIEWED, criteria=(Criterion.ADULT_INVOLVED,), referral_outstanding=True),
            True,
            False,
            "referrals",
        ),
        # Nothing met: the decision to manage in school comes first...
        (REVIEWED, True, False, "manage_in_school"),
        # ...unless the school refers every case, or an unverified contact blocks it.
        (REVIEWED, True, True, "parents"),
        (REVIEWED, False, False, "parents"),
        # Once the head has been asked, the case moves on to parents and carers.
        (replace(REVIEWED, decisions_pending_head=("Manage in school",)), True, False, "parents"),
        (MANAGED, True, False, "parents"),
        # Something overdue comes before something not started.
        (replace(MANAGED, actions_open=1, actions_overdue=1), True, False, "support"),
        (
            replace(MANAGED, follow_ups_booked=(date(2026, 1, 5),), follow_ups_overdue=1),
            True,
            False,
            "follow_up",
        ),
        (replace(SETTLED, devices=1, devices_held=1), True, False, "devices"),
        (SETTLED, True, False, "closure"),
        (replace(SETTLED, is_closed=True), True, False, None),
    ],
    ids=repr,
)
def test_the_next_step_is_the_most_urgent_thing_still_to_do(
    progress, allowed, refer_every_case, expected
):
    step = next_step(progress, manage_in_school_allowed=allowed, refer_every_case=refer_every_case)
    assert (step.key if step else None) == expected


def test_closing_is_never_the_next_step_while_something_blocks_it():
    blocked = replace(SETTLED, typology_recorded=False)
    step = next_step(blocked, manage_in_school_allowed=True)
    assert step is None or step.key != "closure"
