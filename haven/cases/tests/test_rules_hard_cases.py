"""The rarest and most dangerous incidents, tried as an experienced DSL would (issue 12).

One person in several parts, the age in the image against the age now, sextortion, adults and
adults who work with children, unverified online contacts, SEND in any part, and take-down routes
by the reporter's age today. Plain Python: no database.
"""

from __future__ import annotations

from typing import Any

import pytest

from haven.cases.rules import (
    Criterion,
    ImageAge,
    RequirementEvent,
    RequirementKind,
    assess,
    next_steps,
    override_blockers,
    parse_facts,
    referral_requirement,
    takedown_routes,
)
from haven.cases.tests.facts import design_facts

A = Criterion.ADULT_INVOLVED
C = Criterion.COERCION_OR_CAPACITY
S = Criterion.UNDER_13_SEXUAL_ACTS
R = Criterion.IMMEDIATE_RISK_OF_HARM

SEXUAL_ACTS = {"sexual_acts": True}
THREATS = {"threats_or_blackmail": True}
MONEY = {"money_or_more_images_demanded": True}
PRESSURE = {"pressure_or_coercion": True}
CONTACT = {"online_contact_unverified": True}


def pupil(roles: list[str], age: int | None, **more: Any) -> dict[str, Any]:
    return {"roles": roles, "age": age, "is_pupil": True, "send": False, **more}


def other(roles: list[str], age: int | None, **more: Any) -> dict[str, Any]:
    return {"roles": roles, "age": age, "is_pupil": False, **more}


def judged(people: list[dict[str, Any]], **sections: dict[str, Any]) -> Any:
    """The assessment of the all-clear facts with these people and answers changed."""
    return assess(parse_facts(design_facts(people, **sections)))


# (name, people, section changes, criteria met, manage in school allowed, override allowed)
HARD_CASES: list[
    tuple[str, list[dict[str, Any]], dict[str, Any], tuple[Criterion, ...], bool, bool]
]
HARD_CASES = [
    (
        "pictured and sender at 12, sexual acts: under 13",
        [pupil(["pictured", "sender"], 12)],
        {"content": SEXUAL_ACTS},
        (S,),
        False,
        True,
    ),
    (
        "took, sent and is in it at 12, sexual acts: under 13",
        [pupil(["pictured", "taker", "sender"], 12)],
        {"content": SEXUAL_ACTS},
        (S,),
        False,
        True,
    ),
    (
        "sender only at 12 (not in it), sexual acts: no child under 13 in it",
        [pupil(["pictured"], 14), pupil(["sender"], 12)],
        {"content": SEXUAL_ACTS},
        (),
        True,
        False,
    ),
    (
        "image made at 12 of a pupil now 13, sexual acts: under 13",
        [pupil(["pictured"], 13, age_in_image=12)],
        {"content": SEXUAL_ACTS},
        (S,),
        False,
        True,
    ),
    (
        "image made at 13 of a pupil now 14, sexual acts: not under 13",
        [pupil(["pictured"], 14, age_in_image=13)],
        {"content": SEXUAL_ACTS},
        (),
        True,
        False,
    ),
    (
        "image made at 12, no sexual acts: nothing met",
        [pupil(["pictured"], 13, age_in_image=12)],
        {},
        (),
        True,
        False,
    ),
    (
        "image made at 17 of a pupil now 18, only pictured: not an adult involved",
        [pupil(["pictured"], 18, age_in_image=17)],
        {},
        (),
        True,
        False,
    ),
    (
        "a pupil now 18 pictured, no age in the image given: 18 in it, an adult",
        [pupil(["pictured"], 18)],
        {},
        (A,),
        False,
        False,
    ),
    (
        "image made at 17, shared by the same pupil at 18: an adult shared it",
        [pupil(["pictured", "sharer"], 18, age_in_image=17)],
        {},
        (A,),
        False,
        False,
    ),
    (
        "requester of 17: not an adult",
        [pupil(["pictured"], 15), other(["requester"], 17)],
        {},
        (),
        True,
        False,
    ),
    (
        "requester of 18: an adult",
        [pupil(["pictured"], 15), other(["requester"], 18)],
        {},
        (A,),
        False,
        False,
    ),
    (
        "a part not known, aged 30: an adult in some part",
        [pupil(["pictured"], 15), other(["unknown"], 30)],
        {},
        (A,),
        False,
        False,
    ),
    (
        "sextortion with an adult of unknown age: never overridden",
        [pupil(["pictured", "sender"], 15), other(["requester", "possessor"], None)],
        {"circumstances": {**THREATS, **MONEY}},
        (C,),
        False,
        False,
    ),
    (
        "money demanded by a pupil: still never overridden",
        [pupil(["pictured"], 15), pupil(["requester"], 15)],
        {"circumstances": MONEY},
        (C,),
        False,
        False,
    ),
    (
        "threats alone: never overridden",
        [pupil(["pictured"], 15), pupil(["possessor"], 16)],
        {"circumstances": THREATS},
        (C,),
        False,
        False,
    ),
    (
        "pressure between pupils of 15: may be overridden with the head",
        [pupil(["pictured", "sender"], 15), pupil(["requester", "recipient"], 15)],
        {"circumstances": PRESSURE},
        (C,),
        False,
        True,
    ),
    (
        "an unverified contact who claims to be 16: not managed in school",
        [pupil(["pictured", "sender"], 15), other(["requester", "recipient"], 16)],
        {"circumstances": CONTACT},
        (),
        False,
        False,
    ),
    (
        "an unverified contact and pressure: never overridden",
        [pupil(["pictured", "sender"], 15), other(["requester"], 16)],
        {"circumstances": {**CONTACT, **PRESSURE}},
        (C,),
        False,
        False,
    ),
    (
        "an adult who works with children, no age given, and pressure: never overridden",
        [pupil(["pictured"], 14), other(["requester"], None, works_with_children=True)],
        {"circumstances": PRESSURE},
        (C,),
        False,
        False,
    ),
    (
        "a coach of 25 who asked for it: an adult, never overridden",
        [pupil(["pictured"], 14), other(["requester"], 25, works_with_children=True)],
        {},
        (A,),
        False,
        False,
    ),
    (
        "a child at immediate risk: never overridden",
        [pupil(["pictured"], 14)],
        {"risk": {"suicidal_or_self_harming": True}},
        (R,),
        False,
        False,
    ),
]


@pytest.mark.parametrize(
    ("people", "changes", "criteria", "in_school", "override"),
    [case[1:] for case in HARD_CASES],
    ids=[case[0] for case in HARD_CASES],
)
def test_the_rare_and_dangerous_cases_get_the_guidances_answer(
    people, changes, criteria, in_school, override
):
    assessment = judged(people, **changes)
    assert assessment.criteria == criteria
    assert assessment.manage_in_school_allowed is in_school
    assert assessment.override_allowed is override


def test_sextortion_with_an_adult_of_unknown_age_still_asks_their_age_and_says_why():
    assessment = judged(
        [pupil(["pictured", "sender"], 15), other(["requester"], None)],
        circumstances={**THREATS, **MONEY},
    )
    assert "people[1].age" in assessment.unanswered  # an adult would also meet ADULT_INVOLVED
    steps = " ".join(next_steps(assessment))
    assert "No override can waive this referral." in steps
    blockers = override_blockers(
        criteria=assessment.criteria, refused=assessment.never_overridden_because
    )
    assert [b.split(":")[1].split(",")[0].strip() for b in blockers] == [
        "there were threats or blackmail",
        "money or more images were demanded",
    ]
    because = [item.because for item in assessment.to_consider]
    assert any("sextortion" in text for text in because)


def test_an_unverified_contact_is_named_as_a_possible_adult_and_blocks_school_management():
    assessment = judged(
        [pupil(["pictured", "sender"], 15), other(["recipient"], 16)], circumstances=CONTACT
    )
    assert [item.criterion for item in assessment.to_consider] == [A]
    assert not assessment.unanswered
    assert any("cannot be managed in school" in step for step in next_steps(assessment))
    assert not any("You may decide" in step for step in next_steps(assessment))


def test_someone_who_works_with_children_means_telling_the_lado():
    assessment = judged(
        [pupil(["pictured"], 14), other(["requester"], 30, works_with_children=True)]
    )
    lado = [item for item in assessment.to_consider if "LADO" in item.because]
    assert [(item.criterion, "(people[1])" in item.because) for item in lado] == [(A, True)]


@pytest.mark.parametrize(
    ("roles", "age"),
    [
        (["sender"], 14),
        (["pictured", "taker", "sender"], 13),
        (["recipient"], 15),
        (["requester"], 16),
    ],
    ids=repr,
)
def test_send_is_a_point_to_consider_for_a_pupil_in_any_part(roles, age):
    assessment = judged([pupil(["pictured"], 15), pupil(roles, age, send=True)])
    assert [(item.criterion, "(people[1])" in item.because) for item in assessment.to_consider] == [
        (C, True)
    ]


def test_send_reminder_is_dropped_once_capacity_to_consent_is_already_met():
    assessment = judged(
        [pupil(["sender"], 14, send=True)],
        circumstances={"capacity_to_consent_concern": True},
    )
    assert assessment.criteria == (C,)
    assert not [item for item in assessment.to_consider if "special educational" in item.because]


def test_a_pictured_person_of_unknown_age_decides_both_adult_and_under_13():
    assessment = judged([other(["pictured"], None)], content=SEXUAL_ACTS)
    assert assessment.unanswered[:1] == ("people[0].age",)
    assert [item.criterion for item in assessment.to_consider] == [S]


def test_an_age_in_the_image_that_is_not_known_is_the_age_now_so_nothing_is_left_unasked():
    assessment = judged([pupil(["pictured"], 15, age_in_image=None)], content=SEXUAL_ACTS)
    assert assessment.unanswered == ()
    assert assessment.manage_in_school_allowed


# --------------------------------------------------------------------------------------------
# Overrides agreed on facts that no longer allow one
# --------------------------------------------------------------------------------------------


def test_an_override_agreed_before_sextortion_was_known_answers_nothing():
    from datetime import UTC, datetime, timedelta

    start = datetime(2026, 3, 2, 9, tzinfo=UTC)
    events = [
        RequirementEvent(start, RequirementKind.CRITERION_MET, frozenset({str(C)})),
        RequirementEvent(start + timedelta(hours=1), RequirementKind.OVERRIDE, frozenset({str(C)})),
    ]
    allowed = referral_requirement(events, criteria={str(C)})
    assert not allowed.outstanding
    refused = referral_requirement(events, criteria={str(C)}, override_allowed=False)
    assert refused.outstanding
    assert refused.criteria == (str(C),)


# --------------------------------------------------------------------------------------------
# Take-down routes: eligibility by the age in the image, Report Remove by the age today
# --------------------------------------------------------------------------------------------

ROUTE_CASES = [
    (ImageAge.UNDER_18, 15, {"report_remove", "take_it_down", "platform", "ceop"}),
    (ImageAge.UNDER_18, 17, {"report_remove", "take_it_down", "platform", "ceop"}),
    (ImageAge.UNDER_18, 18, {"take_it_down", "platform", "ceop"}),
    (ImageAge.UNDER_18, 19, {"take_it_down", "platform", "ceop"}),
    (ImageAge.UNDER_18, None, {"report_remove", "take_it_down", "platform", "ceop"}),
    (ImageAge.NOT_KNOWN, 18, {"take_it_down", "platform", "ceop"}),
    (ImageAge.NOT_KNOWN, 16, {"report_remove", "take_it_down", "platform", "ceop"}),
    (ImageAge.ADULT, 18, {"stop_ncii", "platform", "ceop"}),
    (ImageAge.ADULT, 20, {"stop_ncii", "platform", "ceop"}),
]


def route_case_id(value: object) -> str:
    """Test ids that are the same in every process (a set's order is not): xdist needs them so."""
    if isinstance(value, set):
        return "+".join(sorted(value))
    return str(value)


@pytest.mark.parametrize(("in_image", "age_now", "expected"), ROUTE_CASES, ids=route_case_id)
def test_take_down_routes_follow_the_age_in_the_image_and_the_reporters_age_today(
    in_image, age_now, expected
):
    assert set(takedown_routes(in_image, reporter_age=age_now)) == expected


def test_managing_in_school_is_refused_in_words_while_an_online_contact_is_unverified():
    from haven.cases.rules import manage_in_school_blockers

    assessment = judged(
        [pupil(["pictured", "sender"], 15), other(["recipient"], 16)], circumstances=CONTACT
    )
    blockers = manage_in_school_blockers(assessment=assessment, head_agreed=True)
    assert blockers == [
        "An online contact is not verified: whatever age they claim, they may be an adult."
        " Find out who they are first."
    ]
