import uuid

from django.conf import settings
from django.db import models

from haven.cases.models.base import FinalRecord
from haven.lib.encryption import EncryptedTextField


class GroupStep(models.TextChoices):
    """A step recorded for a group of pupils at once."""

    PARENTS_TOLD = "parents_told", "Parents or carers told"


class GroupException(FinalRecord):
    """A pupil left out when a step was recorded for a group at once, and why, in words ("all
    but Sam: his mother could not be reached today"). The step is still to do for that pupil."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="exceptions")
    pupil = models.ForeignKey("schools.Pupil", on_delete=models.PROTECT, related_name="+")
    step = models.CharField(max_length=30, choices=GroupStep.choices)
    reason = EncryptedTextField("why not")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["recorded_at"]

    def __str__(self) -> str:
        return f"exception {self.pk}"
