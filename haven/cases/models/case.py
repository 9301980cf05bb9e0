import uuid

from django.conf import settings
from django.db import models

from haven.lib.encryption import EncryptedTextField


class PupilRole(models.TextChoices):
    """A pupil's part in an incident, in the words staff use. Maps to the triage facts' roles."""

    PICTURED = "pictured", "Pictured in it"
    SENDER = "sender", "Sent it"
    RECIPIENT = "recipient", "Received it"
    SHARER = "sharer", "Shared it further"
    POSSESSOR = "possessor", "Has it"
    REQUESTER = "requester", "Asked for it"
    UNKNOWN = "unknown", "Not known yet"


class CaseStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Case(models.Model):
    """One incident the safeguarding team is handling: one or more pupils, one or more concerns.

    `version` increases on every change to the case's own fields, so two people editing at once get
    a clear message instead of one silently overwriting the other (optimistic concurrency).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="cases")
    reference = models.CharField(max_length=20, unique=True)
    title = models.CharField(max_length=120, help_text="A short label, never a child's full name.")
    summary = EncryptedTextField(blank=True)
    status = models.CharField(max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    pupils = models.ManyToManyField(
        "schools.Pupil", through="CasePupil", related_name="safeguarding_cases"
    )

    class Meta:
        ordering = ["-opened_at"]
        indexes = [models.Index(fields=["school", "status", "opened_at"], name="case_school_idx")]

    def __str__(self) -> str:
        return self.reference


class CasePupil(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_pupils")
    pupil = models.ForeignKey("schools.Pupil", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=12, choices=PupilRole.choices, default=PupilRole.UNKNOWN)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "pupil"], name="pupil_once_per_case")]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.pupil_id}"
