import uuid

from django.conf import settings
from django.db import models


class ChronologyEntry(models.Model):
    """One line of a pupil's chronology: something that happened, when, and where to read more.

    Written by the services that make the change, in the same transaction. `kind` is a stable code
    (like an audit action) and `summary` a short, non-narrative line Haven writes itself, such as
    "Concern recorded" or "Referral to children's social care recorded"; the narrative stays in
    the encrypted record it links to.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="+")
    pupil = models.ForeignKey(
        "schools.Pupil", on_delete=models.CASCADE, related_name="chronology_entries"
    )
    occurred_at = models.DateTimeField()
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=60)
    summary = models.CharField(max_length=200)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-recorded_at"]
        indexes = [models.Index(fields=["pupil", "-occurred_at"], name="chronology_pupil_idx")]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d} {self.kind}"
