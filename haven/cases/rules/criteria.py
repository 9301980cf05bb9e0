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
)
from haven.cases.rules.overrides import NEVER_OVERRIDDEN

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
    return ((i, p) for i, p in enumerate(facts.people) if p.pictured)


def _is_adult(person: Person) -> bool:
    """18 or over when they acted (in any part but being pictured), or in the image. A pupil of 18
    pictured in an image made at 17 is a child in it, not an adult involved."""
    acted_as_adult = person.acted and person.age is not None and person.age >= ADULT_AGE
    image_age = person.image_age
    return acted_as_adult or (image_age is not None and image_age >= ADULT_AGE)


def _age_decides_adult(person: Person) -> bool:
    # The one age that may still show an adult: the age when they acted, or (pictured only) in
    # the image, which is their age now unless said otherwise.
    if person.acted:
        return person.age is None
    return person.image_age is None


# ---------------------------------------------------------------------------------------------
# Criteria met
# ---------------------------------------------------------------------------------------------


def _adult_involved(facts: Facts) -> bool:
    return any(_is_adult(p) for p in facts.people)


def _under_13_in_image(person: Person) -> bool:
    image_age = person.image_age
    return image_age is not None and image_age < UNDER_13_BELOW


def _under_13_sexual_acts(facts: Facts) -> bool:
    # The age when the image was made counts, not the age now: a pupil of 13 pictured at 12 is a
    # child under 13 in it.
    return facts.content.sexual_acts is True and any(
        _under_13_in_image(p) for _, p in _pictured(facts)
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
    return {f"people[{i}].age" for i, p in enumerate(facts.people) if _age_decides_adult(p)}


def _deciding_under_13(facts: Facts) -> set[str]:
    # Needs both halves: sexual acts shown, and a pictured child under 13. While sexual acts is
    # unknown it decides, if some pictured child is (or may be) under 13. An unknown pictured age
    # decides unless sexual acts are known to be absent or a known age already gives the second
    # half (then only sexual acts is left to find out).
    # An age in the image not given is the age now, so only a missing `age` leaves it unknown.
    sexual_acts = facts.content.sexual_acts
    unknown_ages = {f"people[{i}].age" for i, p in _pictured(facts) if p.image_age is None}
    known_young = any(_under_13_in_image(p) for _, p in _pictured(facts))
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
        if p.image_age is None
    ]


def _consider_send(facts: Facts, met: tuple[Criterion, ...]) -> list[Consideration]:
    # A reminder only: SEND is not itself a concern about capacity to consent.
    if Criterion.COERCION_OR_CAPACITY in met:
        return []
    # Anyone with SEND, in any part: a child who sent their own image, or was asked for one.
    return [
        Consideration(
            Criterion.COERCION_OR_CAPACITY,
            f"A person (people[{i}]) has special educational needs: weigh whether there"
            " is a concern about their capacity to consent.",
        )
        for i, p in enumerate(facts.people)
        if p.send is True
    ]


def _consider_sextortion(facts: Facts, met: tuple[Criterion, ...]) -> list[Consideration]:
    # Met already (COERCION_OR_CAPACITY); listed so the page says why no override can waive it.
    circumstances = facts.circumstances
    if not (circumstances.threats_or_blackmail or circumstances.money_or_more_images_demanded):
        return []
    because = (
        "Threats, blackmail or a demand for money or more images: this may be sextortion, most"
        " often by adults posing as young people. Tell the police; the referral cannot be"
        " overridden."
    )
    return [Consideration(Criterion.COERCION_OR_CAPACITY, because)]


def _consider_works_with_children(facts: Facts, met: tuple[Criterion, ...]) -> list[Consideration]:
    return [
        Consideration(
            Criterion.ADULT_INVOLVED,
            f"A person (people[{i}]) works with children: tell the local authority designated"
            " officer (LADO) the same day, as well as the police.",
        )
        for i, p in enumerate(facts.people)
        if p.works_with_children is True
    ]


# Each gives the considerations for one criterion; listed in criterion order.
_CONSIDER: Final[tuple[Callable[[Facts, tuple[Criterion, ...]], list[Consideration]], ...]] = (
    _consider_online_contact,
    _consider_works_with_children,
    _consider_sextortion,
    _consider_send,
    _consider_unknown_age,
)


# ---------------------------------------------------------------------------------------------
# Whether an override may waive the referral
# ---------------------------------------------------------------------------------------------

# Facts that mean no override can waive a referral, beside the criteria NEVER_OVERRIDDEN holds:
# sextortion (NCA/CEOP 2024 alert) and a contact who may be an adult.
# Someone who works with children (staff, a coach, a volunteer) is involved: an allegation
# against them goes to the police and the LADO, whatever their age is found to be.
WORKS_WITH_CHILDREN: Final = "people.works_with_children"
_NEVER_OVERRIDDEN_FACTS: Final = (
    "circumstances.threats_or_blackmail",
    "circumstances.money_or_more_images_demanded",
    "circumstances.online_contact_unverified",
)


def _never_overridden_because(facts: Facts, met: tuple[Criterion, ...]) -> tuple[str, ...]:
    if not met:
        return ()
    codes = [str(c) for c in met if c in NEVER_OVERRIDDEN]
    if any(p.works_with_children is True for p in facts.people):
        codes.append(WORKS_WITH_CHILDREN)
    codes += [path for path in _NEVER_OVERRIDDEN_FACTS if _value(facts, path) is True]
    return tuple(codes)


# ---------------------------------------------------------------------------------------------
# The assessment
# ---------------------------------------------------------------------------------------------


def assess(facts: Facts) -> Assessment:
    """Judge the five immediate-referral criteria on the facts known so far.

    - `criteria`: the criteria met on known facts, in the guidance's order.
    - `to_consider`: facts that may meet a criterion, grouped in criterion order then fact order.
    - `unanswered`: null facts that could still meet a criterion not yet met, in fact order.
    - `manage_in_school_allowed`: no criterion met, nothing deciding one unanswered, and no
      unverified online contact (whatever age they claim, they may be an adult).
    - `call_999`: immediate danger is known.
    - `override_allowed`: a criterion is met and the guidance lets the DSL and head agree not to
      refer: never with an adult involved, a child at immediate risk, threats or blackmail, money
      or more images demanded, or an unverified online contact.
    Re-run it whenever a fact changes: any new fact can meet a criterion later.
    """
    met = tuple(c for c in Criterion if _is_met(facts, c))
    unanswered = _unanswered(facts, met)
    unverified_contact = facts.circumstances.online_contact_unverified is True
    refused = _never_overridden_because(facts, met)
    return Assessment(
        immediate_referral=bool(met),
        criteria=met,
        to_consider=tuple(item for rule in _CONSIDER for item in rule(facts, met)),
        unanswered=unanswered,
        manage_in_school_allowed=not met and not unanswered and not unverified_contact,
        call_999=facts.risk.immediate_danger is True,
        override_allowed=bool(met) and not refused,
        never_overridden_because=refused,
        contact_unverified=unverified_contact,
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
        "override_allowed": assessment.override_allowed,
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
    "roles": "How is person {n} involved?",
    "age": "How old is person {n}?",
    "age_in_image": "How old was person {n} when the picture or video was made?",
    "is_pupil": "Is person {n} a pupil?",
    "send": "Does person {n} have special educational needs (SEND)?",
    "works_with_children": "Does person {n} work with children (staff, coach, volunteer)?",
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


def next_steps(assessment: Assessment, *, refer_every_case: bool = False) -> list[str]:
    """What the assessment means for the DSL, most urgent first, in plain words. Where the school
    refers every case (its policy), managing in school is never offered: refer it."""
    referral = assessment.immediate_referral
    steps: list[str] = []
    if assessment.call_999:
        steps.append("Call 999 now: someone is in immediate danger.")
    if referral:
        steps.append("Refer now to children's social care and/or the police.")
    if Criterion.ADULT_INVOLVED in assessment.criteria:
        steps.append("An adult is involved: this is child sexual abuse. Tell the police urgently.")
    if referral and not assessment.override_allowed:
        steps.append("No override can waive this referral.")
    if assessment.unanswered:
        steps.append(
            "Some answers are still needed: add what you find out to the referral."
            if referral
            else "Some answers are still needed before you can decide."
        )
    if assessment.to_consider:
        steps.append("Weigh each point to consider: any of them may meet a criterion.")
    if assessment.contact_unverified:
        steps.append(
            "An online contact is not verified: they may be an adult, whatever age they claim."
            " This cannot be managed in school until you know who they are."
        )
    if refer_every_case:
        steps.append("Your school refers every case to children's social care: make the referral.")
    elif assessment.manage_in_school_allowed:
        steps.append("You may decide to manage this in school, with the headteacher's agreement.")
    return steps
