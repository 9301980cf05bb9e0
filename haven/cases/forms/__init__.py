"""Forms for the case pages. Each form that changes a case carries the case's version."""

from haven.cases.forms.closing import CloseForm, CloseUnfinishedForm, ReopenForm
from haven.cases.forms.decisions import (
    DecisionForm,
    HeadAgreementForm,
    ManageInSchoolForm,
    OverrideForm,
)
from haven.cases.forms.deleting import CloseDeletionForm, ConfirmDeletionForm, DeletionForm
from haven.cases.forms.devices import DeviceForm, HandoverForm
from haven.cases.forms.follow_up import FollowUpForm, FollowUpHeldForm
from haven.cases.forms.imagery import ViewingRecordForm, ViewingRequestForm
from haven.cases.forms.lado import NameForCaseForm, RemoveNamedForm
from haven.cases.forms.outcomes import PartnerOutcomeForm
from haven.cases.forms.parents import ParentsNotToldForm, ParentsToldForm
from haven.cases.forms.referrals import (
    AcknowledgementForm,
    ChaseForm,
    ReferralForm,
    ReferralOutcomeForm,
)
from haven.cases.forms.review import OtherPeople, ReviewForm, initial_from, others_from
from haven.cases.forms.support import ActionForm, CloseActionForm, TypologyForm
from haven.cases.forms.takedown import TakedownForm, TakedownOutcomeForm

__all__ = [
    "AcknowledgementForm",
    "ActionForm",
    "ChaseForm",
    "CloseActionForm",
    "CloseDeletionForm",
    "CloseForm",
    "CloseUnfinishedForm",
    "ConfirmDeletionForm",
    "DecisionForm",
    "DeletionForm",
    "DeviceForm",
    "FollowUpForm",
    "FollowUpHeldForm",
    "HandoverForm",
    "HeadAgreementForm",
    "ManageInSchoolForm",
    "NameForCaseForm",
    "OtherPeople",
    "OverrideForm",
    "ParentsNotToldForm",
    "ParentsToldForm",
    "PartnerOutcomeForm",
    "ReferralForm",
    "ReferralOutcomeForm",
    "RemoveNamedForm",
    "ReopenForm",
    "ReviewForm",
    "TakedownForm",
    "TakedownOutcomeForm",
    "TypologyForm",
    "ViewingRecordForm",
    "ViewingRequestForm",
    "initial_from",
    "others_from",
]
