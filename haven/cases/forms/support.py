"""The support plan's actions, and the case's typology.

Validation of the form's own fields lives here; what the guidance allows is checked by the
services (shown as form errors)."""

from haven.cases.forms.common import CaseForm, pupil_field, staff_field
from haven.cases.forms.widgets import (
    VersionedForm,
    area,
    checkbox,
    choice,
    day,
)
from haven.cases.models import (
    ActionStatus,
    Case,
    Typology,
)


class ActionForm(CaseForm):
    description = area("What needs doing?", rows=3)
    due_on = day("Due by")

    def add_case_fields(self, case: Case) -> None:
        self.fields["owner"] = staff_field(case, "Whose job is it?")
        self.fields["pupil"] = pupil_field(case, "For which pupil?", required=False)
        self.order_fields(["description", "pupil", "owner", "due_on"])


class CloseActionForm(VersionedForm):
    status = choice(
        "Is it done?", [(ActionStatus.DONE, "Done"), (ActionStatus.CANCELLED, "Cancelled")]
    )
    note = area("Note", required=False, help_text="Needed if it is cancelled: say why.")


class TypologyForm(VersionedForm):
    typology = choice(
        "What type of incident was it?",
        [c for c in Typology.choices if c[0]],
        help_text="Used for reports (Wolak and Finkelhor's typology).",
    )
    ai_generated = checkbox("The imagery was made or altered by software (AI)")
    sextortion = checkbox("Sextortion (financially motivated sexual extortion)")
