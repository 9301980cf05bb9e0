"""Talking with each young person."""

from haven.cases.forms.common import CaseForm, pupil_field, staff_field
from haven.cases.forms.widgets import area, checkbox, moment, now_local, text
from haven.cases.models import Case


class ConversationForm(CaseForm):
    spoke_at = moment("When did you talk?")
    others_present = text(
        "Who else was there, if anyone?",
        required=False,
        help_text="For example, their form tutor, or a parent or carer.",
    )
    views_and_wishes = area(
        "What did they say they think, and want to happen?",
        help_text="In their own words, as far as you can: what worries them, what would help, and"
        " who they would like to support them.",
        rows=6,
    )
    who_else_has_it = area(
        "Who else do they say has the image?",
        required=False,
        help_text="Who it was sent to or shown to, and where it may be now, as they told it. Leave"
        " blank if they do not know.",
    )
    no_secrecy_promised = checkbox(
        "No promise was made to keep this secret",
        help_text="They were told, kindly, who would need to know and why.",
    )

    def add_case_fields(self, case: Case) -> None:
        self.fields["pupil"] = pupil_field(case, "Which young person?")
        self.fields["spoken_by"] = staff_field(case, "Who talked with them?")
        self.fields["spoke_at"].initial = now_local()
        self.order_fields(
            [
                "pupil",
                "spoken_by",
                "spoke_at",
                "others_present",
                "views_and_wishes",
                "who_else_has_it",
                "no_secrecy_promised",
            ]
        )
