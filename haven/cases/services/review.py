"""The initial review and reassessment: facts in, the rules' assessment out, both kept."""

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from django.db import transaction
from django.utils import timezone

from haven.accounts.models import User
from haven.cases import notifications
from haven.cases.models import (
    Case,
    CasePupil,
    InitialReview,
    Parts,
    PupilRole,
    ReviewKind,
    Typology,
    parts_of,
)
from haven.cases.rules import (
    SECTION_KEYS,
    Assessment,
    Criterion,
    FactsError,
    assess,
    assessment_to_dict,
    facts_to_dict,
    parse_facts,
)
from haven.cases.services.core import CaseError, begin, log_step, touch
from haven.cases.services.lado import on_review
from haven.schools.models import SendStatus

# The fact sections come from the rules, so a section added there is stored here too.
SECTIONS = tuple(SECTION_KEYS)


@dataclass(frozen=True)
class OtherPerson:
    """Someone involved who is not one of the case's pupils: an adult, an unknown online
    contact, a young person at another school. `roles`: their parts (one or several);
    `age_in_image` only if pictured and not their age now; `description` is narrative (kept
    encrypted)."""

    roles: Parts
    age: int | None = None
    is_pupil: bool | None = None
    description: str = ""
    age_in_image: int | None = None
    works_with_children: bool | None = None


@dataclass(frozen=True)
class PupilParts:
    """A pupil's parts as the review gives them, and their age when the image was made (None:
    their age today)."""

    roles: Parts
    age_in_image: int | None = None


@dataclass(frozen=True)
class ReviewInput:
    """What the DSL answered. Sections hold the yes/no facts (None: not known). `typology` and
    `sextortion` are the case's flags for reports (None: leave as they are)."""

    sections: dict[str, dict[str, bool | None]] = field(default_factory=dict)
    others: Sequence[OtherPerson] = ()
    roles: dict[UUID, PupilParts] = field(default_factory=dict)
    answers: dict[str, str] = field(default_factory=dict)
    narrative: dict[str, str] = field(default_factory=dict)
    typology: str | None = None
    sextortion: bool | None = None


def current_review(case: Case) -> InitialReview | None:
    """The review in force: the one no later review supersedes."""
    return case.reviews.filter(superseded_by__isnull=True).first()


def current_assessment(review: InitialReview | None) -> Assessment | None:
    """The assessment the rules make today of the review's facts (re-run, never trusted stale)."""
    return None if review is None else assess(parse_facts(review.facts))


def incident_day(case: Case) -> date:
    """The day the rules take ages on: when it happened (the earliest date a concern gives), or
    today when no concern says. A pupil's part is judged at the age they were then: a pupil of 18
    now who sent an image at 17 did not act as an adult, and a pupil pictured at 12 is under 13 in
    it whatever their age now (an age in the image given at the review still wins)."""
    today = timezone.localdate()
    days = [d for d in case.concerns.values_list("occurred_on", flat=True) if d is not None]
    return min([*days, today])


def _links(case: Case) -> list[CasePupil]:
    return list(case.case_pupils.select_related("pupil").order_by("added_at", "pk"))


def pupil_person(link: CasePupil, *, parts: PupilParts | None, today: date) -> dict[str, Any]:
    """A pupil as the triage facts write a person: parts from the case (or the review's answer),
    age on `today` (the incident day, `incident_day`), the age in the image if pictured and
    different, SEND."""
    roles = parts_of(parts.roles) if parts else link.parts
    in_image = parts.age_in_image if parts else link.age_in_image
    return {
        "roles": roles,
        "age": link.pupil.age_on(today),
        "age_in_image": in_image if PupilRole.PICTURED in roles else None,
        "is_pupil": True,
        "send": link.pupil.send != SendStatus.NONE,
        "works_with_children": None,
    }


def other_person(person: OtherPerson) -> dict[str, Any]:
    roles = parts_of(person.roles)
    return {
        "roles": roles,
        "age": person.age,
        "age_in_image": person.age_in_image if PupilRole.PICTURED in roles else None,
        "is_pupil": person.is_pupil,
        "send": None,
        "works_with_children": person.works_with_children,
    }


def build_facts(
    links: Sequence[CasePupil],
    *,
    sections: dict[str, dict[str, bool | None]],
    others: Sequence[OtherPerson],
    roles: dict[UUID, PupilParts],
    today: date,
) -> dict[str, Any]:
    """The triage facts: the case's pupils first (in `links` order), then everyone else.

    Raises CaseError naming the field when the facts cannot be read (an age out of range, an age
    in the image above the age now, a part that is not one).
    """
    try:
        people = [pupil_person(link, parts=roles.get(link.pupil_id), today=today) for link in links]
        people += [other_person(o) for o in others]
    except ValueError:
        raise CaseError("Choose how each person is involved.") from None
    data = {"people": people, **{name: dict(sections.get(name, {})) for name in SECTIONS}}
    try:
        return facts_to_dict(parse_facts(data))
    except FactsError as error:
        raise CaseError(
            f"That answer cannot be used ({_who(links, error.field_path)}): {error.message}"
        ) from None


def _who(links: Sequence[CasePupil], path: str) -> str:
    """A fact path in words: a pupil's name, or "other person N", for `people[i]...`."""
    if not path.startswith("people[") or "]" not in path:
        return path
    index = int(path[len("people[") : path.index("]")])
    field_name = path[path.index("]") + 2 :].replace("_", " ")
    who = (
        links[index].pupil.display_name
        if index < len(links)
        else f"other person {index + 1 - len(links)}"
    )
    return f"{who}, {field_name}" if field_name else who


def others_in(review: InitialReview) -> list[OtherPerson]:
    """The people in a review who are not the case's pupils, with their descriptions."""
    extra = review.facts["people"][len(review.pupil_ids) :]
    described = narrative_of(review).get("people", [])
    return [
        OtherPerson(
            # Reviews stored before people had several parts hold one `role`.
            roles=person["roles"] if "roles" in person else person["role"],
            age=person["age"],
            is_pupil=person["is_pupil"],
            description=described[i] if i < len(described) else "",
            age_in_image=person.get("age_in_image"),
            works_with_children=person.get("works_with_children"),
        )
        for i, person in enumerate(extra)
    ]


def narrative_of(review: InitialReview) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(review.narrative) if review.narrative else {}
    return loaded


def _store(
    *,
    actor: User | None,
    case: Case,
    kind: ReviewKind,
    facts: dict[str, Any],
    pupil_ids: list[str],
    answers: dict[str, str],
    narrative: dict[str, Any],
    previous: InitialReview | None,
) -> InitialReview:
    result = assess(parse_facts(facts))
    before = set(previous.criteria) if previous is not None else set()
    new = [str(c) for c in result.criteria if str(c) not in before]
    return InitialReview.objects.create(
        case=case,
        kind=kind,
        recorded_by=actor,
        recorded_at=timezone.now(),
        facts=facts,
        assessment=assessment_to_dict(result),
        pupil_ids=pupil_ids,
        answers=answers,
        narrative=json.dumps(narrative),
        new_criteria=new,
        supersedes=previous,
    )


def _announce(*, actor: User | None, case: Case, review: InitialReview, action: str) -> None:
    criteria = ", ".join(review.criteria) or "none"
    summary = (
        "Initial review recorded"
        if review.kind == ReviewKind.INITIAL
        else "Reassessed after new facts"
    )
    log_step(
        actor=actor,
        case=case,
        action=action,
        summary=summary,
        obj=review,
        data={"review": str(review.pk), "criteria": review.criteria},
    )
    if review.new_criteria:
        labels = "; ".join(Criterion(c).label for c in review.new_criteria)
        log_step(
            actor=actor,
            case=case,
            action="cases.criterion_met",
            summary=f"Immediate-referral criterion met: {labels}"[:200],
            obj=review,
            data={"review": str(review.pk), "criteria": review.new_criteria, "all": criteria},
        )
        notifications.criterion_met(case=case, actor=actor)
    on_review(actor=actor, case=case, review=review)


@transaction.atomic
def record_initial_review(
    *, actor: User, case: Case, expected_version: int, review: ReviewInput
) -> InitialReview:
    """Record the initial review (or a new one that supersedes it, both kept).

    Pupils' roles change where the review says so. A criterion met that the review before did not
    meet alerts the team and puts "referral required" back on the task list.
    Audit: cases.review_recorded, and cases.criterion_met when a criterion is newly met.
    """
    begin(case, expected_version)
    links = _links(case)
    day = incident_day(case)
    _change_parts(links, review.roles, today=day)
    facts = build_facts(links, sections=review.sections, others=review.others, roles={}, today=day)
    _check_sextortion(review, facts)
    narrative: dict[str, Any] = {k: v for k, v in review.narrative.items() if v}
    narrative["people"] = [o.description for o in review.others]
    stored = _store(
        actor=actor,
        case=case,
        kind=ReviewKind.INITIAL,
        facts=facts,
        pupil_ids=[str(link.pupil_id) for link in links],
        answers=dict(review.answers),
        narrative=narrative,
        previous=current_review(case),
    )
    _record_flags(actor=actor, case=case, review=review)
    _announce(actor=actor, case=case, review=stored, action="cases.review_recorded")
    return stored


def _change_parts(
    links: Sequence[CasePupil], parts: dict[UUID, PupilParts], *, today: date
) -> None:
    for link in links:
        given = parts.get(link.pupil_id)
        if given is None:
            continue
        try:
            roles = parts_of(given.roles)
        except ValueError:
            raise CaseError("Choose how each pupil is involved.") from None
        pictured = PupilRole.PICTURED in roles
        if given.age_in_image is not None and not pictured:
            raise CaseError(
                f"You gave {link.pupil.display_name}'s age in the picture or video: tick"
                ' "Pictured in it" too, or clear that age.'
            )
        in_image = given.age_in_image
        if in_image is not None and in_image == link.pupil.age_on(today):
            in_image = None  # the same as on the incident day: kept as "the same as then"
        if (roles, in_image) != (link.roles, link.age_in_image):
            link.roles, link.age_in_image = roles, in_image
            link.save(update_fields=["roles", "age_in_image"])


SEXTORTION_FACTS = ("threats_or_blackmail", "money_or_more_images_demanded")


def _check_sextortion(review: ReviewInput, facts: dict[str, Any]) -> None:
    """Sextortion is threats, blackmail or a demand for money or more images: the rules see it
    through those answers, so a case called sextortion must say which (else no rule would stop
    an override, or managing it in school)."""
    if review.sextortion and not any(facts["circumstances"][key] for key in SEXTORTION_FACTS):
        raise CaseError(
            "You said this is sextortion: answer yes to threats or blackmail, or to money or more"
            " images demanded, so the rules can see it."
        )


def _record_flags(*, actor: User, case: Case, review: ReviewInput) -> None:
    changes: dict[str, Any] = {}
    if review.typology is not None and review.typology != case.typology:
        if review.typology not in Typology.values:
            raise CaseError("Choose a type of incident.")
        changes["typology"] = review.typology
    if review.sextortion is not None and review.sextortion != case.sextortion:
        changes["sextortion"] = review.sextortion
    if not changes:
        return
    for name, value in changes.items():
        setattr(case, name, value)
    case.save(update_fields=list(changes))
    log_step(
        actor=actor,
        case=case,
        action="cases.typology_recorded",
        summary=f"Type recorded at the review: {case.get_typology_display()}",
        data={"typology": case.typology, "sextortion": case.sextortion, "at": "review"},
    )


@transaction.atomic
def reassess_case(*, actor: User | None, case: Case) -> InitialReview | None:
    """Run the rules again on the latest facts: the case's pupils as they are now (a pupil added,
    a role changed, a birthday) with the review's other answers. Call it whenever the facts may
    have changed (a concern added to the case). Stores a reassessment only if something changed.
    Audit: cases.reassessed, and cases.criterion_met when a criterion is newly met.
    """
    previous = current_review(case)
    if previous is None:
        return None  # the initial review will take in everything known by then
    facts = build_facts(
        _links(case),
        sections={name: previous.facts[name] for name in SECTIONS},
        others=others_in(previous),
        roles={},
        today=incident_day(case),
    )
    if facts == previous.facts:
        return None
    touch(case)
    stored = _store(
        actor=actor,
        case=case,
        kind=ReviewKind.REASSESSMENT,
        facts=facts,
        pupil_ids=[str(link.pupil_id) for link in _links(case)],
        answers=dict(previous.answers),
        narrative=narrative_of(previous),
        previous=previous,
    )
    _announce(actor=actor, case=case, review=stored, action="cases.reassessed")
    return stored
