"""Case models, one module per area of the workflow. Each module's models are re-exported here."""

from haven.cases.models.base import RecordIsFinal
from haven.cases.models.case import (
    Case,
    CasePupil,
    CaseStatus,
    CaseViewer,
    HasParts,
    Parts,
    PupilRole,
    Typology,
    parts_label,
    parts_of,
)
from haven.cases.models.closing import CaseClosure, CaseOutcome, ClosureKind
from haven.cases.models.decisions import (
    GUIDED_TYPES,
    HEAD_MUST_AGREE,
    AgreedWith,
    ContactMethod,
    Decision,
    DecisionType,
    HeadAgreement,
    ImageryViewing,
    ParentContact,
    ViewingReason,
)
from haven.cases.models.devices import ConfiscatedDevice, Custody
from haven.cases.models.early_help import EarlyHelp, FamilyAnswer
from haven.cases.models.group import GroupException, GroupStep
from haven.cases.models.lado import LadoDuty, NamedAccess
from haven.cases.models.outcomes import PartnerOutcome
from haven.cases.models.referrals import STATUTORY_AGENCIES, Agency, Referral, ReferralMethod
from haven.cases.models.review import InitialReview, ReviewKind
from haven.cases.models.searches import DeviceSearch, SearchOutcome
from haven.cases.models.support import ActionStatus, FollowUpReview, OverdueDigest, SupportAction
from haven.cases.models.takedown import (
    AgeInImage,
    DeletionRequest,
    TakedownHelp,
    TakedownOutcome,
    TakedownRoute,
)
from haven.cases.models.timeline import CaseEvent
from haven.cases.models.viewings import UnavoidableViewing
from haven.cases.models.voice import PupilConversation

__all__ = [
    "GUIDED_TYPES",
    "HEAD_MUST_AGREE",
    "STATUTORY_AGENCIES",
    "ActionStatus",
    "AgeInImage",
    "Agency",
    "AgreedWith",
    "Case",
    "CaseClosure",
    "CaseEvent",
    "CaseOutcome",
    "CasePupil",
    "CaseStatus",
    "CaseViewer",
    "ClosureKind",
    "ConfiscatedDevice",
    "ContactMethod",
    "Custody",
    "Decision",
    "DecisionType",
    "DeletionRequest",
    "DeviceSearch",
    "EarlyHelp",
    "FamilyAnswer",
    "FollowUpReview",
    "GroupException",
    "GroupStep",
    "HasParts",
    "HeadAgreement",
    "ImageryViewing",
    "InitialReview",
    "LadoDuty",
    "NamedAccess",
    "OverdueDigest",
    "ParentContact",
    "PartnerOutcome",
    "Parts",
    "PupilConversation",
    "PupilRole",
    "RecordIsFinal",
    "Referral",
    "ReferralMethod",
    "ReviewKind",
    "SearchOutcome",
    "SupportAction",
    "TakedownHelp",
    "TakedownOutcome",
    "TakedownRoute",
    "Typology",
    "UnavoidableViewing",
    "ViewingReason",
    "parts_label",
    "parts_of",
]
