"""An event hashes the same when written and when read back, whatever form its ids came in."""

import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest

from haven.audit.chain import GENESIS, event_fields, first_break, hash_event
from haven.audit.models import AuditEvent
from haven.audit.services import record
from haven.audit.verification import verify_chain

pytestmark = pytest.mark.django_db


def read_back(event):
    return AuditEvent.objects.get(pk=event.pk)


def test_an_event_hashes_the_same_after_a_round_trip_through_the_database(cast):
    event = record(
        "test.viewed",
        actor=cast.dsl,
        school=cast.school,
        pupil=cast.pupil,
        obj=cast.pupil,
        data={"ids": [1, 2], "flag": True, "none": None},
    )
    assert hash_event(read_back(event)) == event.hash


def test_ids_given_as_text_hash_as_the_database_gives_them_back(cast):
    event = record(
        "test.viewed",
        actor=cast.dsl,
        school=str(cast.school.pk),
        pupil=str(cast.pupil.pk).upper(),
    )
    assert event.scope == f"school:{cast.school.pk}"
    assert hash_event(read_back(event)) == event.hash
    assert verify_chain(event.scope).whole


def test_data_is_hashed_as_it_is_stored(cast):
    event = record("test.viewed", actor=None, school=cast.school, data={"pair": (1, 2), 3: "x"})
    assert event.data == {"pair": [1, 2], "3": "x"}
    assert hash_event(read_back(event)) == event.hash


def test_a_time_in_another_zone_hashes_as_the_same_moment_in_utc():
    moment = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    summer = moment.astimezone(timezone(timedelta(hours=1)))
    event = AuditEvent(occurred_at=summer, scope="global", sequence=1, data={}, prev_hash=GENESIS)
    assert event_fields(event)["occurred_at"] == "2026-06-01T12:00:00.000000+00:00"


def test_an_ipv6_address_is_hashed_in_one_form():
    event = AuditEvent(
        occurred_at=datetime.now(UTC),
        scope="global",
        sequence=1,
        data={},
        prev_hash=GENESIS,
        ip_address="2001:DB8:0:0:0:0:0:1",
    )
    assert event_fields(event)["ip"] == "2001:db8::1"


def test_narrative_is_refused_even_when_nested(cast):
    with pytest.raises(ValueError, match="narrative"):
        record("test.viewed", actor=None, data={"answers": [{"said": "x" * 101}]})


def test_fractions_are_refused_because_postgresql_gives_some_back_changed(cast):
    with pytest.raises(ValueError, match="fraction"):
        record("test.viewed", actor=None, data={"took": {"seconds": 1e20}})


def test_data_that_json_cannot_hold_is_refused(cast):
    with pytest.raises(ValueError, match="plain JSON"):
        record("test.viewed", actor=None, data={"who": uuid.uuid4()})
    with pytest.raises(ValueError, match="plain JSON"):
        record("test.viewed", actor=None, data={"score": float("nan")})


def test_an_event_the_database_mangled_reads_as_altered_not_as_a_crash(cast):
    event = record("test.viewed", actor=None, school=cast.school)
    stored = read_back(event)
    stored.ip_address = "not an address"
    problem = first_break(event.scope, [stored], None, after=(event.sequence - 1, event.prev_hash))
    assert problem.problem == "its content was altered"


def test_a_walk_can_start_at_a_checkpoint(cast):
    first = record("test.viewed", actor=None, school=cast.school)
    second = record("test.viewed", actor=None, school=cast.school)
    head = (second.sequence, second.hash)
    assert first_break(first.scope, [second], head, after=(first.sequence, first.hash)) is None
    assert first_break(first.scope, [second], head, after=(first.sequence, GENESIS)) is not None


def test_an_audit_context_gives_the_event_its_address_and_the_chain_still_verifies(cast):
    from django.test import RequestFactory

    from haven.audit.context import AuditContext

    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.7")
    event = record(
        "test.viewed", actor=cast.dsl, school=cast.school, context=AuditContext.of(request)
    )
    assert read_back(event).ip_address == "192.0.2.7"
    from_the_worker = record("test.viewed", actor=None, school=cast.school, context=AuditContext())
    assert from_the_worker.ip_address is None
    assert verify_chain(event.scope).whole
