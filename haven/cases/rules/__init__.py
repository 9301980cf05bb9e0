"""The guidance as plain Python: the UKCIS immediate-referral criteria and running a case.

Source: UKCIS "Sharing nudes and semi-nudes: advice for education settings working with children
and young people" (2020, updated 2024). docs/triage.md explains every rule for DSLs and auditors.

Plain data in, outcome out: no Django, no database, no HTTP. The same functions serve the
initial-review page, the services and `python -m haven.cases.triage`, so they must never drift.

The rules live in small modules by area; everything public is importable from here:
- `facts`: the facts of an incident, read strictly (`parse_facts`);
- `criteria`: the five criteria (`assess`), questions and next steps in plain words;
- `casework`: managing in school, closing, working days, outstanding referrals, take-down routes;
- `overrides`: when a required referral may be overridden, and what an override covers;
- `bank_holidays`: the bank holidays in England and Wales (not working days);
- `closing`: what must be settled before a case closes (one rule for the task list and closing);
- `checklist`: the guidance checklist (the case's task list).
"""

from haven.cases.rules.bank_holidays import bank_holidays, bank_holidays_near, easter_sunday
from haven.cases.rules.casework import (
    ImageAge,
    ReferralRequirement,
    RequirementEvent,
    RequirementKind,
    closing_blockers,
    is_overdue,
    is_working_day,
    manage_in_school_blockers,
    next_working_day,
    referral_requirement,
    takedown_routes,
)
from haven.cases.rules.checklist import (
    Task,
    TaskStatus,
    case_tasks,
    structural_closing_blockers,
)
from haven.cases.rules.closing import (
    NEVER_WAIVED,
    BlockerKind,
    CaseProgress,
    ClosingBlocker,
    closing_blockers_of,
    still_blocking,
    unfinished_agreement_blockers,
    unfinished_request_blockers,
    waived,
)
from haven.cases.rules.criteria import assess, assessment_to_dict, fact_question, next_steps
from haven.cases.rules.facts import (
    ADULT_AGE,
    MAX_AGE,
    MIN_AGE,
    SECTION_KEYS,
    UNDER_13_BELOW,
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
    facts_to_dict,
    parse_facts,
)
from haven.cases.rules.next_step import NextStep, next_step
from haven.cases.rules.overrides import (
    NEVER_OVERRIDDEN,
    override_agreement_blockers,
    override_blockers,
)

__all__ = [
    "ADULT_AGE",
    "MAX_AGE",
    "MIN_AGE",
    "NEVER_OVERRIDDEN",
    "NEVER_WAIVED",
    "SECTION_KEYS",
    "UNDER_13_BELOW",
    "Assessment",
    "BlockerKind",
    "CaseProgress",
    "Circumstances",
    "ClosingBlocker",
    "Consideration",
    "Content",
    "Criterion",
    "Facts",
    "FactsError",
    "ImageAge",
    "NextStep",
    "Person",
    "ReferralRequirement",
    "RequirementEvent",
    "RequirementKind",
    "Risk",
    "Role",
    "Task",
    "TaskStatus",
    "assess",
    "assessment_to_dict",
    "bank_holidays",
    "bank_holidays_near",
    "case_tasks",
    "closing_blockers",
    "closing_blockers_of",
    "easter_sunday",
    "fact_question",
    "facts_to_dict",
    "is_overdue",
    "is_working_day",
    "manage_in_school_blockers",
    "next_step",
    "next_steps",
    "next_working_day",
    "override_agreement_blockers",
    "override_blockers",
    "parse_facts",
    "referral_requirement",
    "still_blocking",
    "structural_closing_blockers",
    "takedown_routes",
    "unfinished_agreement_blockers",
    "unfinished_request_blockers",
    "waived",
]
