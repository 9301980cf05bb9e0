"""Recording an unavoidable viewing by someone outside the safeguarding team."""

from django import forms

from haven.cases.forms.common import CaseForm, PersonChoice, pupil_field, staff_at
from haven.cases.forms.widgets import area, checkbox, moment, now_local, text
from haven.cases.models import Case


class UnavoidableViewingForm(CaseForm):
    seen_at = moment("When did they see it?")
    how = area(
        "How did it happen?",
        help_text="In your own words, as it happened: for example, a pupil held up their phone to"
        " show the teacher at the start of the lesson. Describe what happened, never the image.",
    )
    seen_by_other = text(
        "Or, if they are not on Haven, who are they?",
        required=False,
        max_length=120,
        help_text="Their name and role: for example, a supply teacher or a sports coach.",
    )
    offer_support = checkbox(
        "Add an action to the support plan to offer them support",
        help_text="Seeing it can be upsetting. The action is yours, due by the next working day.",
    )

    def add_case_fields(self, case: Case) -> None:
        self.fields["seen_by"] = PersonChoice(
            queryset=staff_at(case),
            label="Who saw it?",
            required=False,
            empty_label="Someone not on Haven",
            widget=forms.Select(attrs={"class": "govuk-select"}),
        )
        self.fields["pupil"] = pupil_field(
            case, "Whose device or image was it, if one pupil's?", required=False
        )
        self.fields["seen_at"].initial = now_local()
        self.fields["offer_support"].initial = True
        self.order_fields(["seen_by", "seen_by_other", "seen_at", "how", "pupil", "offer_support"])
