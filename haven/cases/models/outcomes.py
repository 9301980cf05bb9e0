"""What partners decided about a referral, in their own terms (haven.cases.rules.outcomes): one
row each time children's social care or the police tell the school what they decided. The free
text `Referral.outcome` recorded before stays as it was, and is still shown."""

import uuid

from django.conf import settings
from django.db import models

from haven.cases.rules.outcomes import OUTCOMES
from haven.lib.encryption import EncryptedTextField

OUTCOME_CHOICES = [(code, words) for code, (_, words, _) in OUTCOMES.items()]


class PartnerOutcome(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="partner_outcomes"
    )
    referral = models.ForeignKey(
        "cases.Referral", on_delete=models.CASCADE, related_name="partner_outcomes"
    )
    outcome = models.CharField(max_length=40, choices=OUTCOME_CHOICES)
    decided_on = models.DateField()
    # Who told the school (a name and role, or a team): kept plain, like other names.
    told_by = models.CharField(max_length=200)
    for_school = EncryptedTextField("what follows for the school")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["decided_on", "recorded_at"]

    def __str__(self) -> str:
        return f"{self.outcome} {self.decided_on:%Y-%m-%d}"
