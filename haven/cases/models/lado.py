"""The LADO (local authority designated officer) and restricted cases.

When an adult who works with children is involved, the LADO must be told within one working day
(`LadoDuty`, made when a review first records such an adult; the referral itself is a `Referral`
to `Agency.LADO`, tracked like any other), and the case is restricted (`Case.restricted`): seen
by the DSL and the headteacher, and by anyone on the team the DSL names with a reason
(`NamedAccess`). The rule is in haven.accounts.permissions.
"""

import uuid

from django.conf import settings
from django.db import models

from haven.lib.encryption import EncryptedTextField


class LadoDuty(models.Model):
    """The LADO must be told: since when the school knew, and the last day to tell them."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="lado_duty")
    learned_on = models.DateField()
    due_on = models.DateField()
    recorded_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"LADO due {self.due_on:%Y-%m-%d}"


class NamedAccess(models.Model):
    """Someone the DSL named to see a restricted case, and why. Taking it away keeps the row."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="named_access")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = EncryptedTextField("why they need to see it")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField()
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["added_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "user"],
                condition=models.Q(removed_at__isnull=True),
                name="named_once_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.user_id}"

    @property
    def is_current(self) -> bool:
        return self.removed_at is None
