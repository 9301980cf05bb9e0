"""Retention services: the policy, legal hold, and deletion that leaves the audit chain whole and
no trace of the words in the database file."""

import uuid
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from haven.audit.models import AuditEvent
from haven.cases.models import Case, CaseStatus, Decision
from haven.chronology.models import ChronologyEntry
from haven.concerns.models import Concern
from haven.concerns.services import open_case_from_concern
from haven.records import selectors, services
from haven.records.services import RecordNotDeleted, RecordsRefused
from haven.schools.models import Pupil
from tests.access_world import _case_records, _staff_concern

OLD = date(1990, 5, 6)  # review date 2015: long due


@pytest.fixture(autouse=True)
def checkpoint_dir(settings, tmp_path):
    settings.HAVEN_AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"


def a_closed_case_about_both_pupils(cast):
    """The access world's concern and case records, about Lex (pictured) and Sam, closed."""
    concern, _ = _staff_concern(cast)
    case = open_case_from_concern(actor=cast.dsl, concern=concern, title="Image shared on a bus")
    _case_records(cast, case)
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED)
    return concern, case


def make_due(*pupils):
    Pupil.objects.filter(pk__in=[p.pk for p in pupils]).update(date_of_birth=OLD)
    for pupil in pupils:
        pupil.refresh_from_db()


def verify():
    out = StringIO()
    call_command("write_audit_checkpoint", stdout=out)
    call_command("verify_audit_chain", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_default_review_date_is_date_of_birth_plus_25_years_and_is_settable(cast):
    assert selectors.years_of(cast.school) == 25
    services.set_retention_years(actor=cast.dsl, school=cast.school, years=30)
    assert selectors.years_of(cast.school) == 30
    assert selectors.years_of(cast.school2) == 25
    event = AuditEvent.objects.filter(action="records.retention_policy_set").get()
    assert event.data == {"years_after_birth": 30, "before": 25}
    with pytest.raises(RecordsRefused, match="at least 18"):
        services.set_retention_years(actor=cast.dsl, school=cast.school, years=10)


@pytest.mark.django_db
def test_the_queue_shows_records_due_and_due_within_a_year(cast):
    make_due(cast.pupil)
    rows = selectors.review_queue(cast.school, date(2026, 12, 4))
    assert [(row.pupil, row.due) for row in rows] == [(cast.pupil, True)]
    rows = selectors.review_queue(cast.school, date(2036, 6, 1))  # cast: born 4 March 2012
    assert {row.pupil for row in rows} == {cast.pupil, cast.pupil2}


@pytest.mark.django_db
def test_legal_hold_blocks_deletion_until_released(cast):
    a_closed_case_about_both_pupils(cast)
    make_due(cast.pupil, cast.pupil2)
    hold = services.place_hold(actor=cast.dsl, pupil=cast.pupil2, reason="Police inquiry, Op Elm")
    with pytest.raises(RecordNotDeleted, match="under legal hold"):
        services.delete_record(actor=cast.dsl, pupil=cast.pupil, confirm_upn=cast.pupil.upn)
    assert Pupil.objects.filter(pk=cast.pupil.pk).exists()
    assert Concern.objects.exists()
    with pytest.raises(RecordsRefused, match="already under legal hold"):
        services.place_hold(actor=cast.deputy, pupil=cast.pupil2, reason="Again")
    placed = AuditEvent.objects.get(action="records.legal_hold_placed")
    assert (placed.actor_id, placed.object_id, placed.data) == (cast.dsl.pk, str(hold.pk), {})
    services.release_hold(actor=cast.head, pupil=cast.pupil2)
    assert AuditEvent.objects.filter(action="records.legal_hold_released").exists()
    services.delete_record(actor=cast.dsl, pupil=cast.pupil, confirm_upn=cast.pupil.upn)
    assert not Pupil.objects.filter(pk__in=[cast.pupil.pk, cast.pupil2.pk]).exists()


@pytest.mark.django_db
def test_a_record_not_yet_due_or_in_an_open_case_is_not_deleted(cast):
    _concern, case = a_closed_case_about_both_pupils(cast)
    make_due(cast.pupil)  # Sam, who shares the case, is not due
    with pytest.raises(RecordNotDeleted, match="Sam Jones's record is kept until"):
        services.delete_record(actor=cast.dsl, pupil=cast.pupil, confirm_upn=cast.pupil.upn)
    make_due(cast.pupil2)
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.OPEN)
    with pytest.raises(RecordNotDeleted, match="still open"):
        services.delete_record(actor=cast.dsl, pupil=cast.pupil, confirm_upn=cast.pupil.upn)
    with pytest.raises(RecordsRefused, match="UPN"):
        services.delete_record(actor=cast.dsl, pupil=cast.pupil, confirm_upn="wrong")
    assert not AuditEvent.objects.filter(action="records.record_deleted").exists()


def raw_values(table, columns):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)} FROM {table}")  # noqa: S608 (fixed names)
        return [value for row in cursor.fetchall() for value in row if value]


@pytest.mark.django_db(transaction=True)
def test_deletion_removes_the_words_for_good_and_the_chain_still_verifies(cast):
    marker = f"Quillon{uuid.uuid4().hex[:10]}"
    Pupil.objects.filter(pk=cast.pupil.pk).update(legal_last_name=marker, search_name=marker)
    _concern, _case = a_closed_case_about_both_pupils(cast)
    make_due(cast.pupil, cast.pupil2)
    stored = [
        *raw_values("concerns_concern", ["narrative"]),
        *raw_values("concerns_concernattachment", ["text", "name"]),
        *raw_values("cases_decision", ["decided", "rationale"]),
        *raw_values("cases_case", ["title"]),
    ]
    assert len(stored) >= 5
    assert all(value.startswith("v1:") for value in stored)
    events_before = AuditEvent.objects.count()
    verify()

    done = services.delete_record(
        actor=cast.dsl, pupil=cast.pupil2, confirm_upn=cast.pupil2.upn.lower()
    )

    assert (done.pupils, done.cases, done.concerns) == (2, 1, 1)
    assert not Concern.objects.exists()
    assert not Case.objects.exists()
    assert not Decision.objects.exists()
    assert not ChronologyEntry.objects.exists()
    deleted = AuditEvent.objects.filter(action="records.record_deleted")
    assert {event.pupil_id for event in deleted} == {cast.pupil.pk, cast.pupil2.pk}
    assert all(event.actor_id == cast.dsl.pk for event in deleted)
    assert deleted.first().data["rule"] == "date_of_birth_plus_years"
    assert AuditEvent.objects.count() == events_before + 2  # nothing removed from the log
    assert "BROKEN" not in verify()

    if connection.vendor == "sqlite":
        database = Path(connection.settings_dict["NAME"])
        files = [database, Path(f"{database}-wal")]
        data = b"".join(path.read_bytes() for path in files if path.exists())
        assert marker.encode() not in data
        for value in stored:
            assert value.encode() not in data
