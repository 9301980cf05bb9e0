"""Forms for the closed days and the on-call rota."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from haven.accounts.models import User
from haven.lib.forms import Form
from haven.outofhours import calendar_file
from haven.outofhours.models import ClosureKind
from haven.schools.models import SAFEGUARDING_TEAM, School

DATE = forms.DateInput(attrs={"type": "date", "class": "govuk-input govuk-input--width-10"})
TIME = forms.TimeInput(attrs={"type": "time", "class": "govuk-input govuk-input--width-5"})


class ClosureForm(Form):
    name = forms.CharField(
        label="Name",
        max_length=200,
        help_text="For example, “Autumn half term” or “INSET day”.",
        widget=forms.TextInput(attrs={"class": "govuk-input"}),
    )
    kind = forms.ChoiceField(
        label="What kind of closure?",
        choices=ClosureKind.choices,
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    starts_on = forms.DateField(label="First day closed", widget=DATE)
    ends_on = forms.DateField(
        label="Last day closed", widget=DATE, help_text="The same as the first day for one day."
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("starts_on"), data.get("ends_on")
        if first and last and last < first:
            self.add_error("ends_on", "The last day must be on or after the first day.")
        return data


class CalendarForm(Form):
    file = forms.FileField(
        label="Calendar file (.ics)",
        help_text="The school calendar exported as an iCalendar file, smaller than 1 MB. Haven"
        " reads the holidays and INSET days in it and shows them to you before saving anything.",
        widget=forms.ClearableFileInput(
            attrs={"class": "govuk-file-upload", "accept": ".ics,text/calendar"}
        ),
        error_messages={"required": "Choose the calendar file to upload."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reading: calendar_file.Reading | None = None

    def clean_file(self) -> UploadedFile[bytes]:
        upload: UploadedFile[bytes] = self.cleaned_data["file"]
        data = upload.read(calendar_file.MAX_FILE_BYTES + 1)
        try:
            self.reading = calendar_file.read_calendar(data)
        except calendar_file.NotACalendar as refused:
            raise forms.ValidationError(str(refused)) from None
        return upload


def _full_name(user: User) -> str:
    return user.full_name


class ShiftForm(Form):
    person = forms.ModelChoiceField(
        label="Who is on call?",
        queryset=User.objects.none(),
        empty_label="Choose",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    starts_on = forms.DateField(label="From (day)", widget=DATE)
    starts_time = forms.TimeField(label="From (time)", widget=TIME)
    ends_on = forms.DateField(label="Until (day)", widget=DATE)
    ends_time = forms.TimeField(label="Until (time)", widget=TIME)

    def __init__(self, *args: Any, school: School, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person = self.fields["person"]
        assert isinstance(person, forms.ModelChoiceField)
        person.queryset = (
            User.objects.filter(
                is_active=True,
                memberships__school=school,
                memberships__is_active=True,
                memberships__role__in=list(SAFEGUARDING_TEAM),
            )
            .distinct()
            .order_by("full_name")
        )
        person.label_from_instance = _full_name  # type: ignore[method-assign,assignment]

    def moments(self) -> tuple[datetime, datetime]:
        tz = ZoneInfo(settings.TIME_ZONE)
        data = self.cleaned_data
        starts = datetime.combine(data["starts_on"], data["starts_time"], tzinfo=tz)
        ends = datetime.combine(data["ends_on"], data["ends_time"], tzinfo=tz)
        return starts, ends

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if all(data.get(k) for k in ("starts_on", "starts_time", "ends_on", "ends_time")):
            starts, ends = self.moments()
            if ends <= starts:
                self.add_error("ends_on", "The shift must end after it starts.")
        return data
