import uuid
from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.db.models import F
from django.db.models.fields.json import KeyTransform
from django.utils import timezone


class AppendOnly(Exception):
    """Raised on any attempt to change or remove an audit event."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnly("audit events cannot be updated")

    def delete(self) -> NoReturn:
        raise AppendOnly("audit events cannot be deleted")


class Installation(models.Model):
    """Which Haven installation this database is: one row, made by migration or on first use.

    The signed checkpoints outside the database are bound to it, so another database pointed at
    the same checkpoint folder (a test copy, a fresh start) is recognised as another installation
    instead of showing every chain broken. A backup carries it; a restore keeps it.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="one_installation")]

    def __str__(self) -> str:
        return str(self.uid)


class ChainHead(models.Model):
    """The newest event of one chain. Writers lock this row, so one chain never forks.

    Each school has its own chain (writers at different schools never wait on each other); events
    with no school (sign-ins, trust-level acts) form the "global" chain.
    """

    scope = models.CharField(max_length=40, unique=True)
    sequence = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"{self.scope}#{self.sequence}"


class AuditEvent(models.Model):
    """One read or change. Holds ids, a stable action code and non-narrative data, never free text.

    The pupil and case links are kept without a database constraint: when a record is deleted at the
    end of its retention period, its audit events (and so the chain) must stay whole.
    """

    scope = models.CharField(max_length=40)
    sequence = models.PositiveBigIntegerField()
    occurred_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    # Indexed by audit_school_idx and audit_pupil_idx, which start with them: the busiest table
    # for inserts keeps only the indexes its pages and checks use.
    school = models.ForeignKey(
        "schools.School",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    action = models.CharField(max_length=60)  # audit_action_idx (db_index adds a second on PG)
    pupil = models.ForeignKey(
        "schools.Pupil",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        null=True,
        blank=True,
        related_name="+",
    )
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["scope", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["scope", "sequence"], name="one_event_per_position")
        ]
        indexes = [
            models.Index(fields=["pupil", "occurred_at"], name="audit_pupil_idx"),
            models.Index(fields=["object_type", "object_id"], name="audit_object_idx"),
            models.Index(fields=["school", "occurred_at"], name="audit_school_idx"),
            models.Index(fields=["action"], name="audit_action_idx"),
            # "Who has seen this pupil" finds events about the pupil's cases by this key.
            models.Index(F("school"), KeyTransform("case", "data"), name="audit_case_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.scope}#{self.sequence} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnly("audit events cannot be updated")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnly("audit events cannot be deleted")
