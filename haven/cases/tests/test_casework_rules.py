"""Pure rules for running a case: working days, overdue, outstanding referrals, take-down routes
and the task list. Tables of cases, no database."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

import pytest

from haven.cases.rules import (
    NEVER_OVERRIDDEN,
    CaseProgress,
    Criterion,
    ImageAge,
    RequirementEvent,
    RequirementKind,
    TaskStatus,
    case_tasks,
    is_overdue,
    is_working_day,
    next_working_day,
    override_agreement_blockers,
    override_blockers,
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


BANK_HOLIDAY_DAYS = [
    ("thursday before good friday", date(2026, 4, 2), date(2026, 4, 7)),
    ("friday before the early may holiday", date(2026, 5, 1), date(2026, 5, 5)),
    ("christmas eve, boxing day on a saturday", date(2026, 12, 24), date(2026, 12, 29)),
    ("new year's eve, new year's day on a saturday", date(2027, 12, 31), date(2028, 1, 4)),
    ("an ordinary monday", MON, TUE),
]


@pytest.mark.parametrize(
    ("day", "expected"), [c[1:] for c in BANK_HOLIDAY_DAYS], ids=[c[0] for c in BANK_HOLIDAY_DAYS]
)
def test_the_next_working_day_skips_bank_holidays_in_england_and_wales_by_default(day, expected):
    assert next_working_day(day) == expected


def test_a_working_day_is_a_weekday_that_is_not_a_bank_holiday():
    assert is_working_day(MON)
    assert not is_working_day(SAT)
    assert not is_working_day(date(2026, 8, 31))  # summer bank holiday
    assert is_working_day(date(2026, 8, 31), frozenset())  # an explicit list replaces them


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
ADULT, COERCION, UNUSUAL = "ADULT_INVOLVED", "COERCION_OR_CAPACITY", "UNUSUAL_OR_VIOLENT_ACTS"
RISK = "IMMEDIATE_RISK_OF_HARM"
C, CA, CU = {COERCION}, {COERCION, ADULT}, {COERCION, UNUSUAL}
# (name, events as (hour, kind, criteria), criteria met now, outstanding, satisfied by)
REQUIREMENTS = [
    ("nothing happened", [], C, False, None),
    ("criterion met, no referral", [(9, MET, C)], C, True, None),
    ("criterion met then referred", [(9, MET, C), (10, REF, set())], C, False, REF),
    ("referred first, review after", [(9, REF, set()), (10, MET, C)], C, False, REF),
    ("override agreed", [(9, MET, C), (10, OVR, C)], C, False, OVR),
    ("second criterion after referral", [(9, MET, C), (10, REF, set()), (11, MET, {UNUSUAL})],
     CU, True, None),
    (
        "second criterion then referred again",
        [(9, MET, C), (10, REF, set()), (11, MET, {UNUSUAL}), (12, REF, set())],
        CU,
        False,
        REF,
    ),
    ("early referral covers the first only", [(8, REF, set()), (9, MET, C), (10, MET, {UNUSUAL})],
     CU, True, None),
    ("review edited to meet nothing", [(9, MET, C)], set(), False, None),
    ("out of order input is sorted", [(10, REF, set()), (9, MET, C)], C, False, REF),
    # An override covers the criteria it was asked for, and nothing met later.
    ("an adult found after an override", [(9, MET, C), (10, OVR, C), (11, MET, {ADULT})],
     CA, True, None),
    ("an override agreed after an adult was found", [(9, MET, C), (10, MET, {ADULT}),
     (11, OVR, C)], CA, True, None),
    ("a referral after the override answers the rest",
     [(9, MET, C), (10, OVR, C), (11, MET, {UNUSUAL}), (12, REF, set())], CU, False, REF),
    ("a new override covering the new criterion", [(9, MET, C), (10, OVR, C),
     (11, MET, {UNUSUAL}), (12, OVR, CU)], CU, False, OVR),
    # Never overridden, whatever an override says it covers.
    ("an override never covers an adult", [(9, MET, CA), (10, OVR, CA)], CA, True, None),
    ("an override never covers immediate risk", [(9, MET, {RISK}), (10, OVR, {RISK})], {RISK},
     True, None),
    # A criterion no longer met (a corrected answer) needs nothing more.
    ("an adult found then corrected away", [(9, MET, C), (10, OVR, C), (11, MET, {ADULT})],
     C, False, OVR),
    ("an override agreed after an adult was found and corrected away",
     [(9, MET, C), (10, MET, {ADULT}), (11, OVR, C)], C, False, OVR),
    ("a referral answers what an override could not", [(9, MET, CA), (10, OVR, CA),
     (11, REF, set())], CA, False, REF),
]  # fmt: skip


@pytest.mark.parametrize(
    ("events", "criteria", "outstanding", "satisfied_by"),
    [c[1:] for c in REQUIREMENTS],
    ids=[c[0] for c in REQUIREMENTS],
)
def test_a_referral_is_outstanding_until_one_follows_each_newly_met_criterion(
    events, criteria, outstanding, satisfied_by
):
    result = referral_requirement(
        [RequirementEvent(at(h), kind, frozenset(met)) for h, kind, met in events],
        criteria=criteria,
    )
    assert result.outstanding is outstanding
    assert result.satisfied_by == satisfied_by


def test_the_requirement_names_the_criteria_still_waiting_in_the_guidances_order():
    events = [RequirementEvent(at(9), MET, frozenset({RISK, ADULT}))]
    result = referral_requirement(events, criteria={RISK, ADULT})
    assert result.criteria == (ADULT, RISK)


# --- Overrides ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("criteria", "allowed"),
    [
        ({COERCION}, True),
        ({UNUSUAL, "UNDER_13_SEXUAL_ACTS"}, True),
        ({COERCION, ADULT}, False),
        ({ADULT}, False),
        ({RISK}, False),
        ({UNUSUAL, RISK}, False),
        (set(), False),
    ],
)
def test_a_referral_is_never_overridden_with_an_adult_involved_or_a_child_at_immediate_risk(
    criteria, allowed
):
    assert (override_blockers(criteria=criteria) == []) is allowed


def test_the_reasons_an_override_is_refused_are_in_words():
    assert override_blockers(criteria={ADULT, RISK}) == [
        "The referral cannot be overridden: an adult is involved, so the police must be told."
        " Make the referral.",
        "The referral cannot be overridden: a child is at immediate risk of harm, so it must be"
        " referred. Make the referral.",
    ]
    assert {Criterion.ADULT_INVOLVED, Criterion.IMMEDIATE_RISK_OF_HARM} == NEVER_OVERRIDDEN


def test_the_head_may_agree_only_while_the_criteria_are_those_the_override_was_asked_for():
    assert override_agreement_blockers(asked_for=[COERCION], criteria_now=[COERCION]) == []
    changed = override_agreement_blockers(asked_for=[COERCION], criteria_now=[COERCION, ADULT])
    assert changed[0] == (
        "The facts have changed since this override was asked for (now also met: an adult is"
        " involved). It cannot be agreed: the DSL must make the referral, or ask again with the"
        " new facts."
    )
    assert "an adult is involved, so the police must be told" in changed[1]
    gone = override_agreement_blockers(asked_for=[COERCION, UNUSUAL], criteria_now=[UNUSUAL])
    assert "no longer met: coercion" in gone[0]
    assert len(override_agreement_blockers(asked_for=[COERCION], criteria_now=[])) == 1


# --- Take-down routes ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("age_in_image", "offered", "not_offered"),
    [
        (ImageAge.UNDER_18, {"report_remove", "take_it_down", "platform", "ceop"}, {"stop_ncii"}),
        (ImageAge.NOT_KNOWN, {"report_remove", "take_it_down", "platform", "ceop"}, {"stop_ncii"}),
        (ImageAge.ADULT, {"stop_ncii", "platform", "ceop"}, {"report_remove", "take_it_down"}),
        ("anything else", {"report_remove"}, {"stop_ncii"}),
    ],
)
def test_take_down_routes_follow_the_age_in_the_image_and_stop_ncii_needs_18_or_over_known(
    age_in_image, offered, not_offered
):
    routes = set(takedown_routes(age_in_image))
    assert offered <= routes
    assert not routes & not_offered


# --- The task list ------------------------------------------------------------------------


REVIEWED = CaseProgress(reviewed=True, pupils=2)
# What every case settles before closing besides the review: both pupils' parents, the typology.
SETTLED: dict[str, object] = {"pupils_parents_settled": 2, "typology_recorded": True}
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
    ("closure: ready", on(**SETTLED), "closure", NS, "Ready to close"),
    (
        "closure: parents not decided",
        on(typology_recorded=True),
        "closure",
        CANT,
        "Cannot close yet",
    ),
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
    progress = on(**SETTLED, criteria=(R,), referral_outstanding=True, actions_open=2)
    assert structural_closing_blockers(progress) == [
        "A referral is required (a child is at immediate risk of harm): record it, or an"
        " override the headteacher agrees to.",
        "2 support actions are still open: mark each done or cancelled.",
    ]


def test_the_referral_hint_names_the_criteria_met():
    progress = on(criteria=(R,), referral_outstanding=True)
    task = next(t for t in case_tasks(progress) if t.key == "referrals")
    assert "A child is at immediate risk of harm" in task.hint
