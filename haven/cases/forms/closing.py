"""Closing a case (with everything settled, or with the head's agreement), and reopening it.

Validation of the form's own fields lives here; what the guidance allows is checked by the
services (shown as form errors)."""

from haven.cases.forms.widgets import (
    VersionedForm,
    area,
    choice,
)
from haven.cases.models import (
    CaseOutcome,
)


class CloseForm(VersionedForm):
    outcome = choice("What was the outcome?", [c for c in CaseOutcome.choices if c[0]])
    rationale = area("Why can the case close?")


class CloseUnfinishedForm(VersionedForm):
    rationale = area(
        "Why should the case close with this not finished?",
        help_text="The headteacher must agree. This stays on the case and each pupil's chronology.",
    )


class ReopenForm(VersionedForm):
    reason = area("Why are you reopening the case?")
