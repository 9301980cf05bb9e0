"""Decisions with their reasons, the head's answer, and overriding the referral criteria.

Validation of the form's own fields lives here; what the guidance allows is checked by the
services (shown as form errors)."""

from django import forms

from haven.cases.forms.common import CaseForm, pupil_field
from haven.cases.forms.widgets import (
    VersionedForm,
    area,
    checkbox,
    select,
    yes_or_no,
)
from haven.cases.models import (
    GUIDED_TYPES,
    Case,
    Decision,
    DecisionType,
)


class DecisionForm(CaseForm):
    type = select(
        "What kind of decision?",
        [("", "Choose"), *[(t.value, t.label) for t in DecisionType if t not in GUIDED_TYPES]],
    )
    decided = area("What was decided?")
    rationale = area(
        "Why?", help_text="The reasons, the facts they rest on, and who you consulted."
    )
    ask_head = checkbox("Ask the headteacher to agree")

    def add_case_fields(self, case: Case) -> None:
        self.fields["pupil"] = pupil_field(case, "Which pupil is it about?", required=False)
        replaced = Decision.objects.filter(case=case, superseded_by__isnull=True)
        self.fields["supersedes"] = forms.ModelChoiceField(
            queryset=replaced,
            required=False,
            label="Does it replace an earlier decision?",
            help_text="The earlier decision stays in the record, marked as replaced.",
            empty_label="No",
            widget=forms.Select(attrs={"class": "govuk-select"}),
        )


class ManageInSchoolForm(VersionedForm):
    decided = area(
        "What will the school do?",
        help_text="For example, pastoral support for each young person, and deleting the imagery.",
    )
    rationale = area(
        "Why can the risks be managed in school?",
        help_text="None of the five criteria is met; say why you are confident about the rest.",
    )


class HeadAgreementForm(VersionedForm):
    agreed = yes_or_no("Do you agree?", yes="Yes, I agree", no="No, I do not agree")
    comment = area("Comment", required=False, help_text="Needed if you do not agree.")


class OverrideForm(VersionedForm):
    rationale = area(
        "Why is the referral not being made?",
        help_text="The headteacher must agree. This is rare: the guidance expects a referral.",
    )
