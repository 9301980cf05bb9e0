"""Input for the school administrator's pages. Every form re-renders with what was typed."""

from datetime import time
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from haven.accounts.models import User
from haven.lib.forms import Form, Radios
from haven.schools import mis
from haven.schools.models import Role, School

SCHOOL_ROLES = [(role.value, role.label) for role in Role if role != Role.TRUST_LEAD]
ROLE_HINTS = {
    Role.STAFF: "Records concerns and sees only the concerns they recorded.",
    Role.DSL: "Sees and manages every concern and case at the school.",
    Role.DEPUTY_DSL: "Sees and manages every concern and case at the school.",
    Role.HEADTEACHER: "As the DSL, and agrees to the decisions the guidance gives the head.",
    Role.SCHOOL_ADMIN: "Settings, staff accounts and pupil lists. Sees no safeguarding records.",
    Role.PSHE_LEAD: "Plans and records the online-safety lessons. Sees counts, never a case.",
}
TIME_FORMATS = ["%H:%M", "%H.%M", "%H%M"]


def _text(width: str = "govuk-input", **attrs: str) -> forms.TextInput:
    return forms.TextInput(attrs={"class": width, "spellcheck": "false", **attrs})


class SchoolSettingsForm(Form):
    """What the administrator keeps. The alert times are the DSL's and head's (PolicyForm)."""

    name = forms.CharField(label="School name", max_length=200, widget=_text())

    @classmethod
    def for_school(cls, school: School, data: Any = None) -> "SchoolSettingsForm":
        return cls(data=data, initial={"name": school.name})


def _alert_fields() -> dict[str, forms.Field]:
    return {
        "alert_escalation_minutes": forms.IntegerField(
            label="Minutes before an alert goes to the deputies and the head",
            help_text="If nobody on the safeguarding team opens a new concern within this many "
            "minutes of the school day, Haven alerts the deputies and the headteacher too.",
            min_value=5,
            max_value=240,
            widget=forms.TextInput(
                attrs={"class": "govuk-input govuk-input--width-3", "inputmode": "numeric"}
            ),
        ),
        "school_day_starts": forms.TimeField(
            label="School day starts",
            help_text="24-hour time, for example 08:30.",
            input_formats=TIME_FORMATS,
            widget=forms.TimeInput(
                format="%H:%M", attrs={"class": "govuk-input govuk-input--width-5"}
            ),
        ),
        "school_day_ends": forms.TimeField(
            label="School day ends",
            help_text="24-hour time, for example 17:00.",
            input_formats=TIME_FORMATS,
            widget=forms.TimeInput(
                format="%H:%M", attrs={"class": "govuk-input govuk-input--width-5"}
            ),
        ),
    }


class RolesField(forms.MultipleChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            choices=SCHOOL_ROLES,
            widget=forms.CheckboxSelectMultiple(attrs={"class": "govuk-checkboxes__input"}),
            error_messages={"required": "Choose at least one role."},
            **kwargs,
        )


class InviteForm(Form):
    full_name = forms.CharField(label="Full name", max_length=150, widget=_text(autocomplete="off"))
    email = forms.EmailField(
        label="Work e-mail address",
        help_text="Haven sends the invitation here. Use their school address.",
        widget=forms.EmailInput(attrs={"class": "govuk-input", "spellcheck": "false"}),
    )
    job_title = forms.CharField(
        label="Job title (optional)", max_length=100, required=False, widget=_text()
    )
    roles = RolesField(label="Roles in Haven", initial=[Role.STAFF.value])

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()


class RolesForm(Form):
    roles = RolesField(label="Roles in Haven")


class ImportForm(Form):
    file = forms.FileField(
        label="CSV file",
        help_text="A CSV file exported from your MIS, smaller than 5 MB.",
        widget=forms.ClearableFileInput(
            attrs={"class": "govuk-file-upload", "accept": ".csv,text/csv,text/plain"}
        ),
        error_messages={
            "required": "Choose the CSV file to upload.",
            "empty": "The file is empty. Export the list from your MIS again.",
        },
    )
    whole_roll = forms.BooleanField(
        label="This file lists every pupil on roll. Mark pupils it does not list as left.",
        required=False,
        initial=True,
        widget=forms.CheckboxInput(attrs={"class": "govuk-checkboxes__input"}),
    )

    def __init__(self, *args: Any, too_big: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.too_big = too_big
        self.text_bytes = b""

    def clean_file(self) -> UploadedFile[bytes]:
        upload: UploadedFile[bytes] = self.cleaned_data["file"]
        if (upload.size or 0) > mis.MAX_FILE_BYTES:
            raise forms.ValidationError("The file must be smaller than 5 MB.")
        data = upload.read(mis.MAX_FILE_BYTES + 1)
        try:
            mis.decode(data)
        except mis.NotCsv as refused:
            raise forms.ValidationError(str(refused)) from None
        self.text_bytes = data
        return upload

    def full_clean(self) -> None:
        super().full_clean()
        # A request over the limit never reaches us as a file (Django drops it), so say why.
        if self.too_big and self.is_bound:
            self.errors.pop("file", None)
            self.add_error("file", "The file must be smaller than 5 MB.")


class MfaResetForm(Form):
    staff_member = forms.TypedChoiceField(
        label="Whose authenticator app needs resetting?",
        coerce=int,
        widget=forms.Select(attrs={"class": "govuk-select"}),
        error_messages={"required": "Choose a member of staff."},
    )

    def __init__(self, *args: Any, staff: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.staff = {user.pk: user for user in staff}
        choices = [(user.pk, f"{user.full_name} ({user.email})") for user in staff]
        self.fields["staff_member"].choices = [("", "Choose a member of staff"), *choices]  # type: ignore[attr-defined]

    def chosen(self) -> User:
        return self.staff[self.cleaned_data["staff_member"]]


class TeamChangeForm(Form):
    """The safeguarding team's page: whose roles, and what they should be after the change."""

    staff_member = forms.TypedChoiceField(
        label="Whose roles should change?",
        coerce=int,
        widget=forms.Select(attrs={"class": "govuk-select"}),
        error_messages={"required": "Choose a member of staff."},
    )
    roles = RolesField(label="Their roles after the change")

    def __init__(self, *args: Any, staff: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.staff = {user.pk: user for user in staff}
        choices = [(user.pk, f"{user.full_name} ({user.email})") for user in staff]
        self.fields["staff_member"].choices = [("", "Choose a member of staff"), *choices]  # type: ignore[attr-defined]

    def chosen(self) -> User:
        return self.staff[self.cleaned_data["staff_member"]]


class PolicyForm(Form):
    """The school's safeguarding policy settings (haven.schools.policy), as the DSL or head asks."""

    refer_every_case = forms.TypedChoiceField(
        label="Does the school refer every case to children's social care?",
        help_text="If yes, the initial review never offers managing a case in school, and the "
        "public pages say that in almost all cases an incident results in a referral to "
        "children's social care.",
        choices=[("yes", "Yes, we refer every case"), ("no", "No, the DSL decides each case")],
        coerce=lambda value: value == "yes",
        widget=Radios,
    )
    csc_front_door = forms.CharField(
        label="Local children's services front door (MASH)",
        help_text="The name and phone number you refer to, for example Anytown MASH 01234 567890.",
        max_length=200,
        required=False,
        widget=_text(),
    )
    police_contact = forms.CharField(
        label="Police contact",
        help_text="For example, the Safer Schools officer and their number. In an emergency, 999.",
        max_length=200,
        required=False,
        widget=_text(),
    )
    early_help_offer = forms.CharField(
        label="Local early help offer",
        help_text="Where you point a family who would benefit from help when no referral is"
        " needed, for example Anytown Family Hub 01234 567891.",
        max_length=300,
        required=False,
        widget=_text(),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_alert_fields())

    @classmethod
    def for_school(cls, school: School, data: Any = None) -> "PolicyForm":
        initial = {
            "refer_every_case": "yes" if school.refer_every_case else "no",
            "csc_front_door": school.csc_front_door,
            "police_contact": school.police_contact,
            "early_help_offer": school.early_help_offer,
            "alert_escalation_minutes": school.alert_escalation_minutes,
            "school_day_starts": school.school_day_starts,
            "school_day_ends": school.school_day_ends,
        }
        return cls(data=data, initial=initial)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts: time | None = data.get("school_day_starts")
        ends: time | None = data.get("school_day_ends")
        if starts and ends and ends <= starts:
            self.add_error("school_day_ends", "The school day must end after it starts.")
        return data
