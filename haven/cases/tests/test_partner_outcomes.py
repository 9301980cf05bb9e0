"""What partners decided: children's social care and police outcomes in their own terms."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from haven.audit.models import AuditEvent
from haven.cases.models import Agency, CaseEvent, PartnerOutcome, ReferralMethod
from haven.cases.rules import CaseProgress, TaskStatus, case_tasks
from haven.cases.rules.outcomes import (
    OUTCOMES,
    Partner,
    outcome_refused,
    outcomes_of,
    partner_of,
    what_usually_follows,
)
from haven.cases.services import record_partner_outcome, record_referral
from haven.cases.services.core import CaseError

# --- The rules --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("agency", "partner"),
    [
        ("csc", Partner.CSC),
        ("police_101", Partner.POLICE),
        ("police_999", Partner.POLICE),
        ("ceop", None),
        ("lado", None),
        ("other_school", None),
    ],
)
def test_which_partner_answers_for_a_referral(agency, partner):
    assert partner_of(agency) is partner


def test_each_partner_gives_the_outcomes_the_guidance_names():
    assert [words for _, words in outcomes_of(Partner.CSC)] == [
        "Information and advice",
        "Early help",
        "Child in need assessment (section 17)",
        "Strategy discussion",
        "Child protection enquiry (section 47)",
        "No further action",
    ]
    assert [words for _, words in outcomes_of(Partner.POLICE)] == [
        "Outcome 21 (not in the public interest)",
        "Community resolution",
        "No further action",
        "Under investigation",
        "Charged",
    ]
    assert all(what_usually_follows(code) for code in OUTCOMES)


@pytest.mark.parametrize(
    ("agency", "outcome", "refused"),
    [
        ("csc", "csc_s47", None),
        ("police_101", "police_outcome_21", None),
        ("csc", "police_charged", "Choose one of the outcomes children's social care gives."),
        ("police_999", "csc_early_help", "Choose one of the outcomes the police gives."),
        ("csc", "nonsense", "Choose what they decided."),
        ("ceop", "csc_nfa", "Record what this agency decided in words, as the outcome."),
    ],
)
def test_an_outcome_suits_only_its_partner(agency, outcome, refused):
    assert outcome_refused(agency, outcome) == refused


@pytest.mark.parametrize(
    ("referrals", "decided", "shown", "status"),
    [
        (0, 0, False, None),
        (1, 0, True, TaskStatus.IN_PROGRESS),
        (2, 1, True, TaskStatus.IN_PROGRESS),
        (2, 2, True, TaskStatus.DONE),
    ],
)
def test_the_task_shows_only_once_a_partner_has_a_referral(referrals, decided, shown, status):
    progress = CaseProgress(
        reviewed=True, partner_referrals=referrals, partner_referrals_decided=decided
    )
    tasks = {t.key: t for t in case_tasks(progress)}
    assert ("outcomes" in tasks) is shown
    if shown:
        assert tasks["outcomes"].status is status


# --- The service and page ---------------------------------------------------------------------


def _referral(case, cast, agency=Agency.CSC):
    case.refresh_from_db()
    return record_referral(
        actor=cast.dsl,
        case=case,
        expected_version=case.version,
        agency=agency,
        made_at=timezone.now() - timedelta(days=3),
        method=ReferralMethod.PHONE,
        shared="What the pupils said.",
    )


def test_recording_what_children_s_social_care_decided(case, cast):
    referral = _referral(case, cast)
    case.refresh_from_db()
    row = record_partner_outcome(
        actor=cast.dsl,
        referral=referral,
        expected_version=case.version,
        outcome="csc_strategy",
        decided_on=timezone.localdate(),
        told_by="Sam Patel, social worker",
        for_school="Attend the strategy discussion on Tuesday with the chronology.",
    )
    assert PartnerOutcome.objects.get(pk=row.pk).for_school.startswith("Attend")
    event = AuditEvent.objects.get(action="cases.partner_outcome_recorded")
    assert event.data["outcome"] == "csc_strategy"
    assert "Attend" not in str(event.data)
    line = CaseEvent.objects.get(case=case, kind="partner_outcome_recorded")
    assert line.summary.endswith("decided: Strategy discussion")


@pytest.mark.parametrize(
    ("agency", "outcome", "days_ago", "told_by", "message"),
    [
        (Agency.CSC, "police_charged", 0, "Sam", "outcomes children's social care gives"),
        (Agency.CEOP, "csc_nfa", 0, "Sam", "in words"),
        (Agency.CSC, "csc_nfa", -1, "Sam", "cannot be in the future"),
        (Agency.CSC, "csc_nfa", 10, "Sam", "before the referral was made"),
        (Agency.CSC, "csc_nfa", 0, "  ", "who told the school"),
    ],
)
def test_what_cannot_be_recorded(case, cast, agency, outcome, days_ago, told_by, message):
    referral = _referral(case, cast, agency)
    case.refresh_from_db()
    with pytest.raises(CaseError, match=message):
        record_partner_outcome(
            actor=cast.dsl,
            referral=referral,
            expected_version=case.version,
            outcome=outcome,
            decided_on=timezone.localdate() - timedelta(days=days_ago),
            told_by=told_by,
            for_school="Support in school.",
        )


def test_the_referral_page_records_it_and_keeps_the_old_words(case, cast, client_for):
    referral = _referral(case, cast, Agency.POLICE_101)
    referral.outcome = "Told by phone: no further action."  # recorded in words, before
    referral.outcome_recorded_at = timezone.now()
    referral.save()
    case.refresh_from_db()
    client = client_for(cast.deputy)
    url = reverse("cases:partner_outcome", args=[case.pk, referral.pk])
    typed = {
        "decided-version": case.version,
        "decided-outcome": "police_outcome_21",
        "decided-decided_on": timezone.localdate().strftime("%d/%m/%Y"),
        "decided-told_by": "",
        "decided-for_school": "Carry on with the support plan.",
    }
    refused = client.post(url, typed)
    assert refused.status_code == 200
    assert "Carry on with the support plan." in refused.content.decode()
    typed["decided-told_by"] = "PC Jones, schools officer"
    assert client.post(url, typed).status_code == 302
    page = client.get(reverse("cases:referral", args=[case.pk, referral.pk])).content.decode()
    assert "Outcome 21 (not in the public interest)" in page
    assert "PC Jones, schools officer" in page
    assert "Told by phone: no further action." in page
    detail = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "What partners decided" in detail
