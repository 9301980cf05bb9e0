"""Triage facts for tests: DESIGN.md's example, written out once, and answers built from it.

Kept as a literal (not built from the rules' own field lists) so that the tests check the rules
against the documented interface rather than against themselves.
"""

from __future__ import annotations

import copy
from typing import Any

# DESIGN.md's example: one pictured pupil of 14, everything known, nothing that meets a criterion,
# as the rules write it out (docs/triage.md): `roles` as a list, and every key of a person.
DESIGN_FACTS: dict[str, Any] = {
    "people": [
        {
            "roles": ["pictured"],
            "age": 14,
            "age_in_image": None,
            "is_pupil": True,
            "send": False,
            "works_with_children": None,
        }
    ],
    "content": {
        "sexual_acts": False,
        "violence": False,
        "unusual_for_developmental_stage": False,
        "ai_generated": False,
    },
    "circumstances": {
        "threats_or_blackmail": False,
        "money_or_more_images_demanded": False,
        "grooming_suspected": False,
        "pressure_or_coercion": False,
        "capacity_to_consent_concern": False,
        "shared_without_consent": False,
        "online_contact_unverified": False,
    },
    "risk": {"suicidal_or_self_harming": False, "immediate_danger": False},
}

# The same person as DESIGN.md writes them, with the single `role` still accepted.
DESIGN_MD_PERSON: dict[str, Any] = {"role": "pictured", "age": 14, "is_pupil": True, "send": False}

# The yes/no sections alone, every answer "no": what the initial review's sections hold.
ALL_CLEAR: dict[str, dict[str, bool | None]] = {
    name: answers for name, answers in DESIGN_FACTS.items() if name != "people"
}


def sections(**changes: dict[str, bool | None]) -> dict[str, dict[str, bool | None]]:
    """All-clear answers with some changed: sections(risk={"suicidal_or_self_harming": True})."""
    return {name: {**ALL_CLEAR[name], **changes.get(name, {})} for name in ALL_CLEAR}


def design_facts(
    people: list[dict[str, Any]] | None = None, **changes: dict[str, Any]
) -> dict[str, Any]:
    """A fresh copy of DESIGN.md's example with some people and some section answers replaced."""
    data = copy.deepcopy(DESIGN_FACTS)
    if people is not None:
        data["people"] = people
    for name, answers in changes.items():
        data[name].update(answers)
    return data
