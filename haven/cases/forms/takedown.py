"""Getting the imagery taken down (Report Remove, Take It Down, platforms).

Validation of the form's own fields lives here; what the guidance allows is checked by the
services (shown as form errors)."""

from django import forms
from django.utils import timezone

from haven.cases.forms.common import CaseForm, pupil_field, pupils_in
from haven.cases.forms.widgets import (
    VersionedForm,
    area,
    choice,
    text,
)
from haven.cases.models import (
    AgeInImage,
    Case,
    TakedownOutcome,
    TakedownRoute,
)
from haven.cases.rules.facts import ADULT_AGE
from haven.schools.models import Pupil


class TakedownForm(CaseForm):
    age_in_image = choice(
        "Were they under 18 when the image was made?",
        AgeInImage.choices,
        help_text="This decides the routes open to them, not their age today. StopNCII is only"
        " for someone 18 or over in the image.",
    )
    route = choice("Which route?", TakedownRoute.choices)
    platform = text("Which platform?", required=False, help_text="For a platform report.")
    helped_to = area(
        "What was the young person helped to do?",
        help_text="They make the report themselves. Staff never upload, view or send the image.",
    )

    def add_case_fields(self, case: Case) -> None:
        self.fields["pupil"] = pupil_field(case, "Which young person?")
        self.fields["age_in_image"].initial = AgeInImage.NOT_KNOWN
        self._report_remove_for(list(pupils_in(case)))
        self.order_fields(["pupil", "age_in_image", "route", "platform", "helped_to"])

    def _report_remove_for(self, pupils: list[Pupil]) -> None:
        """Report Remove is for young people under 18 today: not offered when nobody in the case
        is, and named as closed to those who are 18 or over (the service refuses it too)."""
        today = timezone.localdate()
        adults = [p for p in pupils if p.age_on(today) >= ADULT_AGE]
        if not adults:
            return
        route = self.fields["route"]
        assert isinstance(route, forms.ChoiceField)
        if len(adults) == len(pupils):
            route.choices = [
                c for c in TakedownRoute.choices if c[0] != TakedownRoute.REPORT_REMOVE
            ]
            route.help_text = (
                "Report Remove is not shown: it is for young people under 18 today, and everyone"
                " in this case is 18 or over."
            )
            return
        names = ", ".join(p.display_name for p in adults)
        route.help_text = (
            f"Report Remove is for young people under 18 today, so not for {names} (18 or over)."
        )


class TakedownOutcomeForm(VersionedForm):
    outcome = choice("What happened?", [c for c in TakedownOutcome.choices if c[0] != "offered"])
    note = area("Anything to add", required=False)
