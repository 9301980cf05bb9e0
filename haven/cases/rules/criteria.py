"""The UKCIS immediate-referral criteria: facts in, assessment out (DESIGN.md, docs/triage.md).

A criterion is met only on a known true fact, so filling in an unknown can add a criterion but
never remove one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Final

from haven.cases.rules.facts import (
    ADULT_AGE,
    PERSON_KEYS,
    SECTION_KEYS,
    UNDER_13_BELOW,
    Assessment,
    Consideration,
    Criterion,
    Facts,
    Person,
    Role,
)

# ---------------------------------------------------------------------------------------------
# Fact paths, in fact order (people, content, circumstances, risk; fields as declared)
# ---------------------------------------------------------------------------------------------


def _fact_values(facts: Facts) -> Iterator[tuple[str, object]]:
    """Every fact as (path, value), in the order DESIGN.md writes them."""
    if not facts.people:
        yield "people", None  # nobody recorded yet: see _deciding_adult
    for i, person in enumerate(facts.people):
        for key in PERSON_KEYS:
            yield f"people[{i}].{key}", getattr(person, key)
    for name, keys in SECTION_KEYS.items():
        section = getattr(facts, name)
        for key in keys:
            yield f"{name}.{key}", getattr(section, key)


# Each yes/no criterion is met by any one of its facts being true.
_FLAG_CRITERIA: Final[dict[Criterion, tuple[str, ...]]] = {
    Criterion.COERCION_OR_CAPACITY: (
        "circumstances.threats_or_blackmail",
        "circumstances.money_or_more_images_demanded",
        "circumstances.grooming_suspected",
        "circumstances.pressure_or_coercion",
        "circumstances.capacity_to_consent_concern",
    ),
    Criterion.UNUSUAL_OR_VIOLENT_ACTS: (
        "content.violence",
        "content.unusual_for_developmental_stage",
    ),
    Criterion.IMMEDIATE_RISK_OF_HARM: (
        "risk.suicidal_or_self_harming",
        "risk.immediate_danger",
    ),
}


def _value(facts: Facts, path: str) -> object:
    section, key = path.split(".")
    return getattr(getattr(facts, section), key)


def _pictured(facts: Facts) -> Iterator[tuple[int, Person]]:
    return ((i, p) for i, p in enumerate(facts.people) if p.role is Role.PICTURED)


# ---------------------------------------------------------------------------------------------
# Criteria met
# ---------------------------------------------------------------------------------------------


def _adult_involved(facts: Facts) -> bool:
    return any(p.age is not None and p.age >= ADULT_AGE for p in facts.people)


def _under_13_sexual_acts(facts: Facts) -> bool:
    return facts.content.sexual_acts is True and any(
        p.age is not None and p.age < UNDER_13_BELOW for _, p in _pictured(facts)
    )


def _is_met(facts: Facts, criterion: Criterion) -> bool:
    if criterion is Criterion.ADULT_INVOLVED:
        return _adult_involved(facts)
    if criterion is Criterion.UNDER_13_SEXUAL_ACTS:
        return _under_13_sexual_acts(facts)
    return any(_value(facts, path) is True for path in _FLAG_CRITERIA[criterion])


# ---------------------------------------------------------------------------------------------
# Unknown facts that decide a criterion not yet met
# ---------------------------------------------------------------------------------------------


def _deciding_adult(facts: Facts) -> set[str]:
    # Anyone of unknown age may be 18 or over, whatever their role. An incident always involves
    # someone, so an empty (or missing) people list is itself an unknown that decides this.
    if not facts.people:
        return {"people"}
    return {f"people[{i}].age" for i, p in enumerate(facts.people) if p.age is None}


def _deciding_under_13(facts: Facts) -> set[str]:
    # Needs both halves: sexual acts shown, and a pictured child under 13. While sexual acts is
    # unknown it decides, if some pictured child is (or may be) under 13. An unknown pictured age
    # decides unless sexual acts are known to be absent or a known age already gives the second
    # half (then only sexual acts is left to find out).
    sexual_acts = facts.content.sexual_acts
    unknown_ages = {f"people[{i}].age" for i, p in _pictured(facts) if p.age is None}
    known_young = any(p.age is not None and p.age < UNDER_13_BELOW for _, p in _pictured(facts))
    deciding = unknown_ages if sexual_acts is not False and not known_young else set()
    if sexual_acts is None and (known_young or unknown_ages):
        deciding.add("content.sexual_acts")
    return deciding


def _deciding(facts: Facts, criterion: Criterion) -> set[str]:
    if criterion is Criterion.ADULT_INVOLVED:
        return _deciding_adult(facts)
    if criterion is Criterion.UNDER_13_SEXUAL_ACTS:
        return _deciding_under_13(facts)
    return {path for path in _FLAG_CRITERIA[criterion] if _value(facts, path) is None}


def _unanswered(facts: Facts, met: tuple[Criterion, ...]) -> tuple[str, ...]:
    """Null facts that could still meet a criterion not met yet, in fact order.

    `people` itself is listed while nobody is recorded (it decides ADULT_INVOLVED).
    Once a criterion is met its other unknowns decide nothing, so they are not listed. Facts that
    only feed `to_consider` (SEND, an unverified online contact) or nothing at all (is_pupil,
    ai_generated, shared_without_consent) are never listed.
    """
    deciding: set[str] = set()
    for criterion in Criterion:
        if criterion not in met:
            deciding |= _deciding(facts, criterion)
    return tuple(path for path, _ in _fact_values(facts) if path in deciding)


# ---------------------------------------------------------------------------------------------
# Points to consider
# ---------------------------------------------------------------------------------------------


def _consider_online_contact(facts: Facts, met: tuple[Criterion, ...]) -> list[Consideration]:
    # Listed even when an adult is already known: the contact may be a second, unknown adult.
    if facts.circumstances.online_contact_unverified is not True:
        return []
    because = (
        "An online contact has not been verified and may be an adult: sextortion often starts"
        " with an adult posing as a young person."
    )
    return [Consideration(Criterion.ADULT_INVOLVED, because)]


def _consider_unknown_age(facts: Facts, met: tuple[Criterion, ...]) -> list[Consideration]:
    if facts.content.sexual_acts is not True:
        return []
    return [
        Consideration(
            Criterion.UNDER_13_SEXUAL_ACTS,
            f"The age of a pictured person (people[{i}]) is not known and the imagery shows"
            " sexual acts: if they are under 13, this criterion is met.",
        )
        for i, p in _pictured(facts)
        if p.age is None
    ]


def _consider_send(facts: Facts, met: tuple[Criterion, ...]) -> list[Consideration]:
    # A reminder only: SEND is not itself a concern about capacity to consent.
    if Criterion.COERCION_OR_CAPACITY in met:
        return []
    return [
        Consideration(
            Criterion.COERCION_OR_CAPACITY,
            f"A pictured person (people[{i}]) has special educational needs: weigh whether there"
            " is a concern about their capacity to consent.",
        )
        for i, p in _pictured(facts)
        if p.send is True
    ]


# Each gives the considerations for one criterion; listed in criterion order.
_CONSIDER: Final[tuple[Callable[[Facts, tuple[Criterion, ...]], list[Consideration]], ...]] = (
    _consider_online_contact,
    _consider_send,
    _consider_unknown_age,
)


# ---------------------------------------------------------------------------------------------
# The assessment
# ---------------------------------------------------------------------------------------------


def assess(facts: Facts) -> Assessment:
    """Judge the five immediate-referral criteria on the facts known so far.

    - `criteria`: the criteria met on known facts, in the guidance's order.
    - `to_consider`: facts that may meet a criterion, grouped in criterion order then fact order.
    - `unanswered`: null facts that could still meet a criterion not yet met, in fact order.
    - `manage_in_school_allowed`: no criterion met and nothing deciding one unanswered.
    - `call_999`: immediate danger is known.
    Re-run it whenever a fact changes: any new fact can meet a criterion later.
    """
    met = tuple(c for c in Criterion if _is_met(facts, c))
    unanswered = _unanswered(facts, met)
    return Assessment(
        immediate_referral=bool(met),
        criteria=met,
        to_consider=tuple(item for rule in _CONSIDER for item in rule(facts, met)),
        unanswered=unanswered,
        manage_in_school_allowed=not met and not unanswered,
        call_999=facts.risk.immediate_danger is True,
    )


def assessment_to_dict(assessment: Assessment) -> dict[str, object]:
    """The assessment as JSON-ready data, keys exactly as DESIGN.md writes them."""
    return {
        "immediate_referral": assessment.immediate_referral,
        "criteria": [str(c) for c in assessment.criteria],
        "to_consider": [
            {"criterion": str(item.criterion), "because": item.because}
            for item in assessment.to_consider
        ],
        "unanswered": list(assessment.unanswered),
        "manage_in_school_allowed": assessment.manage_in_school_allowed,
        "call_999": assessment.call_999,
    }


# ---------------------------------------------------------------------------------------------
# Plain words for the DSL
# ---------------------------------------------------------------------------------------------

_QUESTIONS: Final[dict[str, str]] = {
    "people": "Who is involved, and how old is each of them?",
    "content.sexual_acts": "Does the imagery show sexual acts?",
    "content.violence": "Does the imagery show violence?",
    "content.unusual_for_developmental_stage": (
        "Does the imagery show sexual acts unusual for the child's developmental stage?"
    ),
    "content.ai_generated": "Was the imagery made or altered by software (for example AI)?",
    "circumstances.threats_or_blackmail": "Has anyone made threats or used blackmail?",
    "circumstances.money_or_more_images_demanded": "Has anyone demanded money or more images?",
    "circumstances.grooming_suspected": "Is grooming suspected?",
    "circumstances.pressure_or_coercion": "Was a child pressured or coerced?",
    "circumstances.capacity_to_consent_concern": (
        "Is there a concern about a child's capacity to consent?"
    ),
    "circumstances.shared_without_consent": "Was the imagery shared without consent?",
    "circumstances.online_contact_unverified": (
        "Is there an online contact whose identity has not been verified?"
    ),
    "risk.suicidal_or_self_harming": "Is a child presenting as suicidal or self-harming?",
    "risk.immediate_danger": "Is anyone in immediate danger?",
}
_PERSON_QUESTIONS: Final[dict[str, str]] = {
    "people": "Who is involved, and how old is each of them?",
    "role": "How is person {n} involved?",
    "age": "How old is person {n}?",
    "is_pupil": "Is person {n} a pupil?",
    "send": "Does person {n} have special educational needs (SEND)?",
}


def fact_question(path: str) -> str:
    """The question a fact path answers, in plain words (`people[1].age` -> person 2's age).

    Raises KeyError for a path that is not a fact.
    """
    if path.startswith("people[") and "]." in path:
        index, key = path.removeprefix("people[").split("].", 1)
        if index.isdigit():
            return _PERSON_QUESTIONS[key].format(n=int(index) + 1)
    return _QUESTIONS[path]


def next_steps(assessment: Assessment) -> list[str]:
    """What the assessment means for the DSL, most urgent first, in plain words."""
    referral = assessment.immediate_referral
    steps: list[str] = []
    if assessment.call_999:
        steps.append("Call 999 now: someone is in immediate danger.")
    if referral:
        steps.append("Refer now to children's social care and/or the police.")
    if Criterion.ADULT_INVOLVED in assessment.criteria:
        steps.append("An adult is involved: this is child sexual abuse. Tell the police urgently.")
    if assessment.unanswered:
        steps.append(
            "Some answers are still needed: add what you find out to the referral."
            if referral
            else "Some answers are still needed before you can decide."
        )
    if assessment.to_consider:
        steps.append("Weigh each point to consider: any of them may meet a criterion.")
    if assessment.manage_in_school_allowed:
        steps.append("You may decide to manage this in school, with the headteacher's agreement.")
    return steps
