import uuid

from django.conf import settings
from django.db import models

from haven.lib.encryption import EncryptedTextField
from haven.schools.parts import HasParts, Parts, PupilRole, parts_label, parts_of, unknown_part

__all__ = ["HasParts", "Parts", "PupilRole", "parts_label", "parts_of", "unknown_part"]


class CaseStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Typology(models.TextChoices):
    """Wolak and Finkelhor's typology, used for reports (GUIDANCE.md "Typology")."""

    NOT_RECORDED = "", "Not recorded yet"
    AGGRAVATED_ADULT = "aggravated_adult", "Aggravated: an adult involved"
    AGGRAVATED_INTENT = "aggravated_intent", "Aggravated: young people only, intent to harm"
    AGGRAVATED_RECKLESS = "aggravated_reckless", "Aggravated: young people only, reckless misuse"
    EXPERIMENTAL_ROMANTIC = "experimental_romantic", "Experimental: romantic"
    EXPERIMENTAL_ATTENTION = "experimental_attention", "Experimental: sexual attention seeking"
    EXPERIMENTAL_OTHER = "experimental_other", "Experimental: other"


class Case(models.Model):
    """One incident the safeguarding team is handling: one or more pupils, one or more concerns.

    `version` increases on every change to the case or anything recorded in it, so two people
    editing at once get a clear message instead of one silently overwriting the other
    (optimistic concurrency).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="cases")
    reference = models.CharField(max_length=20, unique=True)
    # Free text, so it may hold details however the help text asks: encrypted like the summary.
    title = EncryptedTextField(
        max_length=120, help_text="A short label, never a child's full name."
    )
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
    typology = models.CharField(max_length=30, choices=Typology.choices, blank=True)
    ai_generated = models.BooleanField("made or altered by software (AI)", default=False)
    sextortion = models.BooleanField("sextortion", default=False)
    # An adult who works with children is involved: seen by the DSL, the headteacher and whoever
    # the DSL names (haven.cases.models.lado, haven.accounts.permissions).
    restricted = models.BooleanField(default=False)

    class Meta:
        ordering = ["-opened_at"]
        indexes = [models.Index(fields=["school", "status", "opened_at"], name="case_school_idx")]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status == CaseStatus.OPEN


class CasePupil(HasParts):
    """A pupil in a case, with their parts. `age_in_image`: for a pupil pictured, their age when
    the picture or video was made, if not their age today (empty: the same as today)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_pupils")
    pupil = models.ForeignKey("schools.Pupil", on_delete=models.PROTECT, related_name="+")
    age_in_image = models.PositiveSmallIntegerField(null=True, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "pupil"], name="pupil_once_per_case")
        ]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.pupil_id}"


class CaseViewer(models.Model):
    """Who has the case open: one row per person, refreshed while their page is open."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="viewers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_seen_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="one_viewer_row")]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.user_id}"
