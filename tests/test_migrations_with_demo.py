"""Migrating a database that holds the demo trust back to before alerts had their own app and
before the two-person agreement was one shape, then forward again: every alert, outbox row,
authenticator reset and team change is where it was, with the same values."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from haven.accounts.models import MfaReset, User
from haven.accounts.resets import request_mfa_reset
from haven.alerts.models import Alert, OutboxMessage
from haven.schools.models import Role, School, TeamChange
from haven.schools.team import change_staff_roles

# Before the alerts moved out of concerns, and before resets and team changes shared one shape.
BEFORE = [
    ("concerns", "0004_reporter_sees_only_own_pupils"),
    ("alerts", None),
    ("accounts", "0003_invitation_roles_recovery_code_hash"),
    ("schools", "0003_teamchange"),
]
# The columns each table had then (later migrations add more).
ALERT = ["id", "school_id", "recipient_id", "reason", "created_at"]
OUTBOX = ["id", "kind", "alert_id", "concern_id", "created_at", "delivered_at", "attempts"]
AGREEMENT = ["id", "school_id", "requested_by_id", "requested_at", "decided_at"]


def rows(queryset, fields):
    return list(queryset.order_by("pk").values_list(*fields))


@pytest.mark.django_db(transaction=True)
def test_the_demo_trust_survives_migrating_back_and_forward():
    call_command("load_demo", stdout=StringIO())
    school = School.objects.get(slug="oakfield")
    office = User.objects.get(email="office@oakfield.example")
    dsl = User.objects.filter(memberships__school=school, memberships__role=Role.DSL).first()
    teacher = User.objects.filter(memberships__school=school, memberships__role=Role.STAFF).first()
    request_mfa_reset(actor=office, school=school, staff_member=teacher)
    change_staff_roles(actor=dsl, school=school, user=teacher, roles=[Role.STAFF, Role.DEPUTY_DSL])
    before = {
        "alerts": rows(Alert.objects, ALERT),
        "outbox": rows(OutboxMessage.objects, OUTBOX),
        "resets": rows(MfaReset.objects, [*AGREEMENT, "staff_member_id"]),
        "changes": rows(TeamChange.objects, AGREEMENT),
    }
    assert all(before.values()), {name: len(found) for name, found in before.items()}

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state([step for step in BEFORE if step[1]]).apps
    assert rows(old.get_model("concerns", "Alert").objects, ALERT) == before["alerts"]
    assert rows(old.get_model("concerns", "OutboxMessage").objects, OUTBOX) == before["outbox"]

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    after = {
        "alerts": rows(Alert.objects, ALERT),
        "outbox": rows(OutboxMessage.objects, OUTBOX),
        "resets": rows(MfaReset.objects, [*AGREEMENT, "staff_member_id"]),
        "changes": rows(TeamChange.objects, AGREEMENT),
    }
    assert after == before
    assert MfaReset.objects.get(staff_member=teacher).status == "pending"
