"""What partners decided about a referral: the outcomes children's social care and the police
give, which partner gives which, and what usually follows for the school.

Children's social care (Working Together to Safeguard Children 2023): information and advice,
early help, a child in need assessment (section 17 of the Children Act 1989), a strategy
discussion, a child protection enquiry (section 47), or no further action. The police (Home
Office outcome types): Outcome 21 (a youth-produced imagery offence not in the public interest to
pursue, recorded without criminalising the child), community resolution, no further action, still
under investigation, or charged.

Plain data in, outcome out: no Django, no database.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final


class Partner(StrEnum):
    CSC = "csc"
    POLICE = "police"


# The agencies of haven.cases.models.Agency (their values) each partner answers for.
PARTNER_OF_AGENCY: Final = {
    "csc": Partner.CSC,
    "police_101": Partner.POLICE,
    "police_999": Partner.POLICE,
}

# code -> (partner, the outcome in words, what usually follows for the school)
OUTCOMES: Final[dict[str, tuple[Partner, str, str]]] = {
    "csc_information_advice": (
        Partner.CSC,
        "Information and advice",
        "The school carries on supporting the young person, with the advice given.",
    ),
    "csc_early_help": (
        Partner.CSC,
        "Early help",
        "Offer the family early help (the local offer), and agree who leads it.",
    ),
    "csc_s17": (
        Partner.CSC,
        "Child in need assessment (section 17)",
        "Share what the school knows with the social worker, and go to the meetings asked.",
    ),
    "csc_strategy": (
        Partner.CSC,
        "Strategy discussion",
        "Take part in the strategy discussion, and bring the school's chronology.",
    ),
    "csc_s47": (
        Partner.CSC,
        "Child protection enquiry (section 47)",
        "Contribute to the enquiry and any child protection conference; keep the record current.",
    ),
    "csc_nfa": (
        Partner.CSC,
        "No further action",
        "The school decides what support it gives, and refers again if anything changes.",
    ),
    "police_outcome_21": (
        Partner.POLICE,
        "Outcome 21 (not in the public interest)",
        "No criminal action against the young person: carry on with support in school.",
    ),
    "police_community_resolution": (
        Partner.POLICE,
        "Community resolution",
        "Support the young person through what was agreed, and with their learning.",
    ),
    "police_nfa": (
        Partner.POLICE,
        "No further action",
        "The school decides what support it gives, and tells the police of anything new.",
    ),
    "police_investigating": (
        Partner.POLICE,
        "Under investigation",
        "Do not question the young people about it; keep devices and records as the police ask.",
    ),
    "police_charged": (
        Partner.POLICE,
        "Charged",
        "Plan support for everyone involved, and for any court dates, with the police.",
    ),
}


def partner_of(agency: str) -> Partner | None:
    """Which partner answers for a referral to this agency (None: no structured outcomes)."""
    return PARTNER_OF_AGENCY.get(agency)


def outcomes_of(partner: Partner) -> list[tuple[str, str]]:
    """The outcomes this partner gives, in the order above, as (code, words)."""
    return [(code, words) for code, (p, words, _) in OUTCOMES.items() if p is partner]


def outcome_refused(agency: str, outcome: str) -> str | None:
    """Why this outcome cannot be recorded on a referral to this agency (None: it can)."""
    partner = partner_of(agency)
    if partner is None:
        return "Record what this agency decided in words, as the outcome."
    if outcome not in OUTCOMES:
        return "Choose what they decided."
    if OUTCOMES[outcome][0] is not partner:
        who = "children's social care" if partner is Partner.CSC else "the police"
        return f"Choose one of the outcomes {who} gives."
    return None


def outcome_label(outcome: str) -> str:
    return OUTCOMES[outcome][1] if outcome in OUTCOMES else outcome


def what_usually_follows(outcome: str) -> str:
    return OUTCOMES[outcome][2] if outcome in OUTCOMES else ""
