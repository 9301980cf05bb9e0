"""Referrals to children's social care and the police: made, acknowledged, chased, outcome.

Validation of the form's own fields lives here; what the guidance allows is checked by the
services (shown as form errors)."""

from typing import Any

from haven.cases.forms.widgets import (
    VersionedForm,
    area,
    choice,
    moment,
    now_local,
    text,
)
from haven.cases.models import (
    Agency,
    ReferralMethod,
)


class ReferralForm(VersionedForm):
    agency = choice("Who did you refer to?", Agency.choices)
    made_at = moment("When?")
    method = choice("How?", ReferralMethod.choices)
    reference_number = text(
        "Their reference number", required=False, max_length=60, help_text="If they gave you one."
    )
    shared = area(
        "What did you share?",
        help_text="The facts and where each came from, the young person's own words, what parents"
        " know, the risks, and what has been done already.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["made_at"].initial = now_local()


class AcknowledgementForm(VersionedForm):
    acknowledged_at = moment("When did they acknowledge it?")
    reference_number = text("Their reference number", required=False, max_length=60)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["acknowledged_at"].initial = now_local()


class ChaseForm(VersionedForm):
    chased_at = moment("When did you chase it?")
    note = area(
        "How did you chase it, and what did they say?",
        help_text="If the child's situation does not improve, escalate it.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chased_at"].initial = now_local()


class ReferralOutcomeForm(VersionedForm):
    outcome = area("What did they decide?")
    feedback = area("Any feedback to the school", required=False)
