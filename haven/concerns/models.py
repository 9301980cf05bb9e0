"""Concerns (from staff, parents and pupils) and what is added to them (their alerts: haven.alerts).

Narrative (what was said or seen, where, what was done, reasons, replies) is encrypted at rest;
codes, dates and links stay queryable for the inbox and for reports.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from haven.lib.encryption import EncryptedTextField
from haven.lib.uploads import DocumentKind
from haven.schools.parts import HasParts


class ConcernSource(models.TextChoices):
    STAFF = "staff", "Member of staff"
    PARENT = "parent", "Parent or carer"
    PUPIL = "pupil", "Pupil"


class ConcernStatus(models.TextChoices):
    NEW = "new", "New"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    IN_CASE = "in_case", "In a case"
    NO_FURTHER_ACTION = "no_further_action", "No further action"


UNTRIAGED = (ConcernStatus.NEW, ConcernStatus.ACKNOWLEDGED)


class Platform(models.TextChoices):
    SNAPCHAT = "snapchat", "Snapchat"
    INSTAGRAM = "instagram", "Instagram"
    WHATSAPP = "whatsapp", "WhatsApp"
    TIKTOK = "tiktok", "TikTok"
    DISCORD = "discord", "Discord"
    TELEGRAM = "telegram", "Telegram"
    IMESSAGE_SMS = "imessage_sms", "iMessage or text message (SMS)"
    AIRDROP = "airdrop", "AirDrop"
    FACEBOOK = "facebook", "Facebook or Messenger"
    X = "x", "X (Twitter)"
    OTHER = "other", "Other"


class ActionTaken(models.TextChoices):
    DSL_TOLD = "dsl_told", "I have told the DSL or a deputy in person"
    DEVICE_CONFISCATED = "device_confiscated", "I took a device (switched off and kept secure)"
    DEVICE_WITH_DSL = "device_with_dsl", "A device has been handed to the DSL"
    PARENTS_AWARE = "parents_aware", "Parents or carers already know"
    POLICE_CALLED = "police_called", "Police have been called"
    NOTHING_YET = "nothing_yet", "Nothing yet"


class Concern(models.Model):
    """Something a member of staff, a parent or a pupil told the school. The start of every case.

    `submission_id` is generated when a form (the staff form, or a public report form) is shown: a
    double-click or a resend of the same form finds the concern already saved instead of making a
    second one.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="concerns")
    reference = models.CharField(max_length=12, unique=True)
    source = models.CharField(
        max_length=10, choices=ConcernSource.choices, default=ConcernSource.STAFF
    )
    status = models.CharField(
        max_length=20, choices=ConcernStatus.choices, default=ConcernStatus.NEW
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="concerns_reported",
    )
    submission_id = models.UUIDField(null=True, blank=True)
    urgent = models.BooleanField("a child may be in danger now", default=False)
    narrative = EncryptedTextField("what was said or seen")
    occurred_on = models.DateField(null=True, blank=True)
    location = EncryptedTextField("when and where", blank=True)
    platforms = models.JSONField(default=list, blank=True)
    platforms_other = EncryptedTextField(max_length=200, blank=True)  # free text: may name people
    actions_taken = models.JSONField(default=list, blank=True)
    actions_detail = EncryptedTextField(blank=True)
    pupils_unknown = models.BooleanField(default=False)
    pupils = models.ManyToManyField(
        "schools.Pupil", through="ConcernPupil", related_name="concerns", blank=True
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    triaged_at = models.DateTimeField(null=True, blank=True)
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    no_further_action_reason = EncryptedTextField(blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="concerns"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["reported_by", "submission_id"],
                condition=Q(submission_id__isnull=False),
                name="one_concern_per_submission",
            ),
            # Public reports have no reporter, and NULLs never clash in a unique index.
            models.UniqueConstraint(
                fields=["school", "submission_id"],
                condition=Q(submission_id__isnull=False, reported_by__isnull=True),
                name="one_public_report_per_submission",
            ),
        ]
        indexes = [
            models.Index(fields=["school", "status", "-created_at"], name="concern_inbox_idx"),
            models.Index(fields=["reported_by", "-created_at"], name="concern_reporter_idx"),
            models.Index(
                fields=["status"],
                condition=Q(status="new", escalated_at__isnull=True),
                name="concern_to_escalate_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_public(self) -> bool:
        return self.source != ConcernSource.STAFF

    @property
    def is_untriaged(self) -> bool:
        return self.status in UNTRIAGED

    def platform_labels(self) -> list[str]:
        labels = [Platform(code).label for code in self.platforms if code in Platform.values]
        return [label for label in labels if label != "Other"] + (
            [self.platforms_other] if self.platforms_other else []
        )

    def action_labels(self) -> list[str]:
        return [
            ActionTaken(code).label for code in self.actions_taken if code in ActionTaken.values
        ]


class ConcernPupil(HasParts):
    """A pupil a concern is about, with their parts (`roles`) as the reporter gave them."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="concern_pupils")
    pupil = models.ForeignKey("schools.Pupil", on_delete=models.PROTECT, related_name="+")
    # Who linked the pupil afterwards (the safeguarding team); empty for pupils the reporter named
    # in the concern. The reporter is shown only their own, never the team's later matching.
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["concern", "pupil"], name="pupil_once_per_concern")
        ]

    def __str__(self) -> str:
        return f"{self.concern_id}:{self.pupil_id}"


class ConcernAddition(models.Model):
    """Further information, appended and never edited. No `added_by`: from a public reporter."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="additions")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    text = EncryptedTextField()
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["added_at"]

    def __str__(self) -> str:
        return f"{self.concern_id}@{self.added_at:%Y-%m-%d %H:%M}"


class ConcernAttachment(models.Model):
    """The words of a document attached to a concern. Haven keeps the words, never the file.

    A file can carry a picture where no check looks (after a PDF's end, in a zip's gaps, in a
    preview), so the file is read (haven.lib.documents.read_document) and only its words are
    kept, encrypted like any narrative. `kind`, `size` and `pages` describe the file it came from.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(max_length=10, choices=[(k.value, k.label) for k in DocumentKind])
    # The file's own name can hold a child's name, so it is encrypted like narrative.
    name = EncryptedTextField()
    size = models.PositiveIntegerField()  # of the file the words came from, in bytes
    pages = models.PositiveIntegerField(null=True, blank=True)  # PDFs only
    text = EncryptedTextField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return f"{self.concern_id}:{self.id}"


class PublicReport(models.Model):
    """What a parent or pupil told Haven about themselves and the child, beside their concern."""

    concern = models.OneToOneField(
        Concern, on_delete=models.CASCADE, primary_key=True, related_name="public_report"
    )
    child_description = EncryptedTextField(blank=True)
    anonymous = models.BooleanField(default=True)
    contact_name = EncryptedTextField(blank=True)
    contact_method = models.CharField(max_length=30, blank=True)
    contact_detail = EncryptedTextField(blank=True)
    # Only a slow hash is kept for good: the code itself is shown once to the reporter.
    secret_code_hash = models.CharField(max_length=200)
    # The code, encrypted, held only until the receipt page shows it (at most RECEIPT_HOLD), so
    # that a double-click or a resend of the same form shows the same reference and code.
    receipt_code = EncryptedTextField(null=True, blank=True)

    def __str__(self) -> str:
        return f"public:{self.concern_id}"


class PublicReply(models.Model):
    """The school's reply to a parent or pupil, read with their reference and code."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="public_replies")
    text = EncryptedTextField()
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["sent_at"]

    def __str__(self) -> str:
        return f"{self.concern_id}@{self.sent_at:%Y-%m-%d %H:%M}"
