"""Forms for everything recorded in a case after the review. Validation of the form's own fields
lives here; what the guidance allows is checked by the services (shown as form errors)."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from haven.accounts.models import User
from haven.cases.forms.widgets import (
    Checkboxes,
    VersionedForm,
    area,
    checkbox,
    choice,
    day,
    moment,
    now_local,
    select,
    text,
    yes_or_no,
)
from haven.cases.models import (
    GUIDED_TYPES,
    ActionStatus,
    AgeInImage,
    Agency,
    AgreedWith,
    Case,
    CaseOutcome,
    ContactMethod,
    Custody,
    Decision,
    DecisionType,
    ReferralMethod,
    TakedownOutcome,
    TakedownRoute,
    Typology,
    ViewingReason,
)
from haven.cases.rules.facts import ADULT_AGE
from haven.schools.models import SAFEGUARDING_TEAM, Pupil, Role


def pupils_in(case: Case) -> QuerySet[Pupil]:
    return Pupil.objects.filter(pk__in=case.case_pupils.values("pupil_id"))


def staff_at(case: Case, *, team_only: bool = False) -> QuerySet[User]:
    roles = (
        list(SAFEGUARDING_TEAM) if team_only else [r for r in Role.values if r != Role.SCHOOL_ADMIN]
    )
    return User.objects.filter(
        memberships__school_id=case.school_id,
        memberships__is_active=True,
        memberships__role__in=roles,
        is_active=True,
    ).distinct()


class PersonChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(getattr(obj, "display_name", None) or obj)


def pupil_field(case: Case, label: str, *, required: bool = True) -> PersonChoice:
    return PersonChoice(
        queryset=pupils_in(case),
        label=label,
        required=required,
        empty_label="Choose" if required else "Not about one pupil",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )


def staff_field(
    case: Case, label: str, *, team_only: bool = False, help_text: str = ""
) -> PersonChoice:
    return PersonChoice(
        queryset=staff_at(case, team_only=team_only),
        label=label,
        help_text=help_text,
        empty_label="Choose",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )


class CaseForm(VersionedForm):
    """A versioned form that knows its case (to offer its pupils and staff)."""

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        self.case = case
        super().__init__(*args, **kwargs)
        self.add_case_fields(case)

    def add_case_fields(self, case: Case) -> None:
        """Fields that depend on the case; none by default."""


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


class ParentsToldForm(CaseForm):
    who = text(
        "Who was told?",
        help_text="For example, mother, or foster carer. Their relationship is enough.",
    )
    told_at = moment("When were they told?")
    method = choice("How?", ContactMethod.choices)

    def add_case_fields(self, case: Case) -> None:
        self.fields["pupil"] = pupil_field(case, "Whose parent or carer?")
        self.fields["told_at"].initial = now_local()
        self.order_fields(["pupil", "who", "told_at", "method"])


class ParentsNotToldForm(CaseForm):
    risk_reason = area("How would telling them put the young person at risk of harm?")
    agreed_with = choice(
        "Who agreed with this decision?",
        [c for c in AgreedWith.choices if c[0]],
        help_text="A decision not to tell parents or carers is made with children's social care "
        "and/or the police.",
    )
    agreed_with_detail = text(
        "Who agreed, and when?", help_text="Their name or role, and the date."
    )

    def add_case_fields(self, case: Case) -> None:
        self.fields["pupil"] = pupil_field(case, "Whose parents or carers will not be told?")
        self.order_fields(["pupil", "risk_reason", "agreed_with", "agreed_with_detail"])


class ViewingRequestForm(VersionedForm):
    reason = choice("Why is viewing needed?", ViewingReason.choices)
    rationale = area("Explain why there is no other way")


class ViewingRecordForm(CaseForm):
    on_school_premises = checkbox("It was viewed on school premises")
    viewed_at = moment("When was it viewed?")
    what_followed = area("What followed?", help_text="What you decided or did as a result.")

    def add_case_fields(self, case: Case) -> None:
        self.fields["viewed_by"] = staff_field(
            case,
            "Who viewed it?",
            team_only=True,
            help_text="Where possible, the same sex as the young person.",
        )
        self.fields["present"] = staff_field(case, "Which other member of staff was present?")
        self.fields["viewed_at"].initial = now_local()
        self.order_fields(
            ["viewed_by", "present", "on_school_premises", "viewed_at", "what_followed"]
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


class OverrideForm(VersionedForm):
    rationale = area(
        "Why is the referral not being made?",
        help_text="The headteacher must agree. This is rare: the guidance expects a referral.",
    )


class TakedownForm(CaseForm):
    age_in_image = choice(
        "Were they under 18 when the image was made?",
        AgeInImage.choices,
        help_text="This decides the routes open to them, not their age today. StopNCII is only"
        " for someone 18 or over in the image.",
    )
    route = choice("Which route?", TakedownRoute.choices)
    platform = text("Which platform?", required=False, help_text="For a platform report.")
    helped_to = area(
        "What was the young person helped to do?",
        help_text="They make the report themselves. Staff never upload, view or send the image.",
    )

    def add_case_fields(self, case: Case) -> None:
        self.fields["pupil"] = pupil_field(case, "Which young person?")
        self.fields["age_in_image"].initial = AgeInImage.NOT_KNOWN
        self._report_remove_for(list(pupils_in(case)))
        self.order_fields(["pupil", "age_in_image", "route", "platform", "helped_to"])

    def _report_remove_for(self, pupils: list[Pupil]) -> None:
        """Report Remove is for young people under 18 today: not offered when nobody in the case
        is, and named as closed to those who are 18 or over (the service refuses it too)."""
        today = timezone.localdate()
        adults = [p for p in pupils if p.age_on(today) >= ADULT_AGE]
        if not adults:
            return
        route = self.fields["route"]
        assert isinstance(route, forms.ChoiceField)
        if len(adults) == len(pupils):
            route.choices = [
                c for c in TakedownRoute.choices if c[0] != TakedownRoute.REPORT_REMOVE
            ]
            route.help_text = (
                "Report Remove is not shown: it is for young people under 18 today, and everyone"
                " in this case is 18 or over."
            )
            return
        names = ", ".join(p.display_name for p in adults)
        route.help_text = (
            f"Report Remove is for young people under 18 today, so not for {names} (18 or over)."
        )


class TakedownOutcomeForm(VersionedForm):
    outcome = choice("What happened?", [c for c in TakedownOutcome.choices if c[0] != "offered"])
    note = area("Anything to add", required=False)


class DeletionForm(CaseForm):
    deadline = day("Confirm deletion by")

    def add_case_fields(self, case: Case) -> None:
        self.fields["pupils"] = forms.ModelMultipleChoiceField(
            queryset=pupils_in(case),
            label="Who was asked to delete it?",
            help_text="From every device, cloud store and social media account.",
            widget=Checkboxes,
        )
        self.order_fields(["pupils", "deadline"])


class ConfirmDeletionForm(VersionedForm):
    note = area("How was it confirmed?", required=False)


class CloseDeletionForm(VersionedForm):
    reason = area(
        "Why is it closed without confirmation?",
        help_text="For example, the young person has left the school, or the police took the"
        " device.",
    )


class DeviceForm(CaseForm):
    owner = text("Whose is it, if not a pupil's in this case?", required=False, max_length=100)
    description = text(
        "Describe the device", max_length=120, help_text="For example, black phone in a blue case."
    )
    confiscated_at = moment("When was it taken?")
    switched_off = yes_or_no("Was it switched off?")
    stored_where = text("Where is it kept?", max_length=120, help_text="Somewhere locked.")

    def add_case_fields(self, case: Case) -> None:
        self.fields["pupil"] = pupil_field(case, "Whose device is it?", required=False)
        self.fields["confiscated_by"] = staff_field(case, "Who took it?")
        self.fields["confiscated_at"].initial = now_local()
        self.order_fields(
            [
                "pupil",
                "owner",
                "description",
                "confiscated_by",
                "confiscated_at",
                "switched_off",
                "stored_where",
            ]
        )


class HandoverForm(VersionedForm):
    custody = choice("Where did it go?", [c for c in Custody.choices if c[0] != Custody.HELD])
    handed_to = text(
        "Handed to whom?",
        max_length=120,
        help_text="For example, PC 1234 Smith, or the young person's father.",
    )
    handed_at = moment("When?")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handed_at"].initial = now_local()


class ActionForm(CaseForm):
    description = area("What needs doing?", rows=3)
    due_on = day("Due by")

    def add_case_fields(self, case: Case) -> None:
        self.fields["owner"] = staff_field(case, "Whose job is it?")
        self.fields["pupil"] = pupil_field(case, "For which pupil?", required=False)
        self.order_fields(["description", "pupil", "owner", "due_on"])


class CloseActionForm(VersionedForm):
    status = choice(
        "Is it done?", [(ActionStatus.DONE, "Done"), (ActionStatus.CANCELLED, "Cancelled")]
    )
    note = area("Note", required=False, help_text="Needed if it is cancelled: say why.")


class FollowUpForm(VersionedForm):
    due_on = day("Review the case on")


class FollowUpHeldForm(VersionedForm):
    notes = area("What did the review find?")


class TypologyForm(VersionedForm):
    typology = choice(
        "What type of incident was it?",
        [c for c in Typology.choices if c[0]],
        help_text="Used for reports (Wolak and Finkelhor's typology).",
    )
    ai_generated = checkbox("The imagery was made or altered by software (AI)")
    sextortion = checkbox("Sextortion (financially motivated sexual extortion)")


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
