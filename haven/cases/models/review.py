import uuid

from django.conf import settings
from django.db import models

from haven.cases.models.base import FinalQuerySet, FinalRecord
from haven.lib.encryption import EncryptedTextField


class ReviewKind(models.TextChoices):
    INITIAL = "initial", "Initial review"
    REASSESSMENT = "reassessment", "Reassessment after new facts"


class InitialReview(FinalRecord):
    """The UKCIS initial review: the facts, the assessment the rules made of them, the answers.

    Never rewritten. An edited answer or a new fact (another concern, another pupil) makes a new
    review that supersedes this one; both stay in the record.

    - `facts`: the triage facts (DESIGN.md), people first the case's pupils in `pupil_ids` order,
      then anyone else (an adult, an unknown online contact).
    - `assessment`: what `rules.assess` said, as `rules.assessment_to_dict` writes it.
    - `answers`: yes/no/not-known answers to the review's other questions (codes only).
    - `narrative`: the written answers, as an encrypted JSON object of question code to text.
    - `new_criteria`: criteria met here that the review before did not meet.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(max_length=12, choices=ReviewKind.choices, default=ReviewKind.INITIAL)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField()
    facts = models.JSONField()
    assessment = models.JSONField()
    pupil_ids = models.JSONField(default=list)
    answers = models.JSONField(default=dict)
    narrative = EncryptedTextField(blank=True)
    new_criteria = models.JSONField(default=list)
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )

    objects = FinalQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at"]
        get_latest_by = "recorded_at"

    def __str__(self) -> str:
        return f"{self.kind} {self.recorded_at:%Y-%m-%d %H:%M}"

    @property
    def criteria(self) -> list[str]:
        return list(self.assessment.get("criteria", []))
