"""Early help offered to a family when no criterion for referral is met but they would benefit
(haven.cases.rules.early_help). The offer is named as the school's settings named it then."""

import uuid

from django.conf import settings
from django.db import models

from haven.lib.encryption import EncryptedTextField


class FamilyAnswer(models.TextChoices):
    AGREED = "agreed", "The family agreed"
    DECLINED = "declined", "The family declined"
    WAITING = "waiting", "Not answered yet"


class EarlyHelp(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="early_help")
    pupil = models.ForeignKey(
        "schools.Pupil", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    offer = models.CharField(max_length=300)
    offered_on = models.DateField()
    answer = models.CharField(max_length=10, choices=FamilyAnswer.choices)
    why = EncryptedTextField("why the family would benefit")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["offered_on", "recorded_at"]

    def __str__(self) -> str:
        return f"Early help {self.offered_on:%Y-%m-%d}"
