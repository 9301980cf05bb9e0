import uuid

from django.conf import settings
from django.db import models

from haven.lib.encryption import EncryptedTextField


class TakedownRoute(models.TextChoices):
    REPORT_REMOVE = "report_remove", "Report Remove (Childline and the IWF, under-18s)"
    TAKE_IT_DOWN = "take_it_down", "Take It Down (NCMEC)"
    PLATFORM = "platform", "The platform's own report tools"
    CEOP = "ceop", "CEOP Safety Centre report"
    STOP_NCII = "stop_ncii", "StopNCII (only for someone 18 or over in the image)"


class AgeInImage(models.TextChoices):
    """Whether the person was under 18 when the image was made (`rules.ImageAge`'s values)."""

    UNDER_18 = "under_18", "Under 18"
    ADULT = "adult", "18 or over"
    NOT_KNOWN = "not_known", "Not known"


class TakedownOutcome(models.TextChoices):
    OFFERED = "offered", "Offered, not yet done"
    REPORTED = "reported", "The young person made the report"
    REMOVED = "removed", "Taken down or blocked"
    NOT_REMOVED = "not_removed", "Not taken down"
    DECLINED = "declined", "The young person chose not to"


class TakedownHelp(models.Model):
    """Help a pupil was given to have imagery taken down. Staff never upload or view it: the
    young person makes the report themselves (Report Remove, Take It Down).

    `age_in_image`, not the pupil's age today, decides the routes open (`rules.takedown_routes`).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="takedowns")
    pupil = models.ForeignKey("schools.Pupil", on_delete=models.PROTECT, related_name="+")
    route = models.CharField(max_length=20, choices=TakedownRoute.choices)
    age_in_image = models.CharField(
        "under 18 when the image was made",
        max_length=10,
        choices=AgeInImage.choices,
        default=AgeInImage.NOT_KNOWN,
    )
    platform = EncryptedTextField(max_length=100, blank=True)
    helped_to = EncryptedTextField("what they were helped to do")
    offered_at = models.DateTimeField()
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(
        max_length=12, choices=TakedownOutcome.choices, default=TakedownOutcome.OFFERED
    )
    outcome_note = EncryptedTextField(blank=True)
    outcome_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-offered_at"]

    def __str__(self) -> str:
        return f"{self.route} {self.offered_at:%Y-%m-%d}"

    @property
    def is_settled(self) -> bool:
        return self.outcome != TakedownOutcome.OFFERED


class DeletionRequest(models.Model):
    """A pupil asked to delete the imagery from every device, cloud store and account, and to
    confirm by a deadline."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="deletions")
    pupil = models.ForeignKey("schools.Pupil", on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField()
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    deadline = models.DateField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = EncryptedTextField(blank=True)
    # Never confirmed: closed with the reason (the young person left, the device was wiped by the
    # police), so the request does not stay open for ever.
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_reason = EncryptedTextField("why it was closed unconfirmed", blank=True)

    class Meta:
        ordering = ["deadline"]

    def __str__(self) -> str:
        return f"deletion by {self.deadline}"

    @property
    def is_settled(self) -> bool:
        return self.confirmed_at is not None or self.closed_at is not None
