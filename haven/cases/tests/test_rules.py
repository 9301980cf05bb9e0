"""The UKCIS immediate-referral rules, closing and managing in school: tables, then properties.

No database and no Django: `rules.py` is plain Python.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from haven.cases.rules import (
    MAX_AGE,
    MIN_AGE,
    Assessment,
    Circumstances,
    Consideration,
    Content,
    Criterion,
    Facts,
    FactsError,
    Person,
    Risk,
    Role,
    assess,
    assessment_to_dict,
    closing_blockers,
    fact_question,
    facts_to_dict,
    manage_in_school_blockers,
    next_steps,
    parse_facts,
)
from haven.cases.tests.facts import DESIGN_FACTS, DESIGN_MD_PERSON, design_facts

A = Criterion.ADULT_INVOLVED
C = Criterion.COERCION_OR_CAPACITY
U = Criterion.UNUSUAL_OR_VIOLENT_ACTS
S = Criterion.UNDER_13_SEXUAL_ACTS
R = Criterion.IMMEDIATE_RISK_OF_HARM

COERCION_FACTS = (
    "threats_or_blackmail",
    "money_or_more_images_demanded",
    "grooming_suspected",
    "pressure_or_coercion",
    "capacity_to_consent_concern",
)

# DESIGN.md's example: everything known, nothing that meets a criterion.
NOTHING_WRONG: dict[str, Any] = DESIGN_FACTS


def person(
    role: str | list[str] = "pictured", age: int | None = 14, send: bool | None = False, **more: Any
) -> dict[str, Any]:
    """A pupil; `role` as one part (the single `role` key) or a list (`roles`)."""
    parts = {"roles": role} if isinstance(role, list) else {"role": role}
    return {**parts, "age": age, "is_pupil": True, "send": send, **more}


def facts(people: list[dict[str, Any]] | None = None, **sections: dict[str, Any]) -> Facts:
    """DESIGN.md's all-clear example with some people and some section fields replaced."""
    return parse_facts(design_facts(people, **sections))


def unknown(*names: str) -> dict[str, None]:
    return dict.fromkeys(names)


# --------------------------------------------------------------------------------------------
# Criteria
# --------------------------------------------------------------------------------------------

CRITERIA_CASES = [
    ("nothing wrong", facts(), ()),
    ("sender of 18", facts([person(), person("sender", 18)]), (A,)),
    ("sender of 17", facts([person(), person("sender", 17)]), ()),
    ("recipient of 35", facts([person(), person("recipient", 35)]), (A,)),
    ("requester of 40", facts([person("requester", 40)]), (A,)),
    ("role unknown, 22", facts([person("unknown", 22)]), (A,)),
    ("pictured 19", facts([person("pictured", 19)]), (A,)),
    *[(f"{name} true", facts(circumstances={name: True}), (C,)) for name in COERCION_FACTS],
    ("violence", facts(content={"violence": True}), (U,)),
    ("unusual acts", facts(content={"unusual_for_developmental_stage": True}), (U,)),
    (
        "sexual acts, pictured 12",
        facts([person("pictured", 12)], content={"sexual_acts": True}),
        (S,),
    ),
    (
        "sexual acts, pictured 0",
        facts([person("pictured", 0)], content={"sexual_acts": True}),
        (S,),
    ),
    (
        "sexual acts, pictured 13",
        facts([person("pictured", 13)], content={"sexual_acts": True}),
        (),
    ),
    ("sexual acts, sender 12", facts([person("sender", 12)], content={"sexual_acts": True}), ()),
    ("no sexual acts, pictured 12", facts([person("pictured", 12)]), ()),
    ("suicidal", facts(risk={"suicidal_or_self_harming": True}), (R,)),
    ("immediate danger", facts(risk={"immediate_danger": True}), (R,)),
    ("shared without consent", facts(circumstances={"shared_without_consent": True}), ()),
    ("online contact unverified", facts(circumstances={"online_contact_unverified": True}), ()),
    ("ai generated", facts(content={"ai_generated": True}), ()),
    ("pictured with SEND", facts([person(send=True)]), ()),
    (
        "everything at once, listed in the guidance's order",
        facts(
            [person("pictured", 12), person("sender", 30)],
            content={"sexual_acts": True, "violence": True},
            circumstances={"grooming_suspected": True},
            risk={"immediate_danger": True},
        ),
        (A, C, U, S, R),
    ),
]


@pytest.mark.parametrize(
    ("given", "expected"), [c[1:] for c in CRITERIA_CASES], ids=[c[0] for c in CRITERIA_CASES]
)
def test_each_criterion_is_met_by_exactly_the_facts_the_guidance_names(given, expected):
    assessment = assess(given)
    assert assessment.criteria == expected
    assert assessment.immediate_referral is bool(expected)


def test_nothing_known_meets_no_criterion():
    assert assess(Facts()).criteria == ()


# --------------------------------------------------------------------------------------------
# To consider
# --------------------------------------------------------------------------------------------

ONLINE = {"online_contact_unverified": True}
CONSIDER_CASES = [
    ("nothing wrong", facts(), []),
    ("unverified online contact", facts(circumstances=ONLINE), [(A, None)]),
    (
        "unverified online contact with a known adult too",
        facts([person(), person("sender", 30)], circumstances=ONLINE),
        [(A, None)],
    ),
    (
        "pictured of unknown age, sexual acts shown",
        facts([person(), person("pictured", None)], content={"sexual_acts": True}),
        [(S, "people[1]")],
    ),
    (
        "pictured of unknown age, sexual acts not known",
        facts([person("pictured", None)], content={"sexual_acts": None}),
        [],
    ),
    (
        "pictured of unknown age, no sexual acts",
        facts([person("pictured", None)]),
        [],
    ),
    (
        "sender of unknown age, sexual acts shown",
        facts([person(), person("sender", None)], content={"sexual_acts": True}),
        [],
    ),
    ("pictured with SEND", facts([person(send=True)]), [(C, "people[0]")]),
    (
        "pictured with SEND, coercion already met",
        facts([person(send=True)], circumstances={"pressure_or_coercion": True}),
        [],
    ),
    ("sender with SEND", facts([person(), person("sender", 14, send=True)]), [(C, "people[1]")]),
    (
        "pictured and sender with SEND",
        facts([person(["pictured", "sender"], 14, send=True)]),
        [(C, "people[0]")],
    ),
    ("recipient with SEND", facts([person(), person("recipient", 15, send=True)]), [(C, None)]),
    (
        "all three, in criterion order",
        facts(
            [person("pictured", None), person("pictured", 15, send=True)],
            content={"sexual_acts": True},
            circumstances=ONLINE,
        ),
        [(A, None), (C, "people[1]"), (S, "people[0]")],
    ),
]


@pytest.mark.parametrize(
    ("given", "expected"), [c[1:] for c in CONSIDER_CASES], ids=[c[0] for c in CONSIDER_CASES]
)
def test_points_to_consider_name_the_criterion_and_the_person(given, expected):
    to_consider = assess(given).to_consider
    assert [item.criterion for item in to_consider] == [criterion for criterion, _ in expected]
    for item, (_, path) in zip(to_consider, expected, strict=True):
        assert item.because
        if path is not None:
            assert f"({path})" in item.because


# --------------------------------------------------------------------------------------------
# Unanswered
# --------------------------------------------------------------------------------------------

EVERY_CRITERION_FLAG = (
    "content.violence",
    "content.unusual_for_developmental_stage",
    *(f"circumstances.{name}" for name in COERCION_FACTS),
    "risk.suicidal_or_self_harming",
    "risk.immediate_danger",
)

UNANSWERED_CASES = [
    ("everything known", facts(), ()),
    ("nothing known, nobody recorded", Facts(), ("people", *EVERY_CRITERION_FLAG)),
    ("everything known but nobody recorded", facts([]), ("people",)),
    (
        "one unknown age decides adult",
        facts([person(), person("sender", None)]),
        ("people[1].age",),
    ),
    (
        "unknown ages are listed in people order",
        facts([person("recipient", None), person(), person("sharer", None)]),
        ("people[0].age", "people[2].age"),
    ),
    (
        "an unknown age decides nothing once an adult is known",
        facts([person("sender", 30), person("recipient", None)]),
        (),
    ),
    (
        "an adult known, a pictured unknown age still decides under 13 when acts are shown",
        facts([person("sender", 30), person("pictured", None)], content={"sexual_acts": True}),
        ("people[1].age",),
    ),
    (
        "an adult known, a pictured unknown age decides nothing without sexual acts",
        facts([person("sender", 30), person("pictured", None)]),
        (),
    ),
    (
        "an adult known, pictured age and sexual acts both unknown",
        facts([person("sender", 30), person("pictured", None)], content={"sexual_acts": None}),
        ("people[1].age", "content.sexual_acts"),
    ),
    (
        "sexual acts unknown and a pictured child known to be under 13: only sexual acts decides",
        facts(
            [person("pictured", None), person("pictured", 0), person("pictured", 18)],
            content={"sexual_acts": None},
        ),
        ("content.sexual_acts",),
    ),
    (
        "a pictured unknown age decides nothing more once under 13 is met",
        facts(
            [person("pictured", 12), person("pictured", None), person("sender", 40)],
            content={"sexual_acts": True},
        ),
        (),
    ),
    ("sexual acts unknown, pictured 14", facts(content={"sexual_acts": None}), ()),
    (
        "sexual acts unknown, pictured 12",
        facts([person("pictured", 12)], content={"sexual_acts": None}),
        ("content.sexual_acts",),
    ),
    (
        "sexual acts unknown, only a sender of 12",
        facts([person("sender", 12)], content={"sexual_acts": None}),
        (),
    ),
    (
        "sexual acts unknown, nobody recorded",
        facts([], content={"sexual_acts": None}),
        ("people",),
    ),
    (
        "coercion met by blackmail: the other coercion facts decide nothing",
        facts(
            circumstances={
                "threats_or_blackmail": True,
                **unknown(*COERCION_FACTS[1:]),
            }
        ),
        (),
    ),
    (
        "coercion not met: each unknown coercion fact is listed in fact order",
        facts(circumstances=unknown("capacity_to_consent_concern", "grooming_suspected")),
        ("circumstances.grooming_suspected", "circumstances.capacity_to_consent_concern"),
    ),
    (
        "violence known: unusual acts decides nothing",
        facts(content={"violence": True, "unusual_for_developmental_stage": None}),
        (),
    ),
    ("violence unknown", facts(content={"violence": None}), ("content.violence",)),
    (
        "suicidal known: immediate danger decides no criterion",
        facts(risk={"suicidal_or_self_harming": True, "immediate_danger": None}),
        (),
    ),
    (
        "immediate danger unknown",
        facts(risk={"immediate_danger": None}),
        ("risk.immediate_danger",),
    ),
    (
        "facts that decide no criterion are never listed",
        facts(
            [{"role": "pictured", "age": 14, "is_pupil": None, "send": None}],
            content={"ai_generated": None},
            circumstances=unknown("shared_without_consent", "online_contact_unverified"),
        ),
        (),
    ),
    (
        "listed in fact order: people, content, circumstances, risk",
        facts(
            [person("sender", None)],
            risk={"immediate_danger": None},
            circumstances={"pressure_or_coercion": None},
            content={"violence": None},
        ),
        (
            "people[0].age",
            "content.violence",
            "circumstances.pressure_or_coercion",
            "risk.immediate_danger",
        ),
    ),
]


@pytest.mark.parametrize(
    ("given", "expected"), [c[1:] for c in UNANSWERED_CASES], ids=[c[0] for c in UNANSWERED_CASES]
)
def test_unanswered_lists_only_unknowns_that_decide_a_criterion_not_yet_met(given, expected):
    assert assess(given).unanswered == expected


# --------------------------------------------------------------------------------------------
# Managing in school and 999
# --------------------------------------------------------------------------------------------

MANAGE_CASES = [
    ("everything known, nothing wrong", facts(), True),
    ("a criterion met", facts(content={"violence": True}), False),
    ("a deciding fact unknown", facts(content={"violence": None}), False),
    ("an unknown that decides nothing", facts(content={"ai_generated": None}), True),
    ("only a point to consider", facts([person(send=True)]), True),
    ("nothing known", Facts(), False),
    ("everything known but nobody recorded", facts([]), False),
]


@pytest.mark.parametrize(
    ("given", "expected"), [c[1:] for c in MANAGE_CASES], ids=[c[0] for c in MANAGE_CASES]
)
def test_managing_in_school_is_allowed_only_when_nothing_meets_or_may_meet_a_criterion(
    given, expected
):
    assert assess(given).manage_in_school_allowed is expected


@pytest.mark.parametrize(
    ("danger", "call_999"), [(True, True), (False, False), (None, False)], ids=str
)
def test_999_is_called_only_on_known_immediate_danger(danger, call_999):
    assessment = assess(facts(risk={"immediate_danger": danger}))
    assert assessment.call_999 is call_999
    assert (R in assessment.criteria) is call_999


def test_suicidal_or_self_harming_means_referral_but_not_999():
    assessment = assess(facts(risk={"suicidal_or_self_harming": True}))
    assert assessment.criteria == (R,)
    assert not assessment.call_999


# --------------------------------------------------------------------------------------------
# Reading facts
# --------------------------------------------------------------------------------------------


# DESIGN.md's example as DESIGN.md writes it: the single `role`.
AS_DESIGN_WRITES: dict[str, Any] = {**NOTHING_WRONG, "people": [DESIGN_MD_PERSON]}


def with_(path: str, value: object, base: dict[str, Any] | None = None) -> dict[str, Any]:
    """DESIGN.md's example (or `base`) with one value at a DESIGN.md-style path replaced."""
    data = copy.deepcopy(AS_DESIGN_WRITES if base is None else base)
    set_path(data, path, value)
    return data


def set_path(data: dict[str, Any], path: str, value: object) -> None:
    match = re.fullmatch(r"people\[(\d+)\]\.(\w+)", path)
    if match:
        data["people"][int(match[1])][match[2]] = value
    elif "." in path:
        section, key = path.split(".")
        data.setdefault(section, {})[key] = value
    else:
        data[path] = value


def without(path: str) -> dict[str, Any]:
    data = copy.deepcopy(AS_DESIGN_WRITES)
    match = re.fullmatch(r"people\[(\d+)\]\.(\w+)", path)
    assert match
    del data["people"][int(match[1])][match[2]]
    return data


BAD_FACTS = [
    ([], "", "the facts must be a JSON object"),
    ("facts", "", "the facts must be a JSON object"),
    (None, "", "the facts must be a JSON object"),
    (with_("outcome", "x"), "outcome", "unknown field"),
    (with_("people", {"role": "pictured"}), "people", "must be a list or null"),
    (with_("people", [person(), "Sam"]), "people[1]", "must be an object"),
    (with_("people", [person(), None]), "people[1]", "must be an object"),
    (without("people[0].role"), "people[0].roles", "is required"),
    (with_("people[0].roles", ["sender"]), "people[0].roles", "give roles or role, not both"),
    (with_("people[0].roles", [], without("people[0].role")), "people[0].roles", "must be a list"),
    (
        with_("people[0].roles", "sender", without("people[0].role")),
        "people[0].roles",
        "must be a list",
    ),
    (
        with_("people[0].roles", ["sender", "victim"], without("people[0].role")),
        "people[0].roles[1]",
        "must be one of",
    ),
    (
        with_("people[0].roles", ["sender", "sender"], without("people[0].role")),
        "people[0].roles",
        "lists a part twice",
    ),
    (
        with_("people[0].roles", ["unknown", "sender"], without("people[0].role")),
        "people[0].roles",
        "unknown cannot be listed with a known part",
    ),
    (with_("people[0].age_in_image", 15), "people[0].age_in_image", "cannot be more than"),
    (with_("people[0].age_in_image", 12.0), "people[0].age_in_image", "whole number"),
    (
        with_("people[0].age_in_image", 12, with_("people[0].role", "sender")),
        "people[0].age_in_image",
        "is only for someone pictured",
    ),
    (
        with_("people[0].works_with_children", "no"),
        "people[0].works_with_children",
        "must be true, false or null",
    ),
    (with_("people[0].role", None), "people[0].role", "must be one of"),
    (with_("people[0].role", "victim"), "people[0].role", "must be one of"),
    (with_("people[0].role", "Pictured"), "people[0].role", "must be one of"),
    (with_("people[0].role", 1), "people[0].role", "must be one of"),
    (with_("people[0].age", True), "people[0].age", "must be a whole number of years or null"),
    (with_("people[0].age", False), "people[0].age", "must be a whole number of years or null"),
    (with_("people[0].age", "14"), "people[0].age", "must be a whole number of years or null"),
    (with_("people[0].age", 14.5), "people[0].age", "must be a whole number of years or null"),
    (with_("people[0].age", 14.0), "people[0].age", "must be a whole number of years or null"),
    (with_("people[0].age", -1), "people[0].age", "must be between 0 and 120"),
    (with_("people[0].age", 121), "people[0].age", "must be between 0 and 120"),
    (with_("people[0].age", 10**30), "people[0].age", "must be between 0 and 120"),
    (with_("people[0].is_pupil", "yes"), "people[0].is_pupil", "must be true, false or null"),
    (with_("people[0].send", 1), "people[0].send", "must be true, false or null"),
    (with_("people[0].name", "Sam"), "people[0].name", "unknown field"),
    (with_("content", []), "content", "must be an object"),
    (with_("content", "none"), "content", "must be an object"),
    (with_("content.sexual_acts", "yes"), "content.sexual_acts", "must be true, false or null"),
    (with_("content.violence", 0), "content.violence", "must be true, false or null"),
    (with_("content.nudity", True), "content.nudity", "unknown field"),
    (
        with_("circumstances.pressure_or_coercion", "true"),
        "circumstances.pressure_or_coercion",
        "must be true, false or null",
    ),
    (with_("risk.immediate_danger", 1), "risk.immediate_danger", "must be true, false or null"),
    (with_("risk.Immediate_danger", True), "risk.Immediate_danger", "unknown field"),
]


@pytest.mark.parametrize(
    ("data", "path", "message"), BAD_FACTS, ids=[f"{p or 'facts'}: {m}" for _, p, m in BAD_FACTS]
)
def test_bad_facts_are_refused_naming_the_field(data, path, message):
    with pytest.raises(FactsError) as caught:
        parse_facts(data)
    assert caught.value.field_path == path
    assert message in caught.value.message
    assert str(caught.value) == (f"{path}: {caught.value.message}" if path else message)


def test_the_first_unknown_key_is_named_with_the_keys_that_are_known():
    with pytest.raises(FactsError) as caught:
        parse_facts({"risk": {"danger": True, "harm": True}})
    assert caught.value.field_path == "risk.danger"
    assert "suicidal_or_self_harming, immediate_danger" in caught.value.message


@pytest.mark.parametrize("age", [MIN_AGE, 12, 13, 17, 18, MAX_AGE])
def test_ages_from_0_to_120_are_accepted(age):
    assert parse_facts(with_("people[0].age", age)).people[0].age == age


def test_designs_example_reads_as_written():
    assert parse_facts(NOTHING_WRONG) == Facts(
        people=(Person((Role.PICTURED,), 14, None, True, False),),
        content=Content(False, False, False, False),
        circumstances=Circumstances(False, False, False, False, False, False, False),
        risk=Risk(False, False),
    )


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({}, Facts()),
        ({"people": None, "content": None, "circumstances": None, "risk": None}, Facts()),
        ({"people": []}, Facts()),
        ({"content": {"violence": True}}, Facts(content=Content(violence=True))),
        ({"people": [{"role": "sender"}]}, Facts(people=(Person((Role.SENDER,)),))),
        ({"people": [{"roles": ["sender"]}]}, Facts(people=(Person((Role.SENDER,)),))),
        (
            {"people": [{"roles": ["sender", "pictured", "taker"]}]},
            Facts(people=(Person((Role.PICTURED, Role.TAKER, Role.SENDER)),)),
        ),
    ],
    ids=repr,
)
def test_a_missing_key_or_section_means_not_known_yet(data, expected):
    assert parse_facts(data) == expected


def test_facts_written_out_read_back_unchanged_with_every_key_present():
    written: dict[str, Any] = facts_to_dict(
        parse_facts({"people": [{"role": "sharer", "age": 15}]})
    )
    assert json.loads(json.dumps(written)) == written
    assert written["people"] == [
        {
            "roles": ["sharer"],
            "age": 15,
            "age_in_image": None,
            "is_pupil": None,
            "send": None,
            "works_with_children": None,
        }
    ]
    assert set(written) == {"people", "content", "circumstances", "risk"}
    assert list(written["circumstances"]) == list(NOTHING_WRONG["circumstances"])
    assert facts_to_dict(parse_facts(NOTHING_WRONG)) == NOTHING_WRONG


# --------------------------------------------------------------------------------------------
# Writing the assessment, names and plain words
# --------------------------------------------------------------------------------------------


def test_the_assessment_is_written_with_exactly_the_designs_keys():
    written = assessment_to_dict(assess(facts(circumstances=ONLINE)))
    assert list(written) == [
        "immediate_referral",
        "criteria",
        "to_consider",
        "unanswered",
        "manage_in_school_allowed",
        "call_999",
        "override_allowed",
    ]
    assert written["to_consider"] == [{"criterion": "ADULT_INVOLVED", "because": ANY_TEXT}]
    assert json.loads(json.dumps(written)) == written


class _AnyText:
    def __eq__(self, other: object) -> bool:
        return isinstance(other, str) and bool(other)


ANY_TEXT = _AnyText()


def test_designs_example_facts_give_designs_example_assessment():
    assert assessment_to_dict(assess(parse_facts(NOTHING_WRONG))) == {
        "immediate_referral": False,
        "criteria": [],
        "to_consider": [],
        "unanswered": [],
        "manage_in_school_allowed": True,
        "call_999": False,
        "override_allowed": False,
    }


def test_designs_single_role_person_reads_as_a_list_of_one():
    one = parse_facts({**NOTHING_WRONG, "people": [DESIGN_MD_PERSON]})
    assert one == parse_facts(NOTHING_WRONG)


def test_the_five_criteria_have_codes_labels_and_explanations():
    assert [str(c) for c in Criterion] == [
        "ADULT_INVOLVED",
        "COERCION_OR_CAPACITY",
        "UNUSUAL_OR_VIOLENT_ACTS",
        "UNDER_13_SEXUAL_ACTS",
        "IMMEDIATE_RISK_OF_HARM",
    ]
    for criterion in Criterion:
        assert criterion.label
        assert criterion.explanation.endswith(".")


def test_roles_are_the_eight_parts_the_issue_names():
    assert [str(r) for r in Role] == [
        "pictured",
        "taker",
        "sender",
        "recipient",
        "sharer",
        "possessor",
        "requester",
        "unknown",
    ]


def test_every_fact_path_has_a_plain_question():
    written = facts_to_dict(parse_facts(NOTHING_WRONG))
    for path, _ in walk(written):
        assert fact_question(path).endswith("?")
    assert fact_question("people[1].age") == "How old is person 2?"
    assert fact_question("people").endswith("?")
    with pytest.raises(KeyError):
        fact_question("content.colour")


NOTHING_TO_DO = Assessment(False, (), (), (), True, False)


NOT_IN_SCHOOL = {"manage_in_school_allowed": False}
NEXT_STEP_CASES = [
    ({}, ["You may decide to manage this in school, with the headteacher's agreement."]),
    (
        {"immediate_referral": True, "criteria": (R,), "call_999": True, **NOT_IN_SCHOOL},
        ["Call 999 now", "Refer now to children's social care", "No override can waive"],
    ),
    (
        {
            "immediate_referral": True,
            "criteria": (A,),
            "unanswered": ("content.violence",),
            **NOT_IN_SCHOOL,
        },
        ["Refer now", "An adult is involved", "No override", "add what you find out"],
    ),
    (
        {
            "immediate_referral": True,
            "criteria": (C,),
            "override_allowed": True,
            **NOT_IN_SCHOOL,
        },
        ["Refer now"],
    ),
    (
        {"contact_unverified": True, **NOT_IN_SCHOOL},
        ["An online contact is not verified"],
    ),
    (
        {"unanswered": ("content.violence",), **NOT_IN_SCHOOL},
        ["Some answers are still needed before you can decide."],
    ),
    (
        {"to_consider": (Consideration(C, "because"),)},
        ["Weigh each point to consider", "You may decide to manage this in school"],
    ),
]


@pytest.mark.parametrize(("changes", "expected"), NEXT_STEP_CASES, ids=repr)
def test_next_steps_say_what_to_do_most_urgent_first(changes, expected):
    said = next_steps(dataclasses.replace(NOTHING_TO_DO, **changes))
    assert len(said) == len(expected)
    for sentence, start in zip(said, expected, strict=True):
        assert start in sentence


# --------------------------------------------------------------------------------------------
# Managing in school and closing: blockers
# --------------------------------------------------------------------------------------------


def test_managing_in_school_needs_the_heads_agreement():
    assert manage_in_school_blockers(assessment=assess(facts()), head_agreed=True) == []
    assert manage_in_school_blockers(assessment=assess(facts()), head_agreed=False) == [
        "The headteacher must agree to managing this in school."
    ]


def test_managing_in_school_is_blocked_by_each_criterion_and_each_unanswered_fact():
    assessment = assess(facts([person("sender", 20)], content={"violence": None}))
    assert manage_in_school_blockers(assessment=assessment, head_agreed=True) == [
        "A criterion for immediate referral is met (An adult is involved): refer instead.",
        "Still to answer: Does the imagery show violence?",
    ]


CLOSE_OK: dict[str, Any] = {
    "outcome": "Managed in school",
    "rationale": "Both pupils supported; images deleted and confirmed.",
    "referral_required": False,
    "referral_recorded": False,
    "override_recorded": False,
    "open_actions": 0,
}
CLOSE_CASES = [
    ({}, []),
    ({"outcome": None}, ["Record the outcome."]),
    ({"outcome": "   "}, ["Record the outcome."]),
    ({"rationale": ""}, ["Record the reasons for closing."]),
    ({"referral_required": True}, ["A referral is required"]),
    ({"referral_required": True, "referral_recorded": True}, []),
    ({"referral_required": True, "override_recorded": True}, []),
    ({"referral_recorded": True}, []),
    ({"open_actions": 1}, ["1 action is still open"]),
    ({"open_actions": 3}, ["3 actions are still open"]),
    (
        {"outcome": None, "rationale": None, "referral_required": True, "open_actions": 2},
        ["Record the outcome.", "Record the reasons", "A referral is required", "2 actions"],
    ),
]


@pytest.mark.parametrize(("changes", "expected"), CLOSE_CASES, ids=repr)
def test_closing_needs_outcome_rationale_recorded_referral_and_no_open_action(changes, expected):
    blockers = closing_blockers(**{**CLOSE_OK, **changes})
    assert len(blockers) == len(expected)
    for blocker, start in zip(blockers, expected, strict=True):
        assert blocker.startswith(start)


def test_a_negative_count_of_open_actions_is_a_bug():
    with pytest.raises(ValueError, match="negative"):
        closing_blockers(**{**CLOSE_OK, "open_actions": -1})


# --------------------------------------------------------------------------------------------
# Properties over any valid facts
# --------------------------------------------------------------------------------------------

flags = st.one_of(st.none(), st.booleans())
# Weighted to the edges that matter (12/13 and 17/18) as well as anything in range.
ages = st.one_of(
    st.none(), st.sampled_from([0, 12, 13, 17, 18, MAX_AGE]), st.integers(MIN_AGE, MAX_AGE)
)
KNOWN_PARTS = [role for role in Role if role is not Role.UNKNOWN]
parts = st.one_of(
    st.just((Role.UNKNOWN,)),
    st.sets(st.sampled_from(KNOWN_PARTS), min_size=1).map(
        lambda chosen: tuple(r for r in Role if r in chosen)
    ),
)


@st.composite
def people_strategy(draw: st.DrawFn) -> Person:
    """A valid person: an age in the image only for someone pictured of known age, no more than
    that age (so filling in an unknown age can never make the facts unreadable)."""
    roles, age = draw(parts), draw(ages)
    in_image = None
    if Role.PICTURED in roles and age is not None:
        in_image = draw(st.one_of(st.none(), st.integers(MIN_AGE, age)))
    return Person(roles, age, in_image, draw(flags), draw(flags), draw(flags))


any_facts = st.builds(
    Facts,
    people=st.lists(people_strategy(), max_size=4).map(tuple),
    content=st.builds(Content, flags, flags, flags, flags),
    circumstances=st.builds(Circumstances, flags, flags, flags, flags, flags, flags, flags),
    risk=st.builds(Risk, flags, flags),
)


def walk(written: dict[str, Any]) -> list[tuple[str, object]]:
    """Every fact as (path, value), in fact order, from `facts_to_dict`'s output.

    A null `age_in_image` is not an unknown: it means "the same as their age", so it is left out.
    """
    found: list[tuple[str, object]] = [] if written["people"] else [("people", None)]
    for i, someone in enumerate(written["people"]):
        found += [
            (f"people[{i}].{key}", value)
            for key, value in someone.items()
            if not (key == "age_in_image" and value is None)
        ]
    for section in ("content", "circumstances", "risk"):
        found += [(f"{section}.{key}", value) for key, value in written[section].items()]
    return found


def people_data(people: list[Person]) -> list[dict[str, object]]:
    written: Any = facts_to_dict(Facts(people=tuple(people)))
    return list(written["people"])


def filled(given: Facts, path: str, value: object) -> Facts:
    data = facts_to_dict(given)
    set_path(data, path, value)
    return parse_facts(data)


def answers(path: str) -> list[object]:
    if path == "people":
        return [[{"roles": ["sender"], "age": age}] for age in (15, 18)]
    return [12, 15, 18] if path.endswith(".age") else [True, False]


@given(any_facts)
def test_assessment_fields_always_agree(given_facts):
    assessment = assess(given_facts)
    assert assessment.immediate_referral == bool(assessment.criteria)
    assert list(assessment.criteria) == [c for c in Criterion if c in assessment.criteria]
    unverified = given_facts.circumstances.online_contact_unverified is True
    assert assessment.manage_in_school_allowed == (
        not assessment.criteria and not assessment.unanswered and not unverified
    )
    assert assessment.override_allowed == (
        bool(assessment.criteria) and not assessment.never_overridden_because
    )
    assert assessment.call_999 == (given_facts.risk.immediate_danger is True)
    assert not assessment.call_999 or R in assessment.criteria
    assert assess(given_facts) == assessment


@given(any_facts)
def test_facts_round_trip_through_json(given_facts):
    assert parse_facts(json.loads(json.dumps(facts_to_dict(given_facts)))) == given_facts


@given(any_facts)
def test_unanswered_are_unknown_facts_in_fact_order(given_facts):
    nulls = [path for path, value in walk(facts_to_dict(given_facts)) if value is None]
    unanswered = list(assess(given_facts).unanswered)
    assert unanswered == [path for path in nulls if path in unanswered]


@given(any_facts, st.data())
def test_filling_in_an_unknown_never_removes_a_met_criterion(given_facts, data):
    nulls = [path for path, value in walk(facts_to_dict(given_facts)) if value is None]
    if not nulls:
        return
    path = data.draw(st.sampled_from(nulls))
    if path == "people":
        value = data.draw(st.lists(people_strategy(), min_size=1, max_size=2).map(people_data))
    elif path.endswith(".age"):
        value = data.draw(ages.filter(lambda a: a is not None))
    else:
        value = data.draw(flags)
    before = set(assess(given_facts).criteria)
    assert before <= set(assess(filled(given_facts, path, value)).criteria)


@given(any_facts)
def test_an_unknown_not_listed_as_unanswered_cannot_change_the_criteria(given_facts):
    assessment = assess(given_facts)
    for path, value in walk(facts_to_dict(given_facts)):
        if value is None and path not in assessment.unanswered:
            for answer in answers(path):
                assert assess(filled(given_facts, path, answer)).criteria == assessment.criteria


def completed_except(given: Facts, keep: str) -> dict[str, Any]:
    """Every unknown but `keep` answered so that `keep` alone can tip a criterion.

    Yes/no facts become false, except sexual acts (true); ages become 15 (neither under 13 nor
    adult), except when `keep` is sexual acts: then 12, so that sexual acts decides under 13.
    An empty people list stays empty: it decides only ADULT_INVOLVED, which nothing else fills.
    """
    data = facts_to_dict(given)
    for path, value in walk(data):
        if value is None and path not in (keep, "people"):
            if path.endswith(".age"):
                set_path(data, path, 12 if keep == "content.sexual_acts" else 15)
            else:
                set_path(data, path, path == "content.sexual_acts")
    return data


@given(any_facts)
def test_every_unanswered_fact_can_change_the_criteria(given_facts):
    for path in assess(given_facts).unanswered:
        data = completed_except(given_facts, path)
        outcomes = {assess(filled(parse_facts(data), path, a)).criteria for a in answers(path)}
        assert len(outcomes) > 1, path
