"""The guidance as plain Python: the UKCIS immediate-referral criteria and what closing needs.

Source: UKCIS "Sharing nudes and semi-nudes: advice for education settings working with children
and young people" (2020, updated 2024). docs/triage.md explains every rule for DSLs and auditors.

Plain data in, outcome out: no Django, no database, no HTTP. The same functions serve the
initial-review page, the services and `python -m haven.cases.triage`, so they must never drift.

Facts use three values for every question: true, false and null ("not known yet"). A criterion is
met only on a known true fact, so filling in an unknown can add a criterion but never remove one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

# Ages outside this range are typing mistakes, not people.
MIN_AGE: Final = 0
MAX_AGE: Final = 120
ADULT_AGE: Final = 18
UNDER_13_BELOW: Final = 13


class Role(StrEnum):
    """How a person is involved in the incident."""

    PICTURED = "pictured"
    SENDER = "sender"
    RECIPIENT = "recipient"
    SHARER = "sharer"
    POSSESSOR = "possessor"
    REQUESTER = "requester"
    UNKNOWN = "unknown"


class Criterion(StrEnum):
    """The five immediate-referral criteria, in the guidance's order (also the output order)."""

    ADULT_INVOLVED = "ADULT_INVOLVED"
    COERCION_OR_CAPACITY = "COERCION_OR_CAPACITY"
    UNUSUAL_OR_VIOLENT_ACTS = "UNUSUAL_OR_VIOLENT_ACTS"
    UNDER_13_SEXUAL_ACTS = "UNDER_13_SEXUAL_ACTS"
    IMMEDIATE_RISK_OF_HARM = "IMMEDIATE_RISK_OF_HARM"

    @property
    def label(self) -> str:
        """A short plain-English name for the page."""
        return _CRITERION_TEXT[self][0]

    @property
    def explanation(self) -> str:
        """One sentence saying when the criterion is met."""
        return _CRITERION_TEXT[self][1]


_CRITERION_TEXT: Final[dict[Criterion, tuple[str, str]]] = {
    Criterion.ADULT_INVOLVED: (
        "An adult is involved",
        "Someone aged 18 or over is involved in any way: sending, receiving, sharing, asking for"
        " images, or posing as a child.",
    ),
    Criterion.COERCION_OR_CAPACITY: (
        "Coercion, blackmail, grooming or capacity to consent",
        "There is reason to believe a child was pressured, coerced, blackmailed or groomed, or a"
        " concern about a child's capacity to consent (for example because of SEND).",
    ),
    Criterion.UNUSUAL_OR_VIOLENT_ACTS: (
        "Violence, or acts unusual for the child's development",
        "What is known of the imagery suggests violence, or sexual acts unusual for the child's"
        " developmental stage.",
    ),
    Criterion.UNDER_13_SEXUAL_ACTS: (
        "Sexual acts and a child under 13",
        "The imagery shows sexual acts and a child pictured in it is under 13.",
    ),
    Criterion.IMMEDIATE_RISK_OF_HARM: (
        "A child is at immediate risk of harm",
        "There is reason to believe a child is at immediate risk of harm because of the sharing,"
        " for example suicidal or self-harming, or in immediate danger.",
    ),
}


@dataclass(frozen=True)
class Person:
    """Someone involved. `age` is whole years; `send` marks special educational needs."""

    role: Role
    age: int | None = None
    is_pupil: bool | None = None
    send: bool | None = None


@dataclass(frozen=True)
class Content:
    """What is known of the imagery (from what was said, never from viewing it)."""

    sexual_acts: bool | None = None
    violence: bool | None = None
    unusual_for_developmental_stage: bool | None = None
    ai_generated: bool | None = None


@dataclass(frozen=True)
class Circumstances:
    """How the imagery was made, asked for and shared."""

    threats_or_blackmail: bool | None = None
    money_or_more_images_demanded: bool | None = None
    grooming_suspected: bool | None = None
    pressure_or_coercion: bool | None = None
    capacity_to_consent_concern: bool | None = None
    shared_without_consent: bool | None = None
    online_contact_unverified: bool | None = None


@dataclass(frozen=True)
class Risk:
    """Risk to a child now."""

    suicidal_or_self_harming: bool | None = None
    immediate_danger: bool | None = None


@dataclass(frozen=True)
class Facts:
    """Everything the criteria are judged on. The default is "nothing known yet"."""

    people: tuple[Person, ...] = ()
    content: Content = Content()
    circumstances: Circumstances = Circumstances()
    risk: Risk = Risk()


@dataclass(frozen=True)
class Consideration:
    """A fact that may meet a criterion: the DSL weighs it, the rules cannot."""

    criterion: Criterion
    because: str


@dataclass(frozen=True)
class Assessment:
    """The outcome of `assess`. Build it only with `assess`, so the fields agree."""

    immediate_referral: bool
    criteria: tuple[Criterion, ...]
    to_consider: tuple[Consideration, ...]
    unanswered: tuple[str, ...]
    manage_in_school_allowed: bool
    call_999: bool


class FactsError(ValueError):
    """Facts that cannot be read; `field_path` names the field as in DESIGN.md (`people[1].age`)."""

    def __init__(self, field_path: str, message: str) -> None:
        self.field_path = field_path
        self.message = message
        super().__init__(f"{field_path}: {message}" if field_path else message)


# ---------------------------------------------------------------------------------------------
# Reading facts
# ---------------------------------------------------------------------------------------------

_SECTIONS: Final[dict[str, type[Content | Circumstances | Risk]]] = {
    "content": Content,
    "circumstances": Circumstances,
    "risk": Risk,
}
_SECTION_KEYS: Final = {
    name: tuple(f.name for f in dataclasses.fields(cls)) for name, cls in _SECTIONS.items()
}
_TOP_KEYS: Final = ("people", *_SECTIONS)
_ROLE_VALUES: Final = frozenset(str(role) for role in Role)
_PERSON_KEYS: Final = tuple(f.name for f in dataclasses.fields(Person))


def _join(parent: str, key: str) -> str:
    return f"{parent}.{key}" if parent else key


def _object(value: object, path: str, allowed: tuple[str, ...]) -> dict[str, object]:
    """A JSON object with only `allowed` keys; the first stray key (in input order) is named."""
    if not isinstance(value, dict):
        raise FactsError(path, "must be an object" if path else "the facts must be a JSON object")
    for key in value:
        if not isinstance(key, str):
            raise FactsError(path, "keys must be strings")
        if key not in allowed:
            raise FactsError(
                _join(path, key), f"unknown field; expected one of: {', '.join(allowed)}"
            )
    return value


def _flag(value: object, path: str) -> bool | None:
    # `type(...) is bool` rather than isinstance: 0 and 1 are not answers to a yes/no question.
    if value is None or type(value) is bool:
        return value
    raise FactsError(path, "must be true, false or null")


def _age(value: object, path: str) -> int | None:
    # bool is a subclass of int in Python, and JSON's 14.0 is a float: reject both.
    if value is None:
        return None
    if type(value) is not int:
        raise FactsError(path, "must be a whole number of years or null")
    if not MIN_AGE <= value <= MAX_AGE:
        raise FactsError(path, f"must be between {MIN_AGE} and {MAX_AGE}")
    return value


def _role(data: dict[str, object], path: str) -> Role:
    # Role is the one required field: "unknown" is how to say it is not known, so null is refused.
    choices = ", ".join(Role)
    if "role" not in data:
        raise FactsError(path, f"is required: one of {choices}")
    value = data["role"]
    if not isinstance(value, str) or value not in _ROLE_VALUES:
        raise FactsError(path, f"must be one of: {choices}")
    return Role(value)


def _person(value: object, path: str) -> Person:
    data = _object(value, path, _PERSON_KEYS)
    return Person(
        role=_role(data, f"{path}.role"),
        age=_age(data.get("age"), f"{path}.age"),
        is_pupil=_flag(data.get("is_pupil"), f"{path}.is_pupil"),
        send=_flag(data.get("send"), f"{path}.send"),
    )


def _people(value: object) -> tuple[Person, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise FactsError("people", "must be a list or null")
    return tuple(_person(item, f"people[{i}]") for i, item in enumerate(value))


def _section[S: (Content, Circumstances, Risk)](value: object, name: str, cls: type[S]) -> S:
    if value is None:
        return cls()
    keys = _SECTION_KEYS[name]
    data = _object(value, name, keys)
    return cls(**{key: _flag(data.get(key), f"{name}.{key}") for key in keys})


def parse_facts(data: object) -> Facts:
    """Read facts from JSON-like data (what `json.loads` gives), strictly.

    A missing key means the same as null: "not known yet", so partial facts can be assessed while
    the review goes on. A missing or null section means every fact in it is unknown; missing or
    null `people` means nobody is recorded yet (`assess` then lists `people` as unanswered).
    Each person's `role` is required (say `unknown`). Anything else is refused with `FactsError`
    naming the field: unknown keys, a bool or a fraction as an age, an age outside 0 to 120,
    anything but true/false/null for a yes/no fact.
    """
    root = _object(data, "", _TOP_KEYS)
    return Facts(
        people=_people(root.get("people")),
        content=_section(root.get("content"), "content", Content),
        circumstances=_section(root.get("circumstances"), "circumstances", Circumstances),
        risk=_section(root.get("risk"), "risk", Risk),
    )


def facts_to_dict(facts: Facts) -> dict[str, object]:
    """Facts as JSON-ready data with every key present; `parse_facts` reads it back unchanged."""
    return dataclasses.asdict(facts, dict_factory=_plain_dict)


def _plain_dict(items: list[tuple[str, object]]) -> dict[str, object]:
    # asdict keeps tuples and enum members; JSON wants lists and strings.
    return {key: _plain(value) for key, value in items}


def _plain(value: object) -> object:
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    if isinstance(value, StrEnum):
        return str(value)
    return value


# ---------------------------------------------------------------------------------------------
# Fact paths, in fact order (people, content, circumstances, risk; fields as declared)
# ---------------------------------------------------------------------------------------------


def _fact_values(facts: Facts) -> Iterator[tuple[str, object]]:
    """Every fact as (path, value), in the order DESIGN.md writes them."""
    if not facts.people:
        yield "people", None  # nobody recorded yet: see _deciding_adult
    for i, person in enumerate(facts.people):
        for key in _PERSON_KEYS:
            yield f"people[{i}].{key}", getattr(person, key)
    for name, keys in _SECTION_KEYS.items():
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


# ---------------------------------------------------------------------------------------------
# Managing in school and closing a case
# ---------------------------------------------------------------------------------------------


def manage_in_school_blockers(*, assessment: Assessment, head_agreed: bool) -> list[str]:
    """Why the case may not be managed in school yet; an empty list means it may.

    The guidance allows it only when none of the five criteria holds (so a recorded referral does
    not unblock it: the referral decides what happens next) and the headteacher agrees.
    """
    blockers = [
        f"A criterion for immediate referral is met ({c.label}): refer instead."
        for c in assessment.criteria
    ]
    blockers += [f"Still to answer: {fact_question(path)}" for path in assessment.unanswered]
    if not head_agreed:
        blockers.append("The headteacher must agree to managing this in school.")
    return blockers


def closing_blockers(
    *,
    outcome: str | None,
    rationale: str | None,
    referral_required: bool,
    referral_recorded: bool,
    override_recorded: bool,
    open_actions: int,
) -> list[str]:
    """Why the case may not be closed yet; an empty list means it may.

    Closing needs an outcome, a rationale, no required referral left unrecorded (an authorised
    override with its reason counts as recorded) and no action still open.
    Raises ValueError on a negative count, which is a bug in the caller.
    """
    if open_actions < 0:
        raise ValueError("open_actions cannot be negative")
    blockers: list[str] = []
    if not (outcome and outcome.strip()):
        blockers.append("Record the outcome.")
    if not (rationale and rationale.strip()):
        blockers.append("Record the reasons for closing.")
    if referral_required and not (referral_recorded or override_recorded):
        blockers.append(
            "A referral is required: record it, or an authorised override with its reason."
        )
    if open_actions:
        noun = "action is" if open_actions == 1 else "actions are"
        blockers.append(f"{open_actions} {noun} still open: mark each done or cancelled.")
    return blockers
