"""Recording a search of a device."""

from django import forms

from haven.cases.forms.common import CaseForm, pupil_field, staff_field
from haven.cases.forms.widgets import area, checkbox, choice, moment, now_local, yes_or_no
from haven.cases.models import Case, SearchOutcome


class DeviceChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: object) -> str:
        return str(getattr(obj, "description", "") or "A device")


class DeviceSearchForm(CaseForm):
    heads_authority = checkbox(
        "They are not the headteacher: the headteacher has authorised them to search",
    )
    searched_at = moment("When was it searched?")
    reason = area(
        "Why was it searched?",
        help_text="The reason to believe it holds something that could cause harm or break the"
        " law, and what you were looking for.",
    )
    what_searched = area(
        "What was searched?",
        help_text="For example, the list of recent messages. Staff must never open, view, copy"
        " or share imagery: if it might be there, stop and pass the device to the DSL.",
    )
    found = area(
        "What was found?",
        help_text="In words only, never a description of the image: for example, a message"
        " sending a picture to a group chat. Or say that nothing was found.",
    )
    outcome = choice("What was done?", SearchOutcome.choices)
    staff_saw_imagery = yes_or_no(
        "Did any member of staff see imagery during the search?",
        yes="Yes (then record it as seen unavoidably)",
        no="No, nobody saw imagery",
    )

    def add_case_fields(self, case: Case) -> None:
        self.fields["device"] = DeviceChoice(
            queryset=case.devices.all(),
            label="Which device?",
            required=False,
            empty_label="A device not logged here",
            widget=forms.Select(attrs={"class": "govuk-select"}),
        )
        self.fields["pupil"] = pupil_field(case, "Whose device, if a pupil's?", required=False)
        self.fields["authorised_by"] = staff_field(
            case,
            "Who authorised the search?",
            help_text="The headteacher, or a member of staff the headteacher has authorised to"
            " search.",
        )
        self.fields["searched_by"] = staff_field(case, "Who searched it?")
        self.fields["searched_at"].initial = now_local()
        self.order_fields(
            [
                "device",
                "pupil",
                "authorised_by",
                "heads_authority",
                "searched_by",
                "searched_at",
                "reason",
                "what_searched",
                "found",
                "outcome",
                "staff_saw_imagery",
            ]
        )
