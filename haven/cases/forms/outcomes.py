"""What partners decided: the outcome in their terms, the day, who told the school, what follows.

Validation of the form's own fields lives here; which outcomes suit which partner is checked by
the service (haven.cases.rules.outcomes)."""

from haven.cases.forms.widgets import VersionedForm, area, day, select, text
from haven.cases.rules.outcomes import Partner, outcomes_of

CHOICES = [
    ("", "Choose"),
    ("Children's social care", outcomes_of(Partner.CSC)),
    ("Police", outcomes_of(Partner.POLICE)),
]


class PartnerOutcomeForm(VersionedForm):
    outcome = select("What did they decide?", CHOICES)
    decided_on = day("When did they decide?")
    told_by = text(
        "Who told the school?", help_text="Their name and role, for example the social worker."
    )
    for_school = area(
        "What follows for the school?",
        help_text="What the school is asked to do, or will do, and by when.",
    )
