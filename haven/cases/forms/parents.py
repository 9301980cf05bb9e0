"""Telling parents and carers, or recording why they were not told.

Validation of the form's own fields lives here; what the guidance allows is checked by the
services (shown as form errors)."""

from haven.cases.forms.common import CaseForm, pupil_field
from haven.cases.forms.widgets import (
    area,
    choice,
    moment,
    now_local,
    text,
)
from haven.cases.models import (
    AgreedWith,
    Case,
    ContactMethod,
)


class ParentsToldForm(CaseForm):
    who = text(
        "Who was told?",
        help_text="For example, mother, or foster carer. Their relationship is enough.",
    )
    told_at = moment("When were they told?")
    method = choice("How?", ContactMethod.choices)

    def add_case_fields(self, case: Case) -> None:
        self.fields["pupil"] = pupil_field(case, "Whose parent or carer?")
        self.fields["told_at"].initial = now_local()
        self.order_fields(["pupil", "who", "told_at", "method"])


class ParentsNotToldForm(CaseForm):
    risk_reason = area("How would telling them put the young person at risk of harm?")
    agreed_with = choice(
        "Who agreed with this decision?",
        [c for c in AgreedWith.choices if c[0]],
        help_text="A decision not to tell parents or carers is made with children's social care "
        "and/or the police.",
    )
    agreed_with_detail = text(
        "Who agreed, and when?", help_text="Their name or role, and the date."
    )

    def add_case_fields(self, case: Case) -> None:
        self.fields["pupil"] = pupil_field(case, "Whose parents or carers will not be told?")
        self.order_fields(["pupil", "risk_reason", "agreed_with", "agreed_with_detail"])
