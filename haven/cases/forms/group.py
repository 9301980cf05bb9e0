"""Recording one step for a group of pupils at once, with a reason for each pupil left out."""

from typing import Any

from django import forms

from haven.cases.forms.common import CaseForm, pupils_in, staff_field
from haven.cases.forms.widgets import (
    Checkboxes,
    WrittenText,
    area,
    choice,
    day,
    moment,
    now_local,
    text,
)
from haven.cases.models import Case, ContactMethod
from haven.cases.selectors import load_records
from haven.schools.models import Pupil

REASON_PREFIX = "why_not_"


class ParentsToldGroupForm(CaseForm):
    """Tick whose parents or carers were told; for each pupil not ticked, say why not."""

    who = text(
        "Who was told?",
        help_text="The same for every pupil ticked: for example, parent or carer.",
    )
    told_at = moment("When were they told?")
    method = choice("How?", ContactMethod.choices)

    def add_case_fields(self, case: Case) -> None:
        self.group = self.pupils_to_do(case)
        self.fields["pupils"] = forms.MultipleChoiceField(
            label="Whose parents or carers were told?",
            help_text="Untick anyone whose parents or carers were not told, and say why below.",
            choices=[(str(p.pk), p.display_name) for p in self.group],
            initial=[str(p.pk) for p in self.group],
            widget=Checkboxes,
        )
        for pupil in self.group:
            self.fields[f"{REASON_PREFIX}{pupil.pk}"] = WrittenText(
                label=f"If {pupil.display_name}'s were not told, why not?",
                required=False,
                max_length=500,
                widget=forms.TextInput(attrs={"class": "govuk-input"}),
            )
        self.fields["told_at"].initial = now_local()
        self.order_fields(["pupils", "who", "told_at", "method"])

    @staticmethod
    def pupils_to_do(case: Case) -> list[Pupil]:
        """The case's pupils whose parents are neither told nor not told by a decision (a pupil
        left out of an earlier group step is still to do)."""
        records = load_records(case)
        settled = records.pupils_parents_settled()
        return [link.pupil for link in records.links if link.pupil_id not in settled]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        ticked = set(cleaned.get("pupils") or [])
        for pupil in self.group:
            name = f"{REASON_PREFIX}{pupil.pk}"
            if str(pupil.pk) not in ticked and not (cleaned.get(name) or "").strip():
                self.add_error(
                    name, f"Say why {pupil.display_name}'s parents or carers were not told."
                )
        return cleaned

    def service_arguments(self) -> dict[str, Any]:
        """What the service takes: the pupils told, and each pupil left out with their reason."""
        data = self.cleaned_data
        ticked = set(data["pupils"])
        return {
            "expected_version": data["version"],
            "pupils": [p for p in self.group if str(p.pk) in ticked],
            "exceptions": {
                p: data[f"{REASON_PREFIX}{p.pk}"] for p in self.group if str(p.pk) not in ticked
            },
            "who": data["who"],
            "told_at": data["told_at"],
            "method": data["method"],
        }


class PupilsChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(getattr(obj, "display_name", None) or obj)


class ActionsGroupForm(CaseForm):
    """The same support action for several pupils: one action each."""

    description = area("What needs doing, for each of them?", rows=3)
    due_on = day("Due by")

    def add_case_fields(self, case: Case) -> None:
        pupils = pupils_in(case)
        self.fields["pupils"] = PupilsChoice(
            queryset=pupils,
            label="For which pupils?",
            help_text="Untick anyone it is not for.",
            initial=[p.pk for p in pupils],
            widget=Checkboxes,
        )
        self.fields["owner"] = staff_field(case, "Whose job is it?")
        self.order_fields(["pupils", "description", "owner", "due_on"])
