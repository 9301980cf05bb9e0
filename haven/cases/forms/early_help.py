"""Early help offered to a family. What the guidance allows is checked by the service."""

from haven.cases.forms.common import CaseForm, pupil_field
from haven.cases.forms.widgets import area, choice, day
from haven.cases.models import Case, FamilyAnswer


class EarlyHelpForm(CaseForm):
    offered_on = day("When was it offered?")
    answer = choice("What did the family say?", FamilyAnswer.choices)
    why = area("Why would the family benefit?")

    def add_case_fields(self, case: Case) -> None:
        self.fields["pupil"] = pupil_field(case, "For which pupil's family?", required=False)
        self.order_fields(["pupil", "offered_on", "answer", "why"])
