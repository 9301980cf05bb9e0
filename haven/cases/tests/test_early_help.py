"""Early help: a route when no criterion is met but the family would benefit, with the school's
own local offer named in its policy settings."""

import pytest
from django.urls import reverse
from django.utils import timezone

from haven.audit.models import AuditEvent
from haven.cases.models import EarlyHelp, FamilyAnswer
from haven.cases.rules import CaseProgress, Criterion, TaskStatus, case_tasks
from haven.cases.rules.early_help import early_help_refused
from haven.cases.services import record_early_help
from haven.cases.services.core import CaseError
from haven.cases.tests.conftest import review

OFFER = "Elmtown Family Hub, 01234 567891"


@pytest.mark.parametrize(
    ("reviewed", "criteria", "refused"),
    [
        (False, (), "Hold the initial review first"),
        (True, ("COERCION_OR_CAPACITY",), "Early help does not replace a referral"),
        (True, (), None),
    ],
)
def test_early_help_is_a_route_only_when_no_criterion_is_met(reviewed, criteria, refused):
    found = early_help_refused(reviewed=reviewed, criteria=criteria)
    assert (found is None) if refused is None else (refused in (found or ""))


@pytest.mark.parametrize(
    ("progress", "shown", "status"),
    [
        (CaseProgress(), False, None),
        (CaseProgress(reviewed=True, criteria=(Criterion.ADULT_INVOLVED,)), False, None),
        (CaseProgress(reviewed=True), True, TaskStatus.NOT_NEEDED),
        (CaseProgress(reviewed=True, early_help=1), True, TaskStatus.DONE),
    ],
)
def test_the_early_help_task_shows_only_when_it_applies(progress, shown, status):
    tasks = {t.key: t for t in case_tasks(progress)}
    assert ("early_help" in tasks) is shown
    if shown:
        assert tasks["early_help"].status is status


def _offer(case, cast, **extra):
    case.refresh_from_db()
    return record_early_help(
        actor=cast.dsl,
        case=case,
        expected_version=case.version,
        offered_on=timezone.localdate(),
        answer=FamilyAnswer.AGREED,
        why="Lex's family asked for help with online safety at home.",
        **extra,
    )


def test_offering_the_school_s_early_help(reviewed, cast):
    cast.school.early_help_offer = OFFER
    cast.school.save()
    reviewed.refresh_from_db()
    row = _offer(reviewed, cast, pupil=cast.pupil)
    assert EarlyHelp.objects.get(pk=row.pk).offer == OFFER
    assert AuditEvent.objects.get(action="cases.early_help_offered").data["answer"] == "agreed"


def test_no_early_help_before_the_school_names_its_offer(reviewed, cast):
    with pytest.raises(CaseError, match="has not named its local early help offer"):
        _offer(reviewed, cast)


def test_no_early_help_instead_of_a_required_referral(case, cast):
    cast.school.early_help_offer = OFFER
    cast.school.save()
    review(case, cast.dsl, circumstances={"pressure_or_coercion": True})
    with pytest.raises(CaseError, match="does not replace a referral"):
        _offer(case, cast)


def test_the_early_help_page(reviewed, cast, client_for):
    cast.school.early_help_offer = OFFER
    cast.school.save()
    client = client_for(cast.deputy)
    page = client.get(reverse("cases:early_help", args=[reviewed.pk])).content.decode()
    assert OFFER in page
    reviewed.refresh_from_db()
    response = client.post(
        reverse("cases:add_early_help", args=[reviewed.pk]),
        {
            "early-version": reviewed.version,
            "early-offered_on": timezone.localdate().strftime("%d/%m/%Y"),
            "early-answer": "waiting",
            "early-why": "The family would like support.",
        },
    )
    assert response.status_code == 302
    detail = client.get(reverse("cases:detail", args=[reviewed.pk])).content.decode()
    assert "Early help" in detail
