"""Tampering by raw SQL, as the database's owner could do it (the test database has no triggers)."""

from types import SimpleNamespace

from django.db import connection

from haven.audit.chain import GENESIS, hash_event
from haven.audit.models import AuditEvent


def sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, list(params))


def event_at(scope, sequence):
    return AuditEvent.objects.get(scope=scope, sequence=sequence)


def set_head(scope, sequence):
    new_hash = event_at(scope, sequence).hash if sequence else GENESIS
    sql(
        "UPDATE audit_chainhead SET sequence = %s, hash = %s WHERE scope = %s",
        [sequence, new_hash, scope],
    )


def move(scope, sequence, to):
    sql(
        "UPDATE audit_auditevent SET sequence = %s WHERE scope = %s AND sequence = %s",
        [to, scope, sequence],
    )


def insert_forged(scope, sequence, prev_hash, like):
    """A forged event whose own hash is right: what a careful forger would write."""
    forged = SimpleNamespace(
        scope=scope,
        sequence=sequence,
        occurred_at=like.occurred_at,
        actor_id=like.actor_id,
        ip_address=None,
        school_id=like.school_id,
        action="test.forged",
        pupil_id=None,
        object_type="",
        object_id="",
        data={},
        prev_hash=prev_hash,
    )
    sql(
        "INSERT INTO audit_auditevent (scope, sequence, occurred_at, actor_id, ip_address,"
        " school_id, action, pupil_id, object_type, object_id, data, prev_hash, hash)"
        " VALUES (%s, %s, %s, %s, NULL, %s, %s, NULL, '', '', %s, %s, %s)",
        [
            scope,
            sequence,
            connection.ops.adapt_datetimefield_value(like.occurred_at),
            like.actor_id,
            like.school_id,
            "test.forged",
            "{}",
            prev_hash,
            hash_event(forged),
        ],
    )


def rewrite_from(scope, sequence):
    """Recompute every hash from this position on and move the head: a chain that looks whole."""
    prev = event_at(scope, sequence - 1).hash if sequence > 1 else GENESIS
    for event in AuditEvent.objects.filter(scope=scope, sequence__gte=sequence).order_by(
        "sequence"
    ):
        event.prev_hash = prev
        prev = hash_event(event)
        sql(
            "UPDATE audit_auditevent SET prev_hash = %s, hash = %s WHERE id = %s",
            [event.prev_hash, prev, event.pk],
        )
    sql("UPDATE audit_chainhead SET hash = %s WHERE scope = %s", [prev, scope])
