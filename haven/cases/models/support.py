import uuid

from django.conf import settings
from django.db import models

from haven.lib.encryption import EncryptedTextField


class ActionStatus(models.TextChoices):
    OPEN = "open", "To do"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


class SupportAction(models.Model):
    """An action in the support plan: what, for whom, whose job, by when, and how it ended."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="actions")
    pupil = models.ForeignKey(
        "schools.Pupil", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    description = EncryptedTextField("what needs doing")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    status = models.CharField(
        max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    closing_note = EncryptedTextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "created_at"]
        indexes = [models.Index(fields=["status", "due_on"], name="action_due_idx")]

    def __str__(self) -> str:
        return f"action due {self.due_on}"

    @property
    def is_open(self) -> bool:
        return self.status == ActionStatus.OPEN


class FollowUpReview(models.Model):
    """A review of the case booked for a date, and what it found when held."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="follow_ups")
    due_on = models.DateField()
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    held_at = models.DateTimeField(null=True, blank=True)
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    notes = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["due_on"]

    def __str__(self) -> str:
        return f"review due {self.due_on}"


class OverdueDigest(models.Model):
    """One daily digest sent to one person: makes the daily job safe to run twice."""

    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["school", "recipient", "day"], name="one_digest_a_day")
        ]

    def __str__(self) -> str:
        return f"digest {self.day}"
