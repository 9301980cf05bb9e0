"""The shape every two-person agreement shares: one person asks, another agrees (or refuses),
the asker may withdraw, and what nobody decides in time expires.

Concrete agreements (an authenticator reset, a change to the safeguarding team, a school policy)
subclass `TwoPersonAgreement` and add what they are about; `haven.agreements.services` runs them.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class AgreementStatus(models.TextChoices):
    PENDING = "pending", "Waiting for agreement"
    DONE = "done", "Agreed and done"
    REFUSED = "refused", "Refused"
    WITHDRAWN = "withdrawn", "Withdrawn"
    EXPIRED = "expired", "Expired: nobody agreed in time"


class TwoPersonAgreement(models.Model):
    """Who asked and when; who decided, when and how. Subclasses add the subject and the change,
    and a unique constraint that allows one pending agreement per subject."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=AgreementStatus.choices, default=AgreementStatus.PENDING
    )

    class Meta:
        abstract = True
        ordering = ["-requested_at"]

    @property
    def is_pending(self) -> bool:
        return self.status == AgreementStatus.PENDING
