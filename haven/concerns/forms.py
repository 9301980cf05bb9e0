"""All input for concerns: the staff form, additions, triage, replies and the inbox filter.

Forms re-render with everything typed (the shared pupil picker keeps the pupils ticked and their
parts); files cannot be kept by a browser, so the form says to choose them again.
"""

import uuid
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.forms.utils import ErrorDict
from django.http import HttpRequest
from django.utils import timezone

from haven.cases.models import Case
from haven.concerns import selectors
from haven.concerns.attachments import AcceptedDocument
from haven.concerns.models import ActionTaken, ConcernStatus, Platform
from haven.concerns.services import ConcernDetails, PupilInConcern
from haven.lib.forms import Form
from haven.lib.uploads import (
    ALLOWED_DESCRIPTION,
    MAX_DOCUMENTS,
    ImageryRefused,
    UploadRefused,
    display_name,
)
from haven.schools.models import Pupil, School
from haven.schools.parts import PupilRole
from haven.schools.picker import PupilPicker, pupil_picker

INPUT = "govuk-input"
TEXTAREA = "govuk-textarea"
ERROR_CLASSES = {
    INPUT: "govuk-input--error",
    TEXTAREA: "govuk-textarea--error",
    "govuk-file-upload": "govuk-file-upload--error",
    "govuk-select": "govuk-select--error",
}


class HavenForm(Form):
    """GOV.UK markup on every widget: hints and errors tied to their inputs for screen readers."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"id_{name}-hint"

    def mark_errors(self) -> None:
        for name in self.errors:
            if name not in self.fields:
                continue
            attrs = self.fields[name].widget.attrs
            css = attrs.get("class", "")
            extra = [error for base, error in ERROR_CLASSES.items() if base in css.split()]
            attrs["class"] = " ".join([css, *extra]).strip()
            described = attrs.get("aria-describedby", "")
            attrs["aria-describedby"] = f"{described} id_{name}-error".strip()


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class DocumentsField(forms.FileField):
    """Up to three documents, each read for its words (the file is never kept). Cleans to a list
    of AcceptedDocument."""

    widget = MultipleFileInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.refused_imagery = False

    def clean(self, data: Any, initial: Any = None) -> list[AcceptedDocument]:
        files = [f for f in (data if isinstance(data, list) else [data]) if f]
        if len(files) > MAX_DOCUMENTS or any(getattr(f, "over_count", False) for f in files):
            raise forms.ValidationError(f"Attach at most {MAX_DOCUMENTS} documents.")
        accepted, problems = [], []
        for upload in files:
            try:
                accepted.append(self._check(upload))
            except UploadRefused as refused:
                self.refused_imagery |= isinstance(refused, ImageryRefused)
                problems.append(str(refused))
        if problems:
            raise forms.ValidationError(problems)
        return accepted

    def _check(self, upload: UploadedFile[bytes]) -> AcceptedDocument:
        name = display_name(upload.name or "")
        if getattr(upload, "too_large", False):
            raise UploadRefused(f"“{name}” is larger than 5 MB. Attach a smaller document.")
        return AcceptedDocument.read(name, upload.read())


def concern_pupil_picker(request: HttpRequest) -> PupilPicker:
    """The form's pupils: each ticked one (`pupil`) with their part (`role-<id>`), found at the
    school chosen in the form. The shared picker reads them; the form only checks there are some."""
    return pupil_picker(request, field_name="pupil", with_roles=True, school_field="school")


def ticks(choices: Any, label: str) -> forms.MultipleChoiceField:
    """An optional group of checkboxes (drawn by concerns/_checkboxes.html)."""
    return forms.MultipleChoiceField(
        required=False, choices=choices, label=label, widget=forms.CheckboxSelectMultiple
    )


def optional_text(
    label: str, max_length: int, help_text: str = "", rows: int = 0
) -> forms.CharField:
    """An optional line of text, or a box of `rows` lines."""
    widget: forms.Widget = (
        forms.Textarea(attrs={"class": TEXTAREA, "rows": rows})
        if rows
        else forms.TextInput(attrs={"class": INPUT})
    )
    return forms.CharField(
        required=False, max_length=max_length, label=label, help_text=help_text, widget=widget
    )


URGENT_CHOICES = [("yes", "Yes, or I think so"), ("no", "No")]
WORDS_NOT_FILES = (
    "Haven keeps the words from your document, not the file itself. Never attach a photo, "
    "screenshot or video."
)


class ConcernForm(HavenForm):
    submission_id = forms.UUIDField(widget=forms.HiddenInput)
    school = forms.ModelChoiceField(
        queryset=School.objects.none(),
        empty_label=None,
        label="School",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    # The picker (concern_pupil_picker) reads the pupils; this field only carries its error, so
    # the error summary links to the picker's search box (id_pupil).
    pupil = forms.Field(required=False, widget=forms.MultipleHiddenInput)
    pupils_unknown = forms.BooleanField(
        required=False, label="I do not know the names of everyone involved"
    )
    narrative = forms.CharField(
        max_length=20_000,
        label="What you were told or saw",
        help_text="Write it in words, using the child's own words where you can. Facts, not "
        "opinions. Never copy, save or forward the image itself.",
        widget=forms.Textarea(attrs={"class": TEXTAREA, "rows": 8}),
        error_messages={"required": "Say what you were told or what you saw."},
    )
    # Asked straight after what happened (and listed so in the error summary).
    urgent = forms.ChoiceField(
        choices=URGENT_CHOICES,
        label="Is a child in danger right now?",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether a child may be in danger right now."},
    )
    occurred_on = forms.DateField(
        required=False,
        label="When did it happen? (if you know)",
        widget=forms.DateInput(
            attrs={"class": f"{INPUT} govuk-input--width-10", "type": "date"}, format="%Y-%m-%d"
        ),
    )
    location = optional_text(
        "Where, and at what time? (if you know)",
        500,
        "For example: “at lunchtime, on the field” or “on the bus home on Tuesday”.",
    )
    platforms = ticks(Platform.choices, "Apps or websites named")
    platforms_other = optional_text("Other apps or websites", 200)
    actions_taken = ticks(ActionTaken.choices, "What has already been done")
    actions_detail = optional_text(
        "More about what has been done",
        5_000,
        "For example, where a device is now and who has it.",
        rows=3,
    )
    attachments = DocumentsField(
        required=False,
        label="Attach documents (optional)",
        help_text=f"Up to {MAX_DOCUMENTS} files, each up to 5 MB: {ALLOWED_DESCRIPTION}. "
        f"{WORDS_NOT_FILES}",
        widget=MultipleFileInput(
            attrs={
                "class": "govuk-file-upload",
                "accept": ".pdf,.docx,.odt,.txt,application/pdf,text/plain,"
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document,"
                "application/vnd.oasis.opendocument.text",
            }
        ),
    )

    def __init__(
        self,
        *args: Any,
        schools: list[School],
        picker: PupilPicker | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        school_field = self.fields["school"]
        assert isinstance(school_field, forms.ModelChoiceField)
        school_field.queryset = School.objects.filter(pk__in=[s.pk for s in schools])
        if len(schools) == 1:
            self.fields["school"].widget = forms.HiddenInput()
            self.fields["school"].initial = schools[0].pk
        self.chosen_school = self._chosen_school(schools)
        parts = picker.chosen_parts if picker else []
        self.chosen = [PupilInConcern(pupil, roles) for pupil, roles in parts]

    def _chosen_school(self, schools: list[School]) -> School | None:
        wanted = str(self.data.get("school", "")) if self.is_bound else ""
        return next((s for s in schools if str(s.pk) == wanted), schools[0] if schools else None)

    @property
    def refused_imagery(self) -> bool:
        field = self.fields["attachments"]
        return isinstance(field, DocumentsField) and field.refused_imagery

    def clean_occurred_on(self) -> date | None:
        value: date | None = self.cleaned_data.get("occurred_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future.")
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.chosen and not cleaned.get("pupils_unknown"):
            self.add_error(
                "pupil",
                "Find and tick at least one pupil, or tick “I do not know the names of "
                "everyone involved”.",
            )
        actions = cleaned.get("actions_taken") or []
        if ActionTaken.DEVICE_CONFISCATED in actions and not cleaned.get("actions_detail"):
            self.add_error("actions_detail", "Say where the device is now and who has it.")
        return cleaned

    def details(self) -> ConcernDetails:
        data = self.cleaned_data
        return ConcernDetails(
            narrative=data["narrative"],
            urgent=data["urgent"] == "yes",
            occurred_on=data.get("occurred_on"),
            location=data.get("location", ""),
            platforms=data.get("platforms", []),
            platforms_other=data.get("platforms_other", ""),
            actions_taken=data.get("actions_taken", []),
            actions_detail=data.get("actions_detail", ""),
            pupils_unknown=bool(data.get("pupils_unknown")),
        )

    def pupils(self) -> list[PupilInConcern]:
        return self.chosen

    def without_errors(self) -> "ConcernForm":
        """Show what was typed without judging it (after Find, before the form is sent)."""
        self._errors = ErrorDict()  # a bound form that has not been validated
        return self


def new_concern_form(schools: list[School]) -> ConcernForm:
    return ConcernForm(schools=schools, initial={"submission_id": uuid.uuid4()})


class AdditionForm(HavenForm):
    text = forms.CharField(
        max_length=10_000,
        label="Further information",
        help_text="This is added to your concern with today's date. It cannot be changed later.",
        widget=forms.Textarea(attrs={"class": TEXTAREA, "rows": 5}),
        error_messages={"required": "Write the further information you want to add."},
    )


class OpenCaseForm(HavenForm):
    title = forms.CharField(
        max_length=120,
        label="Case title",
        help_text="A short label, never a child's full name.",
        widget=forms.TextInput(attrs={"class": INPUT}),
        error_messages={"required": "Give the case a short title."},
    )


class AddToCaseForm(HavenForm):
    case = forms.CharField(required=False, widget=forms.RadioSelect)
    reference = forms.CharField(
        required=False,
        max_length=20,
        label="Or another open case's reference",
        help_text="For example, C-7K3M9Q.",
        widget=forms.TextInput(attrs={"class": f"{INPUT} govuk-input--width-10"}),
    )

    def __init__(self, *args: Any, school_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.school_id = school_id

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        found = selectors.open_case_at(
            self.school_id, pk=cleaned.get("case", ""), reference=cleaned.get("reference", "")
        )
        if found is None:
            self.add_error("reference", "Choose an open case, or type the reference of one.")
        cleaned["found"] = found
        return cleaned

    @property
    def found_case(self) -> Case:
        found: Case = self.cleaned_data["found"]
        return found


class NoFurtherActionForm(HavenForm):
    reason = forms.CharField(
        max_length=10_000,
        label="Why is no further action needed?",
        help_text="This stays on each pupil's chronology.",
        widget=forms.Textarea(attrs={"class": TEXTAREA, "rows": 4}),
        error_messages={"required": "Say why no further action is needed."},
    )


class LinkPupilForm(HavenForm):
    pupil = forms.UUIDField(widget=forms.HiddenInput)
    role = forms.ChoiceField(
        choices=PupilRole.choices,
        label="Their part",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )


class ReplyForm(HavenForm):
    text = forms.CharField(
        max_length=10_000,
        label="Your reply",
        help_text="The person who made the report reads this with their reference and code. "
        "Do not name other children.",
        widget=forms.Textarea(attrs={"class": TEXTAREA, "rows": 4}),
        error_messages={"required": "Write your reply."},
    )


STATUS_FILTERS = [("", "All"), ("open", "New or acknowledged"), *ConcernStatus.choices]


class InboxFilterForm(HavenForm):
    status = forms.ChoiceField(
        required=False,
        choices=STATUS_FILTERS,
        label="Status",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    # Chosen from a list, sent as the pupil's id: a name in the URL would land in access logs.
    pupil = forms.UUIDField(
        required=False,
        label="Pupil",
        widget=forms.Select(attrs={"class": "govuk-select"}),
        error_messages={"invalid": "Choose a pupil from the list."},
    )

    def __init__(
        self, *args: Any, pupils: Callable[[], Iterable[Pupil]] = list, **kwargs: Any
    ) -> None:
        """`pupils` gives the list to choose from. It is read only when the form is drawn, so a
        poll that answers "no change" does not read it. Any id is accepted: the filter only
        narrows the team's own concerns, so an id from elsewhere just shows none."""
        super().__init__(*args, **kwargs)
        self.fields["pupil"].widget.choices = lambda: [
            ("", "All pupils"),
            *((str(pupil.pk), _pupil_label(pupil)) for pupil in pupils()),
        ]

    def chosen(self) -> selectors.InboxFilter:
        if not self.is_valid():
            return selectors.InboxFilter()
        return selectors.InboxFilter(
            status=self.cleaned_data.get("status", ""), pupil=self.cleaned_data.get("pupil")
        )


def _pupil_label(pupil: Pupil) -> str:
    return f"{pupil.display_name} ({pupil.year_group})" if pupil.year_group else pupil.display_name
