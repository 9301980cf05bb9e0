import uuid

from django.conf import settings
from django.db import models


class CaseEvent(models.Model):
    """One line of a case's timeline, written with the audit event and the pupils' chronology.

    `summary` is Haven's own words ("Referral to the police recorded"), never narrative: the
    narrative stays in the encrypted record that `object_type`/`object_id` name.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="events")
    occurred_at = models.DateTimeField()
    recorded_at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=60)
    summary = models.CharField(max_length=200)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-recorded_at"]
        indexes = [models.Index(fields=["case", "-occurred_at"], name="case_event_idx")]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d} {self.kind}"
