"""Fixtures for the cases app: a case opened through the real services, and captured alerts."""

from dataclasses import dataclass, field

import pytest
from django.utils import timezone

from haven.audit.models import AuditEvent
from haven.cases import notifications
from haven.cases.models import Case, ContactMethod, PupilRole, Typology
from haven.cases.services import (
    PupilInCase,
    ReviewInput,
    open_case,
    record_initial_review,
    record_parents_told,
    record_typology,
)
from haven.cases.tests.facts import ALL_CLEAR, sections

__all__ = ["ALL_CLEAR", "sections"]  # the review answers, for tests that import them from here


@dataclass
class Sent:
    alerts: list[dict] = field(default_factory=list)

    def reasons(self) -> list[str]:
        return [a["reason"] for a in self.alerts]

    def recipients(self, reason: str) -> set:
        return {r.pk for a in self.alerts if a["reason"] == reason for r in a["recipients"]}


@pytest.fixture(autouse=True)
def sent(monkeypatch) -> Sent:
    """Every alert the cases app sends, instead of sending it."""
    captured = Sent()

    def capture(*, recipients, school, reason, case):
        captured.alerts.append(
            {"recipients": list(recipients), "school": school, "reason": reason, "case": case}
        )

    monkeypatch.setattr(notifications, "send", capture)
    return captured


@pytest.fixture
def case(cast) -> Case:
    """A pair of pupils: Lex pictured, Sam received it. No review yet."""
    return open_case(
        actor=cast.dsl,
        school=cast.school,
        title="Image shared between two pupils",
        pupils=[
            PupilInCase(cast.pupil, PupilRole.PICTURED),
            PupilInCase(cast.pupil2, PupilRole.RECIPIENT),
        ],
    )


def review(case: Case, actor, **changes) -> object:
    case.refresh_from_db()
    return record_initial_review(
        actor=actor,
        case=case,
        expected_version=case.version,
        review=ReviewInput(sections=sections(**changes)),
    )


@pytest.fixture
def reviewed(case, cast) -> Case:
    """The case after an all-clear initial review: may be managed in school."""
    review(case, cast.dsl)
    case.refresh_from_db()
    return case


def audit_actions(case: Case) -> list[str]:
    return list(
        AuditEvent.objects.filter(school_id=case.school_id, data__case=str(case.pk))
        .order_by("sequence")
        .values_list("action", flat=True)
    )


def last_event(case: Case) -> AuditEvent:
    return AuditEvent.objects.filter(data__case=str(case.pk)).order_by("-sequence").first()


def settle(case: Case, actor) -> Case:
    """Settle what every case needs before it closes, beyond the review: each pupil's parents or
    carers told, and the typology. What closing asks for is then only what the test adds."""
    for link in case.case_pupils.select_related("pupil"):
        case.refresh_from_db()
        record_parents_told(
            actor=actor,
            case=case,
            expected_version=case.version,
            pupil=link.pupil,
            who="Their mother",
            told_at=timezone.now(),
            method=ContactMethod.PHONE,
        )
    case.refresh_from_db()
    record_typology(
        actor=actor,
        case=case,
        expected_version=case.version,
        typology=Typology.EXPERIMENTAL_ROMANTIC,
        ai_generated=False,
        sextortion=False,
    )
    case.refresh_from_db()
    return case


@pytest.fixture
def settled(reviewed, cast) -> Case:
    """The reviewed case with parents and carers told for both pupils and the typology recorded:
    ready to close."""
    return settle(reviewed, cast.dsl)
