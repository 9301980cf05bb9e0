"""Alerting: the outbox becomes alerts and e-mails for the team, retried, escalated in time."""

from datetime import datetime, time, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import OperationalError, connection, transaction
from django.utils import timezone

from haven.alerts import escalation, outbox, people, services
from haven.alerts.models import Alert, AlertReason, OutboxKind, OutboxMessage
from haven.audit.models import AuditEvent
from haven.chronology.models import ChronologyEntry
from haven.concerns.services import acknowledge_concern
from haven.concerns.tests.conftest import make_concern
from haven.schools.models import Role
from haven.schools.services import add_staff_member

LONDON = ZoneInfo("Europe/London")


def test_the_team_and_only_the_team_is_told_of_a_new_concern(cast):
    assert [u.email for u in people.team_of(cast.school)] == [
        cast.deputy.email,
        cast.dsl.email,
        cast.head.email,
    ]
    assert people.heads_of(cast.school) == [cast.head]


def test_delivering_the_outbox_alerts_every_team_member_once_and_emails_them(cast):
    concern = make_concern(cast)
    assert outbox.deliver_due() == 4  # the concern's row, then three e-mails
    alerted = {a.recipient.email for a in Alert.objects.filter(concern=concern)}
    assert alerted == {cast.dsl.email, cast.deputy.email, cast.head.email}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(alerted)
    assert not OutboxMessage.objects.filter(delivered_at__isnull=True).exists()
    event = AuditEvent.objects.get(action="concerns.alerts_sent")
    assert event.data["reason"] == "new_concern"
    assert len(event.data["recipients"]) == 3


def test_the_alert_email_holds_no_name_and_no_detail_only_a_link(cast):
    concern = make_concern(cast, narrative="Lex Morgan said the picture went round Year 9.")
    outbox.deliver_due()
    message = mail.outbox[0]
    text = message.subject + message.body
    for secret in ("Lex", "Morgan", "Alex", "picture", "Year 9", concern.reference):
        assert secret not in text
    assert "a new concern needs your attention" in message.subject.lower()
    assert f"/concerns/{concern.pk}/" in message.body


def test_running_the_handler_twice_does_not_alert_anyone_twice(cast):
    concern = make_concern(cast)
    outbox.deliver_due()
    row = OutboxMessage.objects.get(kind=OutboxKind.CONCERN_RECORDED)
    OutboxMessage.objects.filter(pk=row.pk).update(
        delivered_at=None
    )  # as if it crashed before marking
    outbox.deliver_due()
    assert Alert.objects.filter(concern=concern).count() == 3
    assert len(mail.outbox) == 3


def test_a_failed_delivery_is_retried_later_with_back_off(cast):
    make_concern(cast)
    outbox.deliver_due()
    OutboxMessage.objects.filter(kind=OutboxKind.ALERT_EMAIL).update(delivered_at=None)
    mail.outbox.clear()
    with mock.patch("haven.alerts.outbox.EmailMessage.send", side_effect=ConnectionError):
        assert outbox.deliver_due() == 0
    failed = OutboxMessage.objects.filter(kind=OutboxKind.ALERT_EMAIL)
    assert all(m.attempts == 2 and m.last_error == "ConnectionError" for m in failed)
    assert all(m.next_attempt_at > timezone.now() for m in failed)
    assert outbox.deliver_due() == 0  # not yet due
    assert outbox.deliver_due(now=timezone.now() + timedelta(minutes=1)) == 3
    assert len(mail.outbox) == 3


def test_a_row_claimed_by_another_worker_is_left_alone(cast):
    make_concern(cast)
    row = OutboxMessage.objects.get()
    OutboxMessage.objects.filter(pk=row.pk).update(
        claimed_until=timezone.now() + timedelta(minutes=1)
    )
    assert outbox.deliver_due() == 0
    assert not Alert.objects.exists()


def test_saving_a_concern_asks_a_worker_to_deliver_when_the_transaction_commits(
    cast, django_capture_on_commit_callbacks
):
    with (
        mock.patch("haven.concerns.services.recording.enqueue_delivery") as enqueue,
        django_capture_on_commit_callbacks(execute=True),
    ):
        make_concern(cast)
    enqueue.assert_called_once()


def test_notify_is_there_for_the_case_workflow_with_a_sentence_as_the_reason(cast):
    with transaction.atomic():
        services.notify(
            recipients=people.heads_of(cast.school),
            school=cast.school,
            reason="A case needs your agreement as headteacher.",
        )
    alert = Alert.objects.get()
    assert alert.recipient == cast.head
    assert alert.case is None
    assert alert.headline == "A case needs your agreement as headteacher"
    outbox.deliver_due()
    assert mail.outbox[0].subject == "Haven: a case needs your agreement as headteacher"
    assert "/concerns/inbox/" in mail.outbox[0].body


def test_notify_skips_people_who_have_left(cast):
    cast.deputy.is_active = False
    cast.deputy.save()
    services.notify(recipients=[cast.deputy, cast.dsl], school=cast.school, reason="new_concern")
    assert [a.recipient for a in Alert.objects.all()] == [cast.dsl]


# --- Escalation ---------------------------------------------------------------------------------


def school_time(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=LONDON)  # 23 Nov 2026 is a Monday


@pytest.fixture
def waiting(cast):
    cast.school.school_day_starts, cast.school.school_day_ends = time(8), time(17)
    cast.school.save()
    with mock.patch("django.utils.timezone.now", return_value=school_time(23, 10)):
        concern = make_concern(cast)
        outbox.deliver_due()
    return concern


def test_an_unacknowledged_concern_escalates_to_deputies_and_head_after_school_time(cast, waiting):
    assert escalation.escalate_overdue(now=school_time(23, 10, 29)) == 0
    assert escalation.escalate_overdue(now=school_time(23, 10, 30)) == 1
    escalated = set(
        Alert.objects.filter(reason=AlertReason.ESCALATED).values_list(
            "recipient__email", flat=True
        )
    )
    assert escalated == {cast.deputy.email, cast.head.email}
    event = AuditEvent.objects.get(action="concerns.alert_escalated")
    assert event.object_id == str(waiting.pk)
    assert event.data["minutes"] == 30
    waiting.refresh_from_db()
    assert waiting.escalated_at == school_time(23, 10, 30)
    assert ChronologyEntry.objects.filter(kind="concern_escalated", pupil=cast.pupil).exists()


def test_escalation_runs_once_however_often_the_job_runs(cast, waiting):
    escalation.escalate_overdue(now=school_time(23, 11))
    escalation.escalate_overdue(now=school_time(23, 12))
    assert Alert.objects.filter(reason=AlertReason.ESCALATED).count() == 2
    assert AuditEvent.objects.filter(action="concerns.alert_escalated").count() == 1


def test_the_clock_is_paused_outside_school_hours(cast):
    with mock.patch("django.utils.timezone.now", return_value=school_time(27, 16, 50)):
        make_concern(cast)  # Friday, ten minutes before the end of the day
    assert escalation.escalate_overdue(now=school_time(29, 23)) == 0  # Sunday night
    assert escalation.escalate_overdue(now=school_time(30, 8, 20)) == 1  # Monday 08:20


def test_an_acknowledged_concern_never_escalates(cast, waiting):
    acknowledge_concern(actor=cast.deputy, concern=waiting)
    assert escalation.escalate_overdue(now=school_time(24, 12)) == 0
    assert not Alert.objects.filter(concern=waiting, acknowledged_at__isnull=True).exists()


def test_a_dsl_who_joined_after_the_alert_is_included_in_the_escalation(cast, waiting):
    newcomer = add_staff_member(
        actor=None,
        school=cast.school,
        email="new-dsl@elm.test",
        full_name="Nia New",
        roles=[Role.DSL],
    )
    escalation.escalate_overdue(now=school_time(23, 11))
    escalated = set(Alert.objects.filter(reason="escalated").values_list("recipient", flat=True))
    assert newcomer.pk in escalated
    assert cast.dsl.pk not in escalated


@pytest.mark.django_db(transaction=True)
def test_an_email_is_recorded_before_it_is_sent_so_a_database_blip_never_sends_it_twice(cast):
    """The connection drops as the first e-mail's delivery is recorded: that e-mail is not sent
    then, and is sent once on the retry (sending first and recording after sent it twice)."""
    concern = make_concern(cast)
    first = OutboxMessage.objects.get(concern=concern)
    assert outbox.deliver_one(first.pk, now=timezone.now())  # the alerts and their e-mail rows
    failed: list[str] = []

    def drop_once(execute, sql, params, many, context):
        if not failed and 'SET "delivered_at"' in sql:
            failed.append(sql)
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(drop_once):
        assert outbox.deliver_due() == 2
    assert failed
    assert len(mail.outbox) == 2
    assert outbox.deliver_due(now=timezone.now() + timedelta(minutes=1)) == 1
    sent_to = sorted(address for message in mail.outbox for address in message.to)
    assert sent_to == sorted([cast.dsl.email, cast.deputy.email, cast.head.email])
