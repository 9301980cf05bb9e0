"""The choices for a report made from the web: the period of the governors' report, the year and
format of the local authority's return."""

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import timezone

from haven.curriculum.rules import school_year_label, school_year_of, term_of
from haven.lib.forms import Form

DATE = forms.DateInput(
    format="%Y-%m-%d", attrs={"type": "date", "class": "govuk-input govuk-input--width-10"}
)
LONGEST = timedelta(days=366 * 2)


class GovernorsReportForm(Form):
    first = forms.DateField(label="First day", widget=DATE)
    last = forms.DateField(label="Last day", widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        term = term_of(timezone.localdate())
        self.fields["first"].initial = term.starts
        self.fields["last"].initial = min(term.ends - timedelta(days=1), timezone.localdate())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first"), data.get("last")
        if isinstance(first, date) and isinstance(last, date):
            if last < first:
                self.add_error("last", "The last day must be the same as or after the first day.")
            elif last - first > LONGEST:
                self.add_error("last", "Choose a period of two years or less.")
        return data


def _years() -> list[tuple[int, str]]:
    now = school_year_of(timezone.localdate())
    return [(year, school_year_label(year)) for year in range(now, now - 6, -1)]


class ReturnForm(Form):
    year = forms.TypedChoiceField(
        label="School year",
        coerce=int,
        choices=_years,
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    fmt = forms.ChoiceField(
        label="Format",
        choices=[("csv", "CSV (a spreadsheet)"), ("pdf", "PDF (to print or send)")],
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
