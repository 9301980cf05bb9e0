import uuid

from django.conf import settings
from django.db import models

from haven.cases.models.base import FinalQuerySet, FinalRecord
from haven.lib.encryption import EncryptedTextField


class ClosureKind(models.TextChoices):
    CLOSED = "closed", "Closed"
    REOPENED = "reopened", "Reopened"


class CaseOutcome(models.TextChoices):
    NOT_GIVEN = "", "Not given"
    MANAGED_IN_SCHOOL = "managed_in_school", "Managed in school"
    CSC_ACTION = "csc_action", "Children's social care took action"
    POLICE_ACTION = "police_action", "The police took action"
    REFERRED_NO_FURTHER = "referred_no_further", "Referred: no further action by the agency"
    NO_FURTHER_ACTION = "no_further_action", "No further action needed"
    OTHER = "other", "Another outcome"


class CaseClosure(FinalRecord):
    """A case closed (with its outcome and reasons) or reopened (with the reason)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="closures")
    kind = models.CharField(max_length=10, choices=ClosureKind.choices)
    outcome = models.CharField(max_length=30, choices=CaseOutcome.choices, blank=True)
    rationale = EncryptedTextField("reasons")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()
    # Closed with work not finished: what was left (blocker codes) and the decision, agreed by the
    # headteacher, that allowed it. Empty for a case closed with everything settled.
    unfinished = models.JSONField(default=list, blank=True)
    unfinished_decision = models.ForeignKey(
        "cases.Decision", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = FinalQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.recorded_at:%Y-%m-%d}"
