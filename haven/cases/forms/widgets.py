"""GOV.UK Frontend widgets and field makers, so every form in the app looks and behaves the same."""

from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.functional import lazy

from haven.lib.forms import Checkboxes, Form, InlineRadios, Radios

__all__ = ["Checkboxes", "InlineRadios", "Radios"]

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
YES_NO_UNKNOWN = [("yes", "Yes"), ("no", "No"), ("unknown", "Not known")]
ANSWER_VALUES = {"yes": True, "no": False, "unknown": None}


def text(
    label: str, *, required: bool = True, help_text: str = "", max_length: int = 200
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=max_length,
        widget=forms.TextInput(attrs={"class": "govuk-input"}),
    )


def area(
    label: str, *, required: bool = True, help_text: str = "", rows: int = 4
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=20000,
        widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": rows}),
    )


def choice(
    label: str, choices: Any, *, help_text: str = "", required: bool = True
) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=choices, help_text=help_text, required=required, widget=Radios
    )


def select(
    label: str, choices: Any, *, required: bool = True, help_text: str = ""
) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=required,
        help_text=help_text,
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )


def yes_no_unknown(label: str, *, help_text: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=YES_NO_UNKNOWN,
        initial="unknown",
        help_text=help_text,
        widget=InlineRadios,
    )


def _today_example() -> str:
    return f"For example, {timezone.localdate():%d/%m/%Y} for today."


# Worked out each time the form is shown, so the example is never a date already gone by.
TODAY_EXAMPLE = lazy(_today_example, str)()


def day(label: str, *, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text=help_text or TODAY_EXAMPLE,
        widget=forms.DateInput(
            attrs={"type": "date", "class": "govuk-input govuk-input--width-10"}, format="%Y-%m-%d"
        ),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )


def moment(label: str, *, help_text: str = "") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        help_text=help_text,
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local", "class": "govuk-input govuk-input--width-20"},
            format=DATETIME_FORMAT,
        ),
        input_formats=[DATETIME_FORMAT, "%d/%m/%Y %H:%M"],
    )


def now_local() -> datetime:
    """Now, to the minute, in local time: the initial value of time fields."""
    return timezone.localtime().replace(second=0, microsecond=0)


def checkbox(label: str, *, help_text: str = "") -> forms.BooleanField:
    return forms.BooleanField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.CheckboxInput(attrs={"class": "govuk-checkboxes__input"}),
    )


class WrittenText(forms.CharField):
    """A one-line field staff fill in their own words. The language guard advises on it, as on
    every textarea (`haven.language.views.is_written`)."""

    written = True


class VersionedForm(Form):
    """Every form that changes a case carries the case version it was drawn from."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def _is_yes(value: str) -> bool:
    return value == "yes"


def yes_or_no(label: str, *, yes: str = "Yes", no: str = "No") -> forms.TypedChoiceField:
    """A required yes/no question whose cleaned value is True or False."""
    return forms.TypedChoiceField(
        label=label, choices=[("yes", yes), ("no", no)], coerce=_is_yes, widget=Radios
    )
