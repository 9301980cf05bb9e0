"""The facts of an incident, as the triage interface writes them (DESIGN.md), and reading them.

Facts use three values for every question: true, false and null ("not known yet").
"""

from __future__ import annotations

import dataclasses
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
    TAKER = "taker"
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
    """Someone involved, in one or more parts (`roles`: a child who took and sent their own image
    is pictured, taker and sender).

    `age` is whole years when they acted (asked for, took, received, sent, shared or kept it);
    `age_in_image`, for someone pictured, their age when the image was made (None: the same as
    `age`). `send` marks special educational needs; `works_with_children` an adult in a position
    of trust (staff, coach, volunteer).
    """

    roles: tuple[Role, ...]
    age: int | None = None
    age_in_image: int | None = None
    is_pupil: bool | None = None
    send: bool | None = None
    works_with_children: bool | None = None

    @property
    def pictured(self) -> bool:
        return Role.PICTURED in self.roles

    @property
    def acted(self) -> bool:
        """Has a part other than being pictured (an unknown part counts: it may be any)."""
        return any(role is not Role.PICTURED for role in self.roles)

    @property
    def image_age(self) -> int | None:
        """Their age in the image, if pictured (the age now when not given otherwise)."""
        if not self.pictured:
            return None
        return self.age if self.age_in_image is None else self.age_in_image


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
    override_allowed: bool = False
    # Why no override may waive the referral (codes, `overrides.OVERRIDE_REFUSED`); empty when one
    # may, or when nothing is met.
    never_overridden_because: tuple[str, ...] = ()
    contact_unverified: bool = False  # an online contact not verified: never managed in school


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
SECTION_KEYS: Final = {
    name: tuple(f.name for f in dataclasses.fields(cls)) for name, cls in _SECTIONS.items()
}
_TOP_KEYS: Final = ("people", *_SECTIONS)
_ROLE_VALUES: Final = frozenset(str(role) for role in Role)
PERSON_KEYS: Final = tuple(f.name for f in dataclasses.fields(Person))
# What the input may hold for a person: the fields, and `role` (one part, as before `roles`).
_PERSON_INPUT_KEYS: Final = ("role", *PERSON_KEYS)


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


def _one_role(value: object, path: str) -> Role:
    if not isinstance(value, str) or value not in _ROLE_VALUES:
        raise FactsError(path, f"must be one of: {', '.join(Role)}")
    return Role(value)


def _roles(data: dict[str, object], path: str) -> tuple[Role, ...]:
    """The person's parts: `roles` (a list) or `role` (one part, meaning a list of one).

    Required: "unknown" is how to say the part is not known, so null and an empty list are
    refused; so are both keys together, a part listed twice and "unknown" beside a known part.
    """
    if "role" in data and "roles" in data:
        raise FactsError(f"{path}.roles", "give roles or role, not both")
    if "role" in data:
        return (_one_role(data["role"], f"{path}.role"),)
    if "roles" not in data:
        raise FactsError(f"{path}.roles", f"is required: a list of {', '.join(Role)}")
    value = data["roles"]
    if not isinstance(value, list) or not value:
        raise FactsError(f"{path}.roles", f"must be a list of one or more of: {', '.join(Role)}")
    roles = [_one_role(item, f"{path}.roles[{i}]") for i, item in enumerate(value)]
    if len(set(roles)) != len(roles):
        raise FactsError(f"{path}.roles", "lists a part twice")
    if Role.UNKNOWN in roles and len(roles) > 1:
        raise FactsError(f"{path}.roles", "unknown cannot be listed with a known part")
    return tuple(role for role in Role if role in roles)  # one order, whatever was typed


def _person(value: object, path: str) -> Person:
    data = _object(value, path, _PERSON_INPUT_KEYS)
    roles = _roles(data, path)
    age = _age(data.get("age"), f"{path}.age")
    age_in_image = _age(data.get("age_in_image"), f"{path}.age_in_image")
    if age_in_image is not None and Role.PICTURED not in roles:
        raise FactsError(f"{path}.age_in_image", "is only for someone pictured")
    if age_in_image is not None and age is not None and age_in_image > age:
        raise FactsError(f"{path}.age_in_image", "cannot be more than their age")
    return Person(
        roles=roles,
        age=age,
        age_in_image=age_in_image,
        is_pupil=_flag(data.get("is_pupil"), f"{path}.is_pupil"),
        send=_flag(data.get("send"), f"{path}.send"),
        works_with_children=_flag(data.get("works_with_children"), f"{path}.works_with_children"),
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
    keys = SECTION_KEYS[name]
    data = _object(value, name, keys)
    return cls(**{key: _flag(data.get(key), f"{name}.{key}") for key in keys})


def parse_facts(data: object) -> Facts:
    """Read facts from JSON-like data (what `json.loads` gives), strictly.

    A missing key means the same as null: "not known yet", so partial facts can be assessed while
    the review goes on. A missing or null section means every fact in it is unknown; missing or
    null `people` means nobody is recorded yet (`assess` then lists `people` as unanswered).
    Each person's parts are required, as `roles` (a list) or `role` (one part; not both): say
    `unknown`. `age_in_image` is only for someone pictured, and no more than `age`. Anything else
    is refused with `FactsError` naming the field: unknown keys, a bool or a fraction as an age, an
    age outside 0 to 120, anything but true/false/null for a yes/no fact.
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
