"""Devices confiscated and handed over.

Validation of the form's own fields lives here; what the guidance allows is checked by the
services (shown as form errors)."""

from typing import Any

from haven.cases.forms.common import (
    CaseForm,
    pupil_field,
    staff_field,
)
from haven.cases.forms.widgets import (
    VersionedForm,
    choice,
    moment,
    now_local,
    text,
    yes_or_no,
)
from haven.cases.models import (
    Case,
    Custody,
)


class DeviceForm(CaseForm):
    owner = text("Whose is it, if not a pupil's in this case?", required=False, max_length=100)
    description = text(
        "Describe the device", max_length=120, help_text="For example, black phone in a blue case."
    )
    confiscated_at = moment("When was it taken?")
    switched_off = yes_or_no("Was it switched off?")
    stored_where = text("Where is it kept?", max_length=120, help_text="Somewhere locked.")

    def add_case_fields(self, case: Case) -> None:
        self.fields["pupil"] = pupil_field(case, "Whose device is it?", required=False)
        self.fields["confiscated_by"] = staff_field(case, "Who took it?")
        self.fields["confiscated_at"].initial = now_local()
        self.order_fields(
            [
                "pupil",
                "owner",
                "description",
                "confiscated_by",
                "confiscated_at",
                "switched_off",
                "stored_where",
            ]
        )


class HandoverForm(VersionedForm):
    custody = choice("Where did it go?", [c for c in Custody.choices if c[0] != Custody.HELD])
    handed_to = text(
        "Handed to whom?",
        max_length=120,
        help_text="For example, PC 1234 Smith, or the young person's father.",
    )
    handed_at = moment("When?")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handed_at"].initial = now_local()
