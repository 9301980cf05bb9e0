"""The governors' report and the local authority's return: read back (the PDF's text with pypdf,
the CSV with csv), checked against what was recorded, and searched for anything that names."""

import csv
import io
from datetime import date, timedelta
from io import BytesIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader

from haven.audit.models import AuditEvent
from haven.cases.models import Case, Typology
from haven.concerns.models import Concern
from haven.curriculum import services as curriculum
from haven.curriculum.rules import Term
from haven.reports.tests.factory import NARRATIVE, concern, incident
from haven.schools.models import School


def text_of(data: bytes) -> str:
    reader = PdfReader(BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def secrets(cast) -> list[str]:
    pupils = [cast.pupil, cast.pupil2]
    return [
        NARRATIVE,
        *[p.legal_last_name for p in pupils],
        *[p.legal_first_name for p in pupils],
        *[p.upn for p in pupils],
        *Case.objects.values_list("reference", flat=True),
        *Concern.objects.values_list("reference", flat=True),
    ]


@pytest.fixture
def recorded(cast):
    """Six cases this term (one of sextortion, so 'fewer than 5'), one concern left as a concern,
    and a lesson delivered."""
    for n in range(6):
        incident(
            cast,
            days_ago=5 + n,
            acknowledged_after=timedelta(hours=2),
            referred_after=timedelta(hours=12),
            typology=Typology.EXPERIMENTAL_ROMANTIC,
            sextortion=n == 0,
        )
    concern(cast, days_ago=2)
    today = timezone.localdate()
    programme = curriculum.save_programme(actor=cast.dsl, school=cast.school, name="Our lessons")
    unit = curriculum.add_unit(actor=cast.dsl, programme=programme, title="Online life")
    lesson = curriculum.add_lesson(actor=cast.dsl, unit=unit, title="L1", topics=["sextortion"])
    plan = curriculum.plan_lesson(
        actor=cast.dsl,
        school=cast.school,
        lesson=lesson,
        year_group=cast.pupil.year_group,
        school_year=2026,
        term=Term.AUTUMN,
    )
    curriculum.record_delivery(
        actor=cast.dsl, plan=plan, delivered_on=today - timedelta(days=1), today=today
    )
    return today


def test_the_governors_report_holds_the_figures_and_no_child(cast, recorded, tmp_path):
    out = tmp_path / "governors.pdf"
    start = recorded - timedelta(days=30)
    call_command(
        "governors_report",
        "--school",
        cast.school.slug,
        "--from",
        start.isoformat(),
        "--to",
        recorded.isoformat(),
        "--out",
        str(out),
    )
    text = text_of(out.read_bytes())
    assert "Concerns the school received 7" in text
    assert "Incidents handled as safeguarding cases 6" in text
    assert "Sextortion fewer than 5" in text
    assert "Experimental: romantic 6" in text
    assert "From a concern to the team acknowledging it 6 2 hours 2 hours" in text
    assert "From the first concern to a referral 6 12 hours 12 hours" in text
    assert "Online-safety lessons delivered" in text
    assert "Sextortion 1" in text  # the lesson, by topic: lessons are not about a child
    for secret in secrets(cast):
        assert secret not in text
    event = AuditEvent.objects.get(action="reports.governors_report_exported")
    assert event.school_id == cast.school.pk
    assert event.data["figures"] == {"concerns": 7, "cases": 6, "open_cases": 6, "lessons": 1}
    assert event.data["from"] == start.isoformat()


def test_the_governors_report_says_when_no_lessons_were_recorded(cast, tmp_path):
    incident(cast)
    out = tmp_path / "g.pdf"
    call_command(
        "governors_report", "--school", "elm", "--from", "2026-09-01", "--to", "2026-12-31",
        "--out", str(out),
    )  # fmt: skip
    text = text_of(out.read_bytes())
    assert "None recorded for this period." in text
    assert "Concerns the school received fewer than 5" in text


def test_the_la_return_as_csv_matches_the_records(cast, recorded, tmp_path):
    out = tmp_path / "return.csv"
    call_command("la_return", "--school", "elm", "--year", "2026", "--out", str(out))
    rows = list(csv.reader(io.StringIO(out.read_text())))
    figures = dict(rows[3:])
    assert rows[0] == ["School", "Elm School"]
    assert figures["Concerns about nudes and semi-nudes received"] == "7"
    assert figures["Incidents handled as safeguarding cases"] == "6"
    assert figures["Referrals to children's social care"] == "6"
    assert figures["Incidents of sextortion"] == "fewer than 5"
    assert figures["Referrals to the police (101 or 999)"] == "0"
    assert figures["Median time from a concern to the team acknowledging it"] == "2 hours"
    body = out.read_text()
    for secret in secrets(cast):
        assert secret not in body
    event = AuditEvent.objects.get(action="reports.la_return_exported")
    assert event.data["format"] == "csv"
    assert event.data["figures"]["csc"] == 6
    assert event.data["figures"]["sextortion"] == 1


def test_the_la_return_as_pdf(cast, recorded, tmp_path):
    out = tmp_path / "return.pdf"
    call_command("la_return", "--school", "elm", "--year", "2026", "--out", str(out))
    text = text_of(out.read_bytes())
    assert "Referrals to children's social care 6" in text
    assert "Incidents of sextortion fewer than 5" in text
    for secret in secrets(cast):
        assert secret not in text


def test_a_cell_a_spreadsheet_would_run_is_neutralised_in_the_return(cast, tmp_path):
    School.objects.filter(pk=cast.school.pk).update(name='=HYPERLINK("x")')
    out = tmp_path / "return.csv"
    call_command("la_return", "--school", "elm", "--year", "2026", "--out", str(out))
    rows = list(csv.reader(io.StringIO(out.read_text())))
    assert rows[0] == ["School", '\'=HYPERLINK("x")']


def test_a_year_with_nothing_recorded_gives_zeros(cast, tmp_path):
    out = tmp_path / "return.csv"
    call_command("la_return", "--school", "elm", "--year", "2019", "--out", str(out))
    figures = dict(list(csv.reader(io.StringIO(out.read_text())))[3:])
    assert figures["Concerns about nudes and semi-nudes received"] == "0"
    assert date(2019, 9, 1).year == 2019
