"""Pure rules for running a case: working days, overdue, outstanding referrals, take-down routes
and the task list. Tables of cases, no database."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

import pytest

from haven.cases.rules import (
    CaseProgress,
    Criterion,
    RequirementEvent,
    RequirementKind,
    TaskStatus,
    case_tasks,
    is_overdue,
    next_working_day,
    referral_requirement,
    structural_closing_blockers,
    takedown_routes,
)

MON, TUE, FRI, SAT, SUN = (date(2026, 11, d) for d in (23, 24, 20, 21, 22))

WORKING_DAYS = [
    ("monday to tuesday", MON, frozenset(), TUE),
    ("friday to monday", FRI, frozenset(), MON),
    ("saturday to monday", SAT, frozenset(), MON),
    ("sunday to monday", SUN, frozenset(), MON),
    ("friday over a bank holiday monday", FRI, frozenset({MON}), TUE),
    (
        "thursday before good friday",
        date(2026, 4, 2),
        frozenset({date(2026, 4, 3)}),
        date(2026, 4, 6),
    ),
    ("new year's eve", date(2026, 12, 31), frozenset({date(2027, 1, 1)}), date(2027, 1, 4)),
]


@pytest.mark.parametrize(
    ("day", "holidays", "expected"), [c[1:] for c in WORKING_DAYS], ids=[c[0] for c in WORKING_DAYS]
)
def test_the_next_working_day_skips_weekends_and_holidays(day, holidays, expected):
    assert next_working_day(day, holidays) == expected


OVERDUE = [
    ("due yesterday, open", MON, TUE, False, True),
    ("due today, open", TUE, TUE, False, False),
    ("due tomorrow", TUE, MON, False, False),
    ("due yesterday, settled", MON, TUE, True, False),
    ("no date", None, TUE, False, False),
]


@pytest.mark.parametrize(
    ("due", "today", "settled", "expected"), [c[1:] for c in OVERDUE], ids=[c[0] for c in OVERDUE]
)
def test_overdue_means_past_its_date_and_not_settled(due, today, settled, expected):
    assert is_overdue(due, today=today, settled=settled) is expected


def at(hour: int) -> datetime:
    return datetime(2026, 11, 23, hour)


MET, REF, OVR = RequirementKind.CRITERION_MET, RequirementKind.REFERRAL, RequirementKind.OVERRIDE
REQUIREMENTS = [
    ("nothing happened", [], True, False, None),
    ("criterion met, no referral", [(9, MET)], True, True, None),
    ("criterion met then referred", [(9, MET), (10, REF)], True, False, REF),
    ("referred first, review after", [(9, REF), (10, MET)], True, False, REF),
    ("override agreed", [(9, MET), (10, OVR)], True, False, OVR),
    ("second criterion after referral", [(9, MET), (10, REF), (11, MET)], True, True, None),
    (
        "second criterion then referred again",
        [(9, MET), (10, REF), (11, MET), (12, REF)],
        True,
        False,
        REF,
    ),
    ("early referral covers the first only", [(8, REF), (9, MET), (10, MET)], True, True, None),
    ("review edited to meet nothing", [(9, MET)], False, False, None),
    ("out of order input is sorted", [(10, REF), (9, MET)], True, False, REF),
]


@pytest.mark.parametrize(
    ("events", "criteria_met", "outstanding", "satisfied_by"),
    [c[1:] for c in REQUIREMENTS],
    ids=[c[0] for c in REQUIREMENTS],
)
def test_a_referral_is_outstanding_until_one_follows_each_newly_met_criterion(
    events, criteria_met, outstanding, satisfied_by
):
    result = referral_requirement(
        [RequirementEvent(at(h), kind) for h, kind in events], criteria_met=criteria_met
    )
    assert result.outstanding is outstanding
    assert result.satisfied_by == satisfied_by


@pytest.mark.parametrize(
    ("age", "offered", "not_offered"),
    [
        (14, "report_remove", "stop_ncii"),
        (17, "report_remove", "stop_ncii"),
        (None, "report_remove", "stop_ncii"),
        (18, "stop_ncii", "report_remove"),
        (30, "take_it_down", "report_remove"),
    ],
)
def test_report_remove_is_for_under_18s_and_stop_ncii_for_adults_only(age, offered, not_offered):
    routes = takedown_routes(age)
    assert offered in routes
    assert not_offered not in routes


# --- The task list ------------------------------------------------------------------------


REVIEWED = CaseProgress(reviewed=True, pupils=2)
R = Criterion.IMMEDIATE_RISK_OF_HARM
DONE, NN, NS = TaskStatus.DONE, TaskStatus.NOT_NEEDED, TaskStatus.NOT_STARTED
IP, ACT, CANT = TaskStatus.IN_PROGRESS, TaskStatus.ACTION_NEEDED, TaskStatus.CANNOT_START


def on(**changes: object) -> CaseProgress:
    """A reviewed case of two pupils, with some records."""
    return dataclasses.replace(REVIEWED, **changes)  # type: ignore[arg-type]


def status_of(progress: CaseProgress, key: str) -> tuple[TaskStatus, str]:
    task = next(t for t in case_tasks(progress) if t.key == key)
    return task.status, task.label


TASKS = [
    ("nothing yet: review not started", CaseProgress(), "review", NS, "Not yet started"),
    ("review done", REVIEWED, "review", DONE, "Completed"),
    ("referrals wait for the review", CaseProgress(), "referrals", CANT, "Cannot start yet"),
    (
        "referral required",
        on(criteria=(R,), referral_outstanding=True),
        "referrals",
        ACT,
        "Referral required",
    ),
    ("referral made", on(criteria=(R,), referrals=1), "referrals", DONE, "Completed"),
    (
        "override agreed",
        on(criteria=(R,), referral_override=True),
        "referrals",
        DONE,
        "Override agreed",
    ),
    (
        "acknowledgement overdue",
        on(criteria=(R,), referrals=1, acknowledgements_overdue=1),
        "referrals",
        ACT,
        "Acknowledgement overdue",
    ),
    ("answers needed", on(unanswered=2), "referrals", IP, "Answers needed"),
    ("referral not required", REVIEWED, "referrals", NN, "Not required"),
    ("parents: none yet", REVIEWED, "parents", NS, "Not yet started"),
    ("parents: one of two", on(pupils_parents_settled=1), "parents", IP, "In progress"),
    ("parents: all", on(pupils_parents_settled=2), "parents", DONE, "Completed"),
    ("support: none", REVIEWED, "support", NS, "Not yet started"),
    ("support: open", on(actions_open=2), "support", IP, "In progress"),
    ("support: overdue", on(actions_open=2, actions_overdue=1), "support", ACT, "1 overdue"),
    ("support: all closed", on(actions_closed=3), "support", DONE, "Completed"),
    ("take-down: offered", on(takedowns=1, takedowns_pending=1), "takedown", IP, "In progress"),
    (
        "take-down: deletion overdue",
        on(deletions=1, deletions_unconfirmed=1, deletions_overdue=1),
        "takedown",
        ACT,
        "Deletion not confirmed",
    ),
    ("take-down: settled", on(takedowns=1, deletions=2), "takedown", DONE, "Completed"),
    ("devices: none", REVIEWED, "devices", NN, "None recorded"),
    ("devices: one held", on(devices=2, devices_held=1), "devices", IP, "1 device held"),
    ("devices: all handed over", on(devices=2), "devices", DONE, "Completed"),
    ("follow-up booked", on(follow_ups_booked=(TUE,)), "follow_up", IP, "Booked"),
    (
        "follow-up overdue",
        on(follow_ups_booked=(MON,), follow_ups_overdue=1),
        "follow_up",
        ACT,
        "Overdue",
    ),
    ("follow-up held", on(follow_ups_held=1), "follow_up", DONE, "Completed"),
    ("closure: ready", REVIEWED, "closure", NS, "Ready to close"),
    (
        "closure: blocked by a referral",
        on(criteria=(R,), referral_outstanding=True),
        "closure",
        CANT,
        "Cannot close yet",
    ),
    ("closure: blocked by actions", on(actions_open=1), "closure", CANT, "Cannot close yet"),
    ("closure: no review", CaseProgress(), "closure", CANT, "Cannot close yet"),
    ("closure: closed", on(is_closed=True), "closure", DONE, "Closed"),
]


@pytest.mark.parametrize(
    ("progress", "key", "status", "label"), [c[1:] for c in TASKS], ids=[c[0] for c in TASKS]
)
def test_each_task_has_the_status_its_records_give_it(progress, key, status, label):
    assert status_of(progress, key) == (status, label)


def test_the_task_list_walks_the_guidance_in_order():
    assert [t.key for t in case_tasks(CaseProgress())] == [
        "review", "referrals", "parents", "support", "takedown", "devices", "follow_up", "closure",
    ]  # fmt: skip


def test_the_follow_up_hint_gives_the_first_date_in_words():
    task = next(t for t in case_tasks(on(follow_ups_booked=(TUE, MON))) if t.key == "follow_up")
    assert task.hint == "On 23 November 2026."


def test_closing_blockers_on_the_task_list_leave_out_what_the_form_asks():
    progress = dataclasses.replace(
        REVIEWED, criteria=(R,), referral_outstanding=True, actions_open=2
    )
    assert structural_closing_blockers(progress) == [
        "A referral is required: record it, or an authorised override with its reason.",
        "2 actions are still open: mark each done or cancelled.",
    ]


def test_the_referral_hint_names_the_criteria_met():
    progress = on(criteria=(R,), referral_outstanding=True)
    task = next(t for t in case_tasks(progress) if t.key == "referrals")
    assert "A child is at immediate risk of harm" in task.hint
