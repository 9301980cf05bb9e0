"""Exports from the web: the second factor again after 15 minutes, the files, the audit."""

import time
from datetime import timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from pypdf import PdfReader

from conftest import PASSWORD, totp_secret_for
from haven.accounts import mfa
from haven.accounts.models import TOTPDevice
from haven.audit.models import AuditEvent
from haven.reports import services
from haven.reports.models import ReportFile
from haven.reports.tests.factory import NARRATIVE, incident
from haven.schools.tests.conftest import run_queued_tasks


def code_for(email: str) -> str:
    return f"{TOTP(bytes.fromhex(totp_secret_for(email)), 30, 0, 6, 0).token():06d}"


def stale(client) -> None:
    session = client.session
    session[mfa.SECOND_FACTOR_AT] = int(time.time()) - 16 * 60
    session.save()


@pytest.fixture
def dsl(cast, client_for):
    return client_for(cast.dsl)


def made(client, answer):
    """Follow a report asked for: the page says it is waiting, the worker makes it, the page
    says it is ready, and the download link gives the file."""
    assert answer.status_code == 302
    page = answer["Location"]
    assert "Waiting to start" in client.get(page).content.decode()
    run_queued_tasks()
    ready = client.get(page).content.decode()
    assert "Ready" in ready
    return client.get(page + "download/")


def test_the_governors_report_is_made_by_the_worker_then_downloaded(cast, dsl):
    incident(cast)
    url = reverse("reports:governors_report", args=[cast.school.slug])
    assert dsl.get(url).status_code == 200
    answer = made(dsl, dsl.post(url, {"first": "2026-09-01", "last": "2026-12-31"}))
    assert answer["Content-Type"] == "application/pdf"
    assert "attachment" in answer["Content-Disposition"]
    text = " ".join(p.extract_text() for p in PdfReader(BytesIO(answer.content)).pages)
    assert "Concerns the school received fewer than 5" in " ".join(text.split())
    assert NARRATIVE not in text
    event = AuditEvent.objects.get(action="reports.governors_report_exported")
    assert event.actor_id == cast.dsl.pk
    assert event.data["figures"]["concerns"] == 1
    assert AuditEvent.objects.filter(action="reports.report_requested").count() == 1
    assert AuditEvent.objects.filter(action="reports.report_downloaded").count() == 1


def test_the_progress_part_is_what_the_page_asks_for_each_second(cast, dsl):
    url = reverse("reports:la_return", args=[cast.school.slug])
    page = dsl.post(url, {"year": "2026", "fmt": "csv"})["Location"]
    part = dsl.get(page, headers={"HX-Request": "true", "HX-Target": "report-progress"})
    html = part.content.decode()
    assert html.lstrip().startswith('<div id="report-progress"')
    assert 'hx-trigger="every 1s"' in html
    assert "<progress" in html


def test_a_report_file_is_only_for_who_asked_for_it(cast, dsl, client_for):
    url = reverse("reports:la_return", args=[cast.school.slug])
    page = dsl.post(url, {"year": "2026", "fmt": "csv"})["Location"]
    run_queued_tasks()
    deputy = client_for(cast.deputy)
    assert deputy.get(page).status_code == 404
    assert deputy.get(page + "download/").status_code == 404


def test_files_are_cleared_after_a_day(cast, dsl):
    url = reverse("reports:la_return", args=[cast.school.slug])
    dsl.post(url, {"year": "2026", "fmt": "csv"})
    run_queued_tasks()
    ReportFile.objects.update(requested_at=timezone.now() - timedelta(days=1, minutes=1))
    assert services.clear_old_files() == 1
    assert not ReportFile.objects.exists()


def test_a_period_that_ends_before_it_starts_is_refused_with_what_was_typed(cast, dsl):
    url = reverse("reports:governors_report", args=[cast.school.slug])
    page = dsl.post(url, {"first": "2026-12-01", "last": "2026-11-01"})
    assert page.status_code == 200
    assert "The last day must be the same as or after the first day." in page.content.decode()
    assert 'value="2026-12-01"' in page.content.decode()
    assert not AuditEvent.objects.filter(action="reports.governors_report_exported").exists()


def test_the_la_return_downloads_as_csv(cast, dsl):
    incident(cast)
    url = reverse("reports:la_return", args=[cast.school.slug])
    answer = made(dsl, dsl.post(url, {"year": "2026", "fmt": "csv"}))
    assert answer["Content-Type"].startswith("text/csv")
    assert b"Concerns about nudes and semi-nudes received,fewer than 5" in answer.content
    assert AuditEvent.objects.get(action="reports.la_return_exported").data["format"] == "csv"


def test_the_download_asks_for_the_code_again_after_15_minutes(cast, dsl):
    url = reverse("reports:la_return", args=[cast.school.slug])
    page = dsl.post(url, {"year": "2026", "fmt": "csv"})["Location"]
    run_queued_tasks()
    stale(dsl)
    answer = dsl.get(page + "download/")
    assert answer.status_code == 302
    assert answer["Location"].startswith(reverse("accounts:confirm_code"))
    assert not AuditEvent.objects.filter(action="reports.report_downloaded").exists()


def test_after_15_minutes_an_export_asks_for_the_code_again(cast, dsl):
    url = reverse("reports:la_return", args=[cast.school.slug])
    stale(dsl)
    answer = dsl.post(url, {"year": "2026", "fmt": "csv"})
    confirm = reverse("accounts:confirm_code")
    assert answer.status_code == 302
    assert answer["Location"] == f"{confirm}?next=%2Freports%2Felm%2Fla-return%2F"
    assert not AuditEvent.objects.filter(action="reports.la_return_exported").exists()
    wrong = dsl.post(answer["Location"], {"code": "000000"})
    assert "That code is not right" in wrong.content.decode()
    assert dsl.get(url).status_code == 302
    # A wrong code slows the next try (django-otp throttling): as if the wait had passed.
    TOTPDevice.objects.filter(user=cast.dsl).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )
    back = dsl.post(answer["Location"], {"code": code_for(cast.dsl.email)})
    assert back["Location"] == url
    assert dsl.get(url).status_code == 200
    assert AuditEvent.objects.filter(action="accounts.second_factor_confirmed").count() == 1


def test_the_code_page_never_sends_anyone_to_another_site(cast, dsl):
    stale(dsl)
    confirm = reverse("accounts:confirm_code") + "?next=https://elsewhere.example/"
    back = dsl.post(confirm, {"code": code_for(cast.dsl.email)})
    assert back["Location"] == reverse("accounts:home")


def test_signing_in_notes_when_the_second_factor_was_given(cast, client):
    client.post(reverse("accounts:sign_in"), {"username": cast.dsl.email, "password": PASSWORD})
    client.post(reverse("accounts:second_factor"), {"code": code_for(cast.dsl.email)})
    assert mfa.second_factor_is_fresh(client.session)
