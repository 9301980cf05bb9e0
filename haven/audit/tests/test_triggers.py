import pytest
from django.db import DatabaseError, connection, transaction

from haven.audit import triggers
from haven.audit.models import AppendOnly, AuditEvent
from haven.audit.services import record

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(cast):
    triggers.install(connection)  # rolled back with the test's transaction
    return record("test.event", actor=cast.dsl, school=cast.school)


def test_the_database_refuses_to_update_an_audit_event(event):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET action = 'x' WHERE id = %s", [event.pk])


def test_the_database_refuses_to_delete_an_audit_event(event):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])


def test_the_orm_refuses_to_change_or_delete_audit_events(event):
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()
    with pytest.raises(AppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(AppendOnly):
        AuditEvent.objects.filter(pk=event.pk).delete()
