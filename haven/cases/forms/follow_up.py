"""Follow-up reviews booked and held.

Validation of the form's own fields lives here; what the guidance allows is checked by the
services (shown as form errors)."""

from haven.cases.forms.widgets import (
    VersionedForm,
    area,
    day,
)


class FollowUpForm(VersionedForm):
    due_on = day("Review the case on")


class FollowUpHeldForm(VersionedForm):
    notes = area("What did the review find?")
