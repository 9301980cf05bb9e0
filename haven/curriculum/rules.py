"""The curriculum's rules as pure functions: topics, the RSHE guidance by key stage, school terms,
small-number suppression and the coverage prompt. Plain data in, outcome out; no Django.

The coverage prompt: a year group with incidents this term or last, and no lesson on the topic an
incident calls for delivered in this school year, gets a prompt to the PSHE lead and the DSL. A
lesson only planned does not clear it; nor does one delivered in an earlier school year.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Topic(StrEnum):
    SHARING_NUDES = "sharing_nudes"
    CONSENT = "consent"
    LAW_AND_POLICE = "law_and_police"
    SEXTORTION = "sextortion"
    AI_IMAGES = "ai_images"
    ONLINE_RELATIONSHIPS = "online_relationships"
    PRESSURE_AND_FRIENDSHIPS = "pressure_and_friendships"
    WHERE_TO_GET_HELP = "where_to_get_help"
    KEEPING_SAFE_ONLINE = "keeping_safe_online"


TOPIC_LABELS: dict[Topic, str] = {
    Topic.SHARING_NUDES: "Sharing nudes and semi-nudes",
    Topic.CONSENT: "Consent",
    Topic.LAW_AND_POLICE: "The law and what the police do",
    Topic.SEXTORTION: "Sextortion",
    Topic.AI_IMAGES: "AI-generated images and deepfakes",
    Topic.ONLINE_RELATIONSHIPS: "Online relationships",
    Topic.PRESSURE_AND_FRIENDSHIPS: "Pressure and healthy friendships",
    Topic.WHERE_TO_GET_HELP: "Where to get help (Report Remove, Childline, CEOP)",
    Topic.KEEPING_SAFE_ONLINE: "Keeping safe online",
}

# What families read: plain English, reading age about 11.
FAMILY_TOPIC_WORDS: dict[Topic, str] = {
    Topic.SHARING_NUDES: "what to do if someone asks for or shares a nude picture",
    Topic.CONSENT: "what consent means and how to respect it",
    Topic.LAW_AND_POLICE: "what the law says and what the police do",
    Topic.SEXTORTION: "what to do if someone threatens you or asks for money online",
    Topic.AI_IMAGES: "fake pictures made by computers (AI and deepfakes)",
    Topic.ONLINE_RELATIONSHIPS: "friendships and relationships online",
    Topic.PRESSURE_AND_FRIENDSHIPS: "pressure, and what a good friendship looks like",
    Topic.WHERE_TO_GET_HELP: "where to get help, such as Childline and Report Remove",
    Topic.KEEPING_SAFE_ONLINE: "how to stay safe online",
}

# An incident Haven holds is about nudes or semi-nudes: the lesson it calls for is on that topic.
INCIDENT_TOPICS: frozenset[Topic] = frozenset({Topic.SHARING_NUDES})

SUPPRESS_BELOW = 5  # counts of 1 to 4 are shown as "fewer than 5" outside the safeguarding team


# --- Key stages and the RSHE statutory guidance -------------------------------------------------


class KeyStage(StrEnum):
    KS1 = "ks1"
    KS2 = "ks2"
    KS3 = "ks3"
    KS4 = "ks4"
    KS5 = "ks5"


KEY_STAGE_LABELS = {
    KeyStage.KS1: "Key stage 1 (years 1 and 2)",
    KeyStage.KS2: "Key stage 2 (years 3 to 6)",
    KeyStage.KS3: "Key stage 3 (years 7 to 9)",
    KeyStage.KS4: "Key stage 4 (years 10 and 11)",
    KeyStage.KS5: "Sixth form (years 12 and 13)",
}


def key_stage(curriculum_year: int) -> KeyStage | None:
    """The key stage of a national curriculum year (Reception, 0, has none)."""
    if 1 <= curriculum_year <= 2:
        return KeyStage.KS1
    if 3 <= curriculum_year <= 6:
        return KeyStage.KS2
    if 7 <= curriculum_year <= 9:
        return KeyStage.KS3
    if 10 <= curriculum_year <= 11:
        return KeyStage.KS4
    if 12 <= curriculum_year <= 13:
        return KeyStage.KS5
    return None


@dataclass(frozen=True)
class Expectation:
    """What the guidance expects pupils to know by the end of a phase, in Haven's own words."""

    area: str
    expects: str
    topics: frozenset[Topic]


RSHE_SOURCE = (
    "Department for Education, 'Relationships education, relationships and sex education (RSE) "
    "and health education: statutory guidance', revised July 2025, for schools in England from "
    "September 2026. Haven's summary, not the guidance's words: check against the source."
)
RSHE_LAST_CHECKED = date(2026, 12, 3)

_PRIMARY = (
    Expectation(
        "Online safety and awareness",
        "That people can behave differently online, including pretending to be someone they "
        "are not; rules for keeping safe online; not sharing pictures or personal details.",
        frozenset({Topic.KEEPING_SAFE_ONLINE, Topic.ONLINE_RELATIONSHIPS}),
    ),
    Expectation(
        "Being safe",
        "Privacy and boundaries, online too; that they should not keep secrets that make them "
        "feel unsafe; how to tell a trusted adult and where to get help.",
        frozenset({Topic.CONSENT, Topic.WHERE_TO_GET_HELP}),
    ),
    Expectation(
        "Caring friendships",
        "What good friendships look like; managing pressure and conflict; asking for help when "
        "a friendship makes them unhappy.",
        frozenset({Topic.PRESSURE_AND_FRIENDSHIPS}),
    ),
)
_SECONDARY = (
    Expectation(
        "Online safety and awareness",
        "Not to share material they would not want shared further; that making, keeping or "
        "sharing nude or semi-nude pictures of anyone under 18, even of themselves, is a crime; "
        "pictures made or altered by AI (deepfakes) included.",
        frozenset({Topic.SHARING_NUDES, Topic.LAW_AND_POLICE, Topic.AI_IMAGES}),
    ),
    Expectation(
        "Online safety and awareness",
        "Sexual extortion ('sextortion'): how it happens, that it is never the young person's "
        "fault, not to pay, and where to report and get help.",
        frozenset({Topic.SEXTORTION, Topic.WHERE_TO_GET_HELP}),
    ),
    Expectation(
        "Being safe and intimate relationships",
        "The law on consent; recognising pressure, coercion, grooming and exploitation, online "
        "and offline; healthy and unhealthy relationships.",
        frozenset({Topic.CONSENT, Topic.PRESSURE_AND_FRIENDSHIPS, Topic.ONLINE_RELATIONSHIPS}),
    ),
    Expectation(
        "Online and media",
        "Their rights and responsibilities online; how information and pictures spread and are "
        "used; how to report harmful content and get help.",
        frozenset({Topic.KEEPING_SAFE_ONLINE, Topic.WHERE_TO_GET_HELP}),
    ),
)
RSHE_EXPECTATIONS: dict[KeyStage, tuple[Expectation, ...]] = {
    KeyStage.KS1: _PRIMARY,
    KeyStage.KS2: _PRIMARY,
    KeyStage.KS3: _SECONDARY,
    KeyStage.KS4: _SECONDARY,
    KeyStage.KS5: _SECONDARY,  # the guidance stops at 16; sixth forms are encouraged to go on
}


def expected_topics(stage: KeyStage) -> frozenset[Topic]:
    return frozenset().union(*(e.topics for e in RSHE_EXPECTATIONS[stage]))


# --- School years and terms -------------------------------------------------------------------
#
# Haven uses fixed term boundaries (1 September, 1 January, 1 April), not the school's own dates:
# a school year in England runs September to August, and Easter moves.


class Term(StrEnum):
    AUTUMN = "autumn"
    SPRING = "spring"
    SUMMER = "summer"


TERM_LABELS = {Term.AUTUMN: "Autumn term", Term.SPRING: "Spring term", Term.SUMMER: "Summer term"}
_TERMS = (Term.AUTUMN, Term.SPRING, Term.SUMMER)


@dataclass(frozen=True, order=True)
class SchoolTerm:
    school_year: int  # the calendar year the school year starts in: 2026 for 2026 to 2027
    term: Term

    @property
    def starts(self) -> date:
        return {
            Term.AUTUMN: date(self.school_year, 9, 1),
            Term.SPRING: date(self.school_year + 1, 1, 1),
            Term.SUMMER: date(self.school_year + 1, 4, 1),
        }[self.term]

    @property
    def ends(self) -> date:
        """The first day after the term."""
        return {
            Term.AUTUMN: date(self.school_year + 1, 1, 1),
            Term.SPRING: date(self.school_year + 1, 4, 1),
            Term.SUMMER: date(self.school_year + 1, 9, 1),
        }[self.term]

    def previous(self) -> "SchoolTerm":
        index = _TERMS.index(self.term)
        if index == 0:
            return SchoolTerm(self.school_year - 1, Term.SUMMER)
        return SchoolTerm(self.school_year, _TERMS[index - 1])


def school_year_of(day: date) -> int:
    return day.year if day.month >= 9 else day.year - 1


def school_year_label(school_year: int) -> str:
    return f"{school_year} to {school_year + 1}"


def term_of(day: date) -> SchoolTerm:
    year = school_year_of(day)
    if day.month >= 9:
        return SchoolTerm(year, Term.AUTUMN)
    return SchoolTerm(year, Term.SPRING if day.month <= 3 else Term.SUMMER)


# --- Counts and the prompt ---------------------------------------------------------------------


def shown_count(count: int, *, in_team: bool) -> str:
    """A count as a person may see it: 1 to 4 is "fewer than 5" outside the safeguarding team."""
    if not in_team and 0 < count < SUPPRESS_BELOW:
        return f"fewer than {SUPPRESS_BELOW}"
    return str(count)


@dataclass(frozen=True)
class Teaching:
    """One lesson for a year group: its topics, and the day it was delivered (None: planned)."""

    topics: frozenset[Topic]
    delivered_on: date | None


def topics_covered(teaching: Iterable[Teaching], *, today: date) -> frozenset[Topic]:
    """Topics of lessons delivered in this school year, up to today."""
    year = school_year_of(today)
    return frozenset().union(
        *(
            t.topics
            for t in teaching
            if t.delivered_on is not None
            and t.delivered_on <= today
            and school_year_of(t.delivered_on) == year
        )
    )


def missing_topics(
    *,
    incidents_this_term: int,
    incidents_last_term: int,
    teaching: Iterable[Teaching],
    today: date,
    incident_topics: frozenset[Topic] = INCIDENT_TOPICS,
) -> list[Topic]:
    """The topics to prompt about for one year group: those its incidents call for that no lesson
    delivered this school year has covered. Empty when it has had no incident this term or last."""
    if incidents_this_term + incidents_last_term <= 0:
        return []
    covered = topics_covered(teaching, today=today)
    return sorted((t for t in incident_topics if t not in covered), key=list(Topic).index)
