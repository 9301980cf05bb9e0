"""The one closing rule (`rules.closing_blockers_of`) behind the task list and closing: a table of
each blocker, then properties. Plain Python: no database."""

import dataclasses
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from haven.cases.rules import (
    BlockerKind,
    CaseProgress,
    Criterion,
    case_tasks,
    closing_blockers_of,
    still_blocking,
    unfinished_agreement_blockers,
    unfinished_request_blockers,
)
from haven.cases.views.closing import SETTLED_AT

SETTLED = CaseProgress(reviewed=True, pupils=2, pupils_parents_settled=2, typology_recorded=True)


def on(**changes: object) -> CaseProgress:
    return dataclasses.replace(SETTLED, **changes)  # type: ignore[arg-type]


BLOCKERS = [
    ("nothing due", SETTLED, []),
    ("no review", on(reviewed=False), [BlockerKind.REVIEW]),
    (
        "a decision waiting for the head",
        on(decisions_pending_head=("Manage in school",)),
        [BlockerKind.HEAD_AGREEMENT],
    ),
    (
        "a required referral",
        on(criteria=(Criterion.IMMEDIATE_RISK_OF_HARM,), referral_outstanding=True),
        [BlockerKind.REFERRAL],
    ),
    (
        "a referral unanswered",
        on(referrals_unanswered=("The police",)),
        [BlockerKind.ACKNOWLEDGEMENT],
    ),
    ("a device held", on(devices=1, devices_held=1), [BlockerKind.DEVICE]),
    ("a deletion unsettled", on(deletions=1, deletions_unsettled=1), [BlockerKind.DELETION]),
    ("parents for one pupil", on(pupils_parents_settled=1), [BlockerKind.PARENTS]),
    ("parents for nobody", on(pupils_parents_settled=0), [BlockerKind.PARENTS]),
    ("a follow-up booked", on(follow_ups_booked=(date(2026, 12, 4),)), [BlockerKind.FOLLOW_UP]),
    ("an action open", on(actions_open=1), [BlockerKind.SUPPORT]),
    ("no typology", on(typology_recorded=False), [BlockerKind.TYPOLOGY]),
    (
        "everything at once, in the guidance's order",
        on(
            reviewed=False,
            decisions_pending_head=("Manage in school",),
            referrals_unanswered=("The police",),
            devices_held=2,
            deletions_unsettled=1,
            pupils_parents_settled=0,
            follow_ups_booked=(date(2026, 12, 4),),
            actions_open=3,
            typology_recorded=False,
        ),
        [
            BlockerKind.REVIEW,
            BlockerKind.HEAD_AGREEMENT,
            BlockerKind.ACKNOWLEDGEMENT,
            BlockerKind.DEVICE,
            BlockerKind.DELETION,
            BlockerKind.PARENTS,
            BlockerKind.FOLLOW_UP,
            BlockerKind.SUPPORT,
            BlockerKind.TYPOLOGY,
        ],
    ),
]


@pytest.mark.parametrize(
    ("progress", "kinds"), [b[1:] for b in BLOCKERS], ids=[b[0] for b in BLOCKERS]
)
def test_each_thing_still_due_is_one_blocker_in_words_with_where_to_settle_it(progress, kinds):
    blockers = closing_blockers_of(progress)
    assert [b.kind for b in blockers] == kinds
    for blocker in blockers:
        assert blocker.text.endswith(".")
        assert blocker.where in SETTLED_AT


def closure_label(progress: CaseProgress) -> str:
    return next(t for t in case_tasks(progress) if t.key == "closure").label


progress_strategy = st.builds(
    CaseProgress,
    reviewed=st.booleans(),
    pupils=st.integers(0, 3),
    pupils_parents_settled=st.integers(0, 3),
    referral_outstanding=st.booleans(),
    actions_open=st.integers(0, 2),
    devices_held=st.integers(0, 2),
    deletions_unsettled=st.integers(0, 2),
    follow_ups_booked=st.lists(st.dates(), max_size=2).map(tuple),
    decisions_pending_head=st.lists(st.just("Manage in school"), max_size=1).map(tuple),
    referrals_unanswered=st.lists(st.just("The police"), max_size=1).map(tuple),
    typology_recorded=st.booleans(),
    unfinished_agreed=st.frozensets(st.sampled_from([str(k) for k in BlockerKind])),
)


@given(progress_strategy)
def test_ready_to_close_never_shows_while_anything_is_due(progress):
    label = closure_label(progress)
    if closing_blockers_of(progress):
        assert label != "Ready to close"
    else:
        assert label == "Ready to close"
    assert (label == "Cannot close yet") == bool(still_blocking(progress))


@given(progress_strategy)
def test_what_is_never_waived_always_still_blocks(progress):
    never = {BlockerKind.REVIEW, BlockerKind.HEAD_AGREEMENT, BlockerKind.REFERRAL}
    due = {b.kind for b in closing_blockers_of(progress)} & never
    assert due <= {b.kind for b in still_blocking(progress)}


def test_only_what_was_agreed_is_waived():
    progress = on(devices_held=1, actions_open=1, unfinished_agreed=frozenset({"device"}))
    assert [b.kind for b in still_blocking(progress)] == [BlockerKind.SUPPORT]
    assert closure_label(progress) == "Cannot close yet"
    agreed = dataclasses.replace(progress, actions_open=0)
    assert closure_label(agreed) == "Close with work not finished"


def test_asking_to_leave_work_unfinished_needs_something_left_and_nothing_never_waived():
    assert unfinished_request_blockers(SETTLED) == ["Everything is settled: close the case."]
    assert unfinished_request_blockers(on(devices_held=1)) == []
    refused = unfinished_request_blockers(on(devices_held=1, reviewed=False))
    assert refused == ["Settle this first, it cannot be left unfinished: Hold the initial review."]


def test_the_head_may_agree_only_to_what_was_asked_for():
    asked = frozenset({"device"})
    assert unfinished_agreement_blockers(on(devices_held=1), asked_for=asked) == []
    assert unfinished_agreement_blockers(SETTLED, asked_for=asked) == []  # settled since: fine
    new = unfinished_agreement_blockers(on(devices_held=1, actions_open=1), asked_for=asked)
    assert len(new) == 1
    assert new[0].startswith("Not settled, and new since this was asked for: 1 support action")
