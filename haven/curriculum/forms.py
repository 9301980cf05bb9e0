"""The curriculum's forms. Every text field has a limit and takes words only (haven.lib.forms)."""

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from haven.curriculum import imports
from haven.curriculum.models import TERM_CHOICES, TOPIC_CHOICES, Lesson
from haven.curriculum.rules import school_year_label, school_year_of
from haven.lib.forms import Form
from haven.lib.uploads import MAX_DOCUMENT_BYTES
from haven.schools.models import YearGroup

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


def _text(label: str, *, max_length: int, required: bool = True, help_text: str = "") -> Any:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        widget=forms.TextInput(attrs={"class": "govuk-input"}),
    )


def _area(label: str, *, max_length: int, help_text: str = "") -> Any:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=False,
        help_text=help_text,
        widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 4}),
    )


def _day(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text=f"For example, {timezone.localdate():%d/%m/%Y} for today.",
        widget=forms.DateInput(
            attrs={"type": "date", "class": "govuk-input govuk-input--width-10"}, format="%Y-%m-%d"
        ),
        input_formats=DATE_FORMATS,
    )


def _topics(label: str) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=TOPIC_CHOICES,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "govuk-checkboxes__input"}),
        error_messages={"required": "Choose at least one topic."},
    )


def _years(school_id: int) -> Any:
    return YearGroup.objects.filter(school_id=school_id).order_by("curriculum_year")


class ProgrammeForm(Form):
    name = _text(
        "Your programme's name",
        max_length=100,
        help_text="The name pupils and families know it by, for example World & You.",
    )
    family_intro = _area(
        "What you tell families about it (optional)",
        max_length=2000,
        help_text="In your own words, for the public page. Leave empty and Haven writes a short "
        "introduction from your plan.",
    )


class LessonForm(Form):
    unit_title = _text(
        "Unit", max_length=150, help_text="A new or existing unit, for example Online life."
    )
    title = _text("Lesson title", max_length=150)
    topics = _topics("Topics the lesson covers")
    summary = _area(
        "What families read about this lesson (optional)",
        max_length=600,
        help_text="Plain English, in a sentence or two.",
    )


class PlanForm(Form):
    lesson = forms.ModelChoiceField(
        queryset=Lesson.objects.none(),
        label="Lesson",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    year_group = forms.ModelChoiceField(
        queryset=YearGroup.objects.none(),
        label="Year group",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    class_name = _text(
        "Class (optional)",
        max_length=50,
        required=False,
        help_text="Leave empty for the whole year group.",
    )
    term = forms.ChoiceField(
        label="Term",
        choices=TERM_CHOICES,
        widget=forms.RadioSelect(attrs={"class": "govuk-radios__input"}),
    )
    week = forms.IntegerField(
        label="Week of the term (optional)",
        required=False,
        min_value=1,
        max_value=16,
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-3"}),
    )

    def __init__(self, *args: Any, school_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lessons = Lesson.objects.filter(unit__programme__school_id=school_id)
        self.fields["lesson"].queryset = lessons  # type: ignore[attr-defined]
        self.fields["year_group"].queryset = _years(school_id)  # type: ignore[attr-defined]
        year = school_year_of(timezone.localdate())
        self.fields["term"].help_text = f"In the school year {school_year_label(year)}."


class DeliveredForm(Form):
    delivered_on = _day("Day it was delivered")


class ResponsiveSessionForm(Form):
    year_group = forms.ModelChoiceField(
        queryset=YearGroup.objects.none(),
        label="Year group",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    group_name = _text(
        "Class or group (optional)",
        max_length=50,
        required=False,
        help_text="For example 9R, or a lunchtime group. Never a pupil's name.",
    )
    held_on = _day("Day it happened")
    topics = _topics("What you talked about")
    note = _area(
        "Notes (optional)",
        max_length=1000,
        help_text="What was talked about, never who. Do not name any pupil, or anyone involved "
        "in an incident.",
    )

    def __init__(self, *args: Any, school_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year_group"].queryset = _years(school_id)  # type: ignore[attr-defined]


class PlanImportForm(Form):
    """The plan kept in a spreadsheet, saved as CSV. Read through Haven's document reading
    (haven.curriculum.imports.read_upload): a picture is refused whatever it is called."""

    file = forms.FileField(
        label="CSV file",
        help_text="Your plan saved from a spreadsheet as CSV, smaller than 5 MB.",
        widget=forms.ClearableFileInput(
            attrs={"class": "govuk-file-upload", "accept": ".csv,text/csv,text/plain"}
        ),
        error_messages={
            "required": "Choose the CSV file to upload.",
            "empty": "The file is empty. Save the plan from your spreadsheet as CSV again.",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.text = ""

    def clean_file(self) -> UploadedFile[bytes]:
        upload: UploadedFile[bytes] = self.cleaned_data["file"]
        if (upload.size or 0) > MAX_DOCUMENT_BYTES:
            raise forms.ValidationError("The file must be smaller than 5 MB.")
        try:
            self.text = imports.read_upload(upload.read(MAX_DOCUMENT_BYTES + 1), upload.name or "")
        except imports.NotAPlan as refused:
            raise forms.ValidationError(str(refused)) from None
        return upload


class PlanConfirmForm(Form):
    """The preview page's "Save": the file's words, as Haven signed them (imports.seal)."""

    plan = forms.CharField(widget=forms.HiddenInput, max_length=1_000_000)
