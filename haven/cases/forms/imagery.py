"""Asking to view the imagery, and recording a viewing (only when unavoidable).

Validation of the form's own fields lives here; what the guidance allows is checked by the
services (shown as form errors)."""

from haven.cases.forms.common import CaseForm, staff_field
from haven.cases.forms.widgets import (
    VersionedForm,
    area,
    checkbox,
    choice,
    moment,
    now_local,
)
from haven.cases.models import (
    Case,
    ViewingReason,
)


class ViewingRequestForm(VersionedForm):
    reason = choice("Why is viewing needed?", ViewingReason.choices)
    rationale = area("Explain why there is no other way")


class ViewingRecordForm(CaseForm):
    on_school_premises = checkbox("It was viewed on school premises")
    viewed_at = moment("When was it viewed?")
    what_followed = area("What followed?", help_text="What you decided or did as a result.")

    def add_case_fields(self, case: Case) -> None:
        self.fields["viewed_by"] = staff_field(
            case,
            "Who viewed it?",
            team_only=True,
            help_text="Where possible, the same sex as the young person.",
        )
        self.fields["present"] = staff_field(case, "Which other member of staff was present?")
        self.fields["viewed_at"].initial = now_local()
        self.order_fields(
            ["viewed_by", "present", "on_school_premises", "viewed_at", "what_followed"]
        )
