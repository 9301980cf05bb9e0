"""Changes to cases. Every function takes the acting user, is atomic, writes its audit event, the
case's timeline and each pupil's chronology in the same transaction (`core.log_step`), and raises
a CaseError (or CaseBlocked, with one reason per line) when the guidance does not allow it.

Changes made from a form take `expected_version`, the case version the form was drawn from, and
raise StaleCase if someone else changed the case since, so that no edit is ever silently lost.
"""

from haven.cases.services.closing import (
    ask_to_close_unfinished,
    close_case,
    reopen_case,
    still_looking,
)
from haven.cases.services.core import (
    CaseBlocked,
    CaseError,
    PupilInCase,
    StaleCase,
    bump_version,
    log_step,
    new_case_reference,
    open_case,
    touch,
)
from haven.cases.services.decisions import (
    decide_manage_in_school,
    record_decision,
    record_head_agreement,
    record_referral_override,
)
from haven.cases.services.deleting import (
    ask_to_delete,
    close_deletion_unconfirmed,
    confirm_deletion,
)
from haven.cases.services.devices import record_confiscation, record_device_handover
from haven.cases.services.early_help import record_early_help
from haven.cases.services.follow_up import record_follow_up_held, schedule_follow_up
from haven.cases.services.group import add_action_for_group, record_parents_told_for_group
from haven.cases.services.imagery import record_imagery_viewing, request_imagery_viewing
from haven.cases.services.lado import name_for_case, remove_named_access
from haven.cases.services.outcomes import record_partner_outcome
from haven.cases.services.parents import record_parents_not_told, record_parents_told
from haven.cases.services.pupils import add_pupil_to_case
from haven.cases.services.referrals import (
    record_acknowledgement,
    record_referral,
    record_referral_chase,
    record_referral_outcome,
)
from haven.cases.services.review import (
    OtherPerson,
    PupilParts,
    ReviewInput,
    current_review,
    reassess_case,
    record_initial_review,
)
from haven.cases.services.searches import record_device_search
from haven.cases.services.support import add_action, close_action, record_typology
from haven.cases.services.takedown import record_takedown_help, record_takedown_outcome
from haven.cases.services.viewings import record_unavoidable_viewing
from haven.cases.services.voice import record_conversation

__all__ = [
    "CaseBlocked",
    "CaseError",
    "OtherPerson",
    "PupilInCase",
    "PupilParts",
    "ReviewInput",
    "StaleCase",
    "add_action",
    "add_action_for_group",
    "add_pupil_to_case",
    "ask_to_close_unfinished",
    "ask_to_delete",
    "bump_version",
    "close_action",
    "close_case",
    "close_deletion_unconfirmed",
    "confirm_deletion",
    "current_review",
    "decide_manage_in_school",
    "log_step",
    "name_for_case",
    "new_case_reference",
    "open_case",
    "reassess_case",
    "record_acknowledgement",
    "record_confiscation",
    "record_conversation",
    "record_decision",
    "record_device_handover",
    "record_device_search",
    "record_early_help",
    "record_follow_up_held",
    "record_head_agreement",
    "record_imagery_viewing",
    "record_initial_review",
    "record_parents_not_told",
    "record_parents_told",
    "record_parents_told_for_group",
    "record_partner_outcome",
    "record_referral",
    "record_referral_chase",
    "record_referral_outcome",
    "record_referral_override",
    "record_takedown_help",
    "record_takedown_outcome",
    "record_typology",
    "record_unavoidable_viewing",
    "remove_named_access",
    "reopen_case",
    "request_imagery_viewing",
    "schedule_follow_up",
    "still_looking",
    "touch",
]
