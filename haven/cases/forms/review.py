"""The initial-review form: the UKCIS questions, the triage facts, and the people involved."""

from collections.abc import Sequence
from datetime import date
from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils import timezone

from haven.cases.forms.widgets import (
    ANSWER_VALUES,
    Checkboxes,
    InlineRadios,
    VersionedForm,
    WrittenText,
    area,
    checkbox,
    select,
    yes_no_unknown,
)
from haven.cases.models import Case, CasePupil, InitialReview, PupilRole, Typology, parts_of
from haven.cases.rules import SECTION_KEYS, Role, fact_question
from haven.cases.services import OtherPerson, ReviewInput
from haven.cases.services.review import SECTIONS, PupilParts, narrative_of, others_in
from haven.lib.forms import Form

# The triage facts, section by section, exactly as the rules define them: a fact added to the
# rules is asked on the page without a change here.
FACTS: dict[str, tuple[str, ...]] = dict(SECTION_KEYS)
FACT_PATHS = [f"{section}.{name}" for section, names in FACTS.items() for name in names]


def _question(path: str) -> str:
    try:
        return fact_question(path)
    except KeyError:  # a test fails on this; the page still asks, in plainer words
        return f"{path.rpartition('.')[2].replace('_', ' ').capitalize()}?"


# Each fact's question, by its path ("risk.immediate_danger"): the rules' own words.
QUESTIONS: dict[str, str] = {path: _question(path) for path in FACT_PATHS}
# Yes/no questions of the review that are not triage facts (stored as codes).
ANSWERS: dict[str, tuple[str, str]] = {
    "view_needed": (
        "Is it necessary to view the imagery to safeguard a young person?",
        "In most cases, no. Never view it to find out what it shows.",
    ),
    "sent_to_several": ("Was it sent to more than one person?", ""),
    "delete_now": ("Should something be done now to delete it or have it taken down?", ""),
    "contact_others": ("Does another school, setting or person need to be contacted?", ""),
    "tell_parents": ("Should parents or carers be told?", "In most cases, yes."),
    "risk_if_parents_told": (
        "Would telling parents or carers put a young person at risk of harm?",
        "",
    ),
}
# Written answers (kept encrypted).
NARRATIVE: dict[str, tuple[str, str]] = {
    "children_facts": (
        "What do you know about the young people that affects the risk?",
        "Age, SEND, vulnerability, history, whether they have a social worker.",
    ),
    "age_gap": ("Is there an age gap or a power imbalance between them?", ""),
    "how_widely_shared": (
        "How widely has it been shared, and on which apps or sites?",
        "Write 'not known' if you do not know yet.",
    ),
    "consent": ("Was it shared with consent, or under pressure?", "In their words where you can."),
    "posted_online": ("Has it been posted online? What has been done to contain it?", ""),
    "more_information": ("What more do you need to find out to decide?", ""),
    "contacts": ("Who else needs to be contacted?", ""),
    "wishes": ("What does each young person want to happen?", ""),
    "impact": ("What has the impact been on each young person?", ""),
    "notes": ("Who took part in this review? Anything else?", ""),
}
GROUPS: list[tuple[str, str, list[str]]] = [
    (
        "Is anyone at risk now?",
        "If anyone is in immediate danger, call 999 now.",
        [f"risk__{name}" for name in FACTS["risk"]],
    ),
    (
        "The young people involved",
        "Tick every part each pupil had: a pupil who took and sent a picture of themselves is"
        " also in it.",
        ["roles", "n_children_facts", "n_age_gap"],
    ),
    (
        "What is known of the imagery",
        "From what was said. Never view the imagery to answer these questions.",
        [f"content__{name}" for name in FACTS["content"]] + ["q_view_needed"],
    ),
    (
        "How it was made and shared",
        "",
        [f"circumstances__{name}" for name in FACTS["circumstances"]]
        + ["q_sent_to_several", "n_how_widely_shared", "n_consent", "n_posted_online"],
    ),
    (
        "What happens next",
        "",
        [
            "q_delete_now",
            "q_contact_others",
            "n_contacts",
            "q_tell_parents",
            "q_risk_if_parents_told",
            "n_more_information",
            "n_wishes",
            "n_impact",
            "n_notes",
        ],
    ),
    (
        "For the record",
        "You can change these when you close the case.",
        ["flag_sextortion", "flag_typology"],
    ),
]
# A fact the groups above do not place is still asked, at the end.
_PLACED = {name for _, _, names in GROUPS for name in names}
_UNPLACED = [name for name in (p.replace(".", "__") for p in FACT_PATHS) if name not in _PLACED]
if _UNPLACED:
    GROUPS.append(("More about what happened", "", _UNPLACED))
ROLE_CHOICES = [(role.value, PupilRole(role.value).label) for role in Role]
YES_NO = [("yes", "Yes"), ("no", "No")]


def parts_field(label: str, *, help_text: str = "", required: bool = False) -> Any:
    return forms.MultipleChoiceField(
        label=label,
        choices=ROLE_CHOICES,
        required=required,
        help_text=help_text,
        widget=Checkboxes,
    )


def age_field(label: str, *, help_text: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        required=False,
        min_value=0,
        max_value=120,
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-3"}),
    )


def _code(value: bool | None) -> str:
    return {True: "yes", False: "no", None: "unknown"}[value]


class OtherPersonForm(Form):
    """Someone involved who is not one of the case's pupils."""

    roles = parts_field(
        "What part did they have?", help_text="Tick every part. Tick none to leave this row out."
    )
    age = age_field(
        "Age in years",
        help_text="Leave empty if not known. Someone who says they are 16 online may not be.",
    )
    age_in_image = age_field(
        "If they are in the picture or video: how old were they when it was made?",
        help_text="Leave empty if the same as their age now.",
    )
    is_pupil = forms.ChoiceField(
        label="Are they a pupil (here or at another school)?",
        choices=[("yes", "Yes"), ("no", "No"), ("unknown", "Not known")],
        initial="unknown",
        widget=InlineRadios,
    )
    works_with_children = forms.ChoiceField(
        label="Do they work with children (staff, coach, volunteer)?",
        choices=[("yes", "Yes"), ("no", "No"), ("unknown", "Not known")],
        initial="unknown",
        required=False,
        widget=InlineRadios,
    )
    description = WrittenText(
        label="Who are they?",
        help_text="For example, an unknown online contact. No names needed.",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": "govuk-input"}),
    )


class BaseOtherPeople(forms.BaseFormSet):  # type: ignore[type-arg]
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"] = checkbox("Remove this person from the review")


OtherPeople = formset_factory(
    OtherPersonForm, formset=BaseOtherPeople, extra=1, can_delete=True, can_delete_extra=False
)


def _same_age_hint(age: int, *, day: date, today: date) -> str:
    if day == today:
        return f"Leave empty if the same as today ({age})."
    return f"Leave empty if the same as when it happened ({age} on {day:%-d %B %Y})."


class ReviewForm(VersionedForm):
    def __init__(
        self, *args: Any, links: Sequence[CasePupil], day: date | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.links = list(links)
        today = timezone.localdate()
        day = day or today
        for link in self.links:
            name = link.pupil.display_name
            self.fields[self.role_field(link)] = parts_field(
                f"What part did {name} have?", help_text="Tick every part that is known."
            )
            self.fields[self.role_field(link)].initial = link.parts
            self.fields[self.image_age_field(link)] = age_field(
                f"If {name} is in it: how old were they when it was made?",
                help_text=_same_age_hint(link.pupil.age_on(day), day=day, today=today),
            )
            self.fields[self.image_age_field(link)].initial = link.age_in_image
        for section, names in FACTS.items():
            for name in names:
                self.fields[f"{section}__{name}"] = yes_no_unknown(QUESTIONS[f"{section}.{name}"])
        for code, (label, hint) in ANSWERS.items():
            self.fields[f"q_{code}"] = yes_no_unknown(label, help_text=hint)
        for code, (label, hint) in NARRATIVE.items():
            self.fields[f"n_{code}"] = area(label, required=False, help_text=hint, rows=3)
        self.fields["flag_sextortion"] = forms.ChoiceField(
            label="Is this sextortion?",
            help_text="Threats, blackmail, or money or more images demanded, often by someone"
            " posing as a young person. If yes, answer those questions yes too.",
            choices=YES_NO,
            required=False,
            widget=InlineRadios,
        )
        self.fields["flag_typology"] = select(
            "What type of incident is it?",
            Typology.choices,
            required=False,
            help_text="For reports. Not recorded yet is fine at the review.",
        )

    @staticmethod
    def role_field(link: CasePupil) -> str:
        return f"role_{link.pupil_id.hex}"

    @staticmethod
    def image_age_field(link: CasePupil) -> str:
        return f"image_age_{link.pupil_id.hex}"

    def groups(self) -> list[tuple[str, str, list[forms.BoundField]]]:
        """Fields by part of the review, for the page (roles stand for each pupil's role)."""
        grouped = []
        for title, hint, names in GROUPS:
            fields: list[forms.BoundField] = []
            for name in names:
                if name == "roles":
                    for link in self.links:
                        fields += [self[self.role_field(link)], self[self.image_age_field(link)]]
                else:
                    fields.append(self[name])
            grouped.append((title, hint, fields))
        return grouped

    def answers_input(self, people: Sequence[OtherPerson]) -> ReviewInput:
        """What was answered, as the service takes it. Works on partly valid input (for the live
        assessment): a field that did not validate counts as not known."""
        data = getattr(self, "cleaned_data", {})
        return ReviewInput(
            sections={
                section: {
                    name: ANSWER_VALUES.get(data.get(f"{section}__{name}", "unknown"))
                    for name in names
                }
                for section, names in FACTS.items()
            },
            others=people,
            roles={
                link.pupil_id: PupilParts(
                    data[self.role_field(link)], data.get(self.image_age_field(link))
                )
                for link in self.links
                if self.role_field(link) in data  # none ticked: not known yet
            },
            answers={code: data.get(f"q_{code}") or "unknown" for code in ANSWERS},
            narrative={code: data.get(f"n_{code}", "") for code in NARRATIVE},
            typology=data.get("flag_typology") if "flag_typology" in data else None,
            sextortion=ANSWER_VALUES.get(data.get("flag_sextortion") or "unknown"),
        )


def others_from(formset: Any) -> list[OtherPerson]:
    """The other people entered, leaving out empty, removed and invalid rows."""
    people = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None) or {}
        if not data.get("roles") or data.get("DELETE"):
            continue
        people.append(
            OtherPerson(
                roles=data["roles"],
                age=data.get("age"),
                is_pupil=ANSWER_VALUES.get(data.get("is_pupil") or "unknown"),
                description=data.get("description", ""),
                age_in_image=data.get("age_in_image"),
                works_with_children=ANSWER_VALUES.get(data.get("works_with_children") or "unknown"),
            )
        )
    return people


def initial_from(
    review: InitialReview | None, case: Case | None = None
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The form's initial answers (and other people) from the review in force, and the case's
    flags for reports."""
    initial: dict[str, Any] = {}
    if case is not None:
        initial["flag_typology"] = case.typology
        initial["flag_sextortion"] = "yes" if case.sextortion else "no"
    if review is None:
        return initial, []
    for section in SECTIONS:
        for name, value in review.facts[section].items():
            initial[f"{section}__{name}"] = _code(value)
    for code, value in review.answers.items():
        initial[f"q_{code}"] = value
    for code, value in narrative_of(review).items():
        if code in NARRATIVE:
            initial[f"n_{code}"] = value
    people = [
        {
            "roles": parts_of(p.roles),
            "age": p.age,
            "age_in_image": p.age_in_image,
            "is_pupil": _code(p.is_pupil),
            "works_with_children": _code(p.works_with_children),
            "description": p.description,
        }
        for p in others_in(review)
    ]
    return initial, people
