"""Alerts and the outbox: what one person must look at, and the work the worker delivers.

The tables were made by the concerns app (`concerns_alert`, `concerns_outboxmessage`) and keep
their names: the models moved here in state only (alerts/0001 and concerns/0005), so no row was
copied or lost.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class AlertReason(models.TextChoices):
    NEW_CONCERN = "new_concern", "A new concern needs your attention"
    ESCALATED = "escalated", "A concern has not been acknowledged yet"
    NEW_INFORMATION = "new_information", "New information was added to a concern"
    NEW_CRITERION_MET = "new_criterion_met", "A case now meets an immediate-referral criterion"
    HEAD_AGREEMENT_REQUESTED = "head_agreement_requested", "Your agreement as headteacher is needed"
    ON_CALL_URGENT = "on_call_urgent", "You are on call: a child may be in danger now"


# Alerts that must reach each person once per concern, however often a handler runs.
ONCE_PER_CONCERN = (AlertReason.NEW_CONCERN, AlertReason.ESCALATED, AlertReason.ON_CALL_URGENT)


class Alert(models.Model):
    """Something one member of the team must look at, shown in Haven and sent by e-mail."""

    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="+")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="alerts"
    )
    # A code from AlertReason, or a short sentence with no names or details from another app
    # (the case workflow's "A case needs your agreement as headteacher."): it may be e-mailed.
    reason = models.CharField(max_length=200)
    concern = models.ForeignKey(
        "concerns.Concern", on_delete=models.CASCADE, null=True, blank=True, related_name="alerts"
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "concerns_alert"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["concern", "recipient", "reason"],
                condition=Q(concern__isnull=False, reason__in=[r.value for r in ONCE_PER_CONCERN]),
                name="alert_once_per_concern_and_recipient",
            )
        ]
        indexes = [
            models.Index(
                fields=["recipient"],
                condition=Q(acknowledged_at__isnull=True),
                name="alert_unacknowledged_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reason}->{self.recipient_id}"

    @property
    def headline(self) -> str:
        if self.reason in AlertReason.values:
            return str(AlertReason(self.reason).label)
        return self.reason.rstrip(".") or "Something in Haven needs your attention"


class OutboxKind(models.TextChoices):
    CONCERN_RECORDED = "concern_recorded", "Alert the team to a new concern"
    ALERT_EMAIL = "alert_email", "E-mail one alert"


class OutboxMessage(models.Model):
    """Work written in the same transaction as the change that needs it, done by the worker.

    If the process dies after saving, the row is still here and the next sweep delivers it.
    Claimed with `claimed_until` (so two workers do not both send) by the worker `claimed_by`
    (released at once when that worker is found dead or loses its database), retried with
    back-off.
    """

    kind = models.CharField(max_length=20, choices=OutboxKind.choices)
    concern = models.ForeignKey(
        "concerns.Concern", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    alert = models.ForeignKey(
        Alert, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()
    next_attempt_at = models.DateTimeField()
    attempts = models.PositiveIntegerField(default=0)
    claimed_until = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=64, blank=True)  # a worker id; "" outside a worker
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=100, blank=True)

    class Meta:
        db_table = "concerns_outboxmessage"
        ordering = ["next_attempt_at", "id"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(delivered_at__isnull=True),
                name="outbox_due_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}#{self.pk}"
