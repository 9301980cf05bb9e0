"""Alerts and the outbox moved from the concerns app in Django's state only: every row stays."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from haven.alerts import outbox, services
from haven.alerts.models import Alert, OutboxMessage
from haven.concerns.tests.conftest import make_concern

BEFORE = [("concerns", "0004_reporter_sees_only_own_pupils"), ("alerts", None)]


def columns(model) -> list[str]:
    return sorted(field.attname for field in model._meta.concrete_fields)


# The outbox columns there were before the move (later migrations add more).
OUTBOX_BEFORE = ["alert_id", "attempts", "claimed_until", "concern_id", "created_at",
                 "delivered_at", "id", "kind", "last_error", "next_attempt_at"]  # fmt: skip


def rows(model, queryset=None, fields=None) -> list[tuple]:
    chosen = queryset if queryset is not None else model.objects
    return list(chosen.order_by("pk").values_list(*(fields or columns(model))))


@pytest.mark.django_db(transaction=True)
def test_moving_alerts_to_their_own_app_keeps_every_alert_and_outbox_row(cast):
    make_concern(cast)
    outbox.deliver_due()  # delivered: the concern's row, its alerts and their e-mails
    services.notify(recipients=[cast.head], school=cast.school, reason="new_information")
    alerts, messages = rows(Alert), rows(OutboxMessage, fields=OUTBOX_BEFORE)
    assert len(alerts) == 4
    assert len(messages) == 5
    content_type = ContentType.objects.get_for_model(Alert).pk

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE[:1]).apps
    assert rows(old.get_model("concerns", "Alert")) == alerts
    old_outbox = old.get_model("concerns", "OutboxMessage")
    assert columns(old_outbox) == OUTBOX_BEFORE
    assert rows(old_outbox) == messages
    moved_back = old.get_model("contenttypes", "ContentType").objects.get(pk=content_type)
    assert (moved_back.app_label, moved_back.model) == ("concerns", "alert")
    written_before = old.get_model("concerns", "Alert").objects.create(
        school_id=cast.school.pk, recipient_id=cast.dsl.pk, reason="escalated",
        created_at=timezone.now(),
    )  # fmt: skip

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()
    assert rows(Alert, Alert.objects.exclude(pk=written_before.pk)) == alerts
    assert Alert.objects.filter(pk=written_before.pk, reason="escalated").exists()
    assert rows(OutboxMessage, fields=OUTBOX_BEFORE) == messages
    assert ContentType.objects.get_for_model(Alert).pk == content_type
