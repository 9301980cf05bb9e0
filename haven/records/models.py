"""How long each pupil's record is kept, and what stops it being deleted.

The review date itself is computed (haven.records.rules.review_date) from the pupil's date of birth
and the school's policy, never stored, so a change of policy applies to every record at once.
"""

import uuid

from django.conf import settings
from django.db import models

from haven.lib.encryption import EncryptedTextField

DEFAULT_YEARS_AFTER_BIRTH = 25  # the common school policy: date of birth plus 25 years


class RetentionPolicy(models.Model):
    """A school's retention rule. A school without one keeps records to date of birth + 25 years."""

    school = models.OneToOneField(
        "schools.School", on_delete=models.CASCADE, related_name="retention_policy"
    )
    years_after_birth = models.PositiveSmallIntegerField(default=DEFAULT_YEARS_AFTER_BIRTH)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.school_id}: date of birth + {self.years_after_birth} years"


class LegalHold(models.Model):
    """An inquiry or proceedings need the record kept: no deletion while a hold is in place."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="+")
    pupil = models.ForeignKey("schools.Pupil", on_delete=models.CASCADE, related_name="+")
    reason = EncryptedTextField("why the record must be kept")  # may name an inquiry or a court
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField()
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-placed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["pupil"],
                condition=models.Q(released_at__isnull=True),
                name="one_legal_hold_in_place",
            )
        ]

    def __str__(self) -> str:
        return f"hold {self.pk} on {self.pupil_id}"

    @property
    def in_place(self) -> bool:
        return self.released_at is None


class SentFile(models.Model):
    """What was sent to the pupil's next school, and when: kept for the sending school."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)  # the package id
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="+")
    pupil = models.ForeignKey("schools.Pupil", on_delete=models.CASCADE, related_name="+")
    to_school = models.CharField(max_length=200)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField()
    file_sha256 = models.CharField(max_length=64)  # of cp-file.json exactly as signed
    pdf_sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"sent {self.pk}"


class ReceivedFile(models.Model):
    """A child protection file imported from the pupil's previous school's Haven."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    package_id = models.UUIDField(unique=True)  # the same package is never imported twice
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="+")
    pupil = models.ForeignKey("schools.Pupil", on_delete=models.CASCADE, related_name="+")
    from_school = models.CharField(max_length=200)
    signed_by = models.CharField(max_length=40)  # the sending Haven's key fingerprint
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    received_at = models.DateTimeField()
    content = EncryptedTextField()  # the package's JSON: narrative throughout

    class Meta:
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"received {self.package_id}"


class TransferStatus(models.TextChoices):
    STARTED = "started", "Started: not sent yet"
    SENT = "sent", "Sent: waiting for confirmation of receipt"
    CONFIRMED = "confirmed", "Receipt confirmed"


class SentHow(models.TextChoices):
    PACKAGE = "package", "A signed package for the receiving school's Haven"
    SEALED = "sealed", "A signed package encrypted for the receiving school's Haven"
    LINK = "link", "A download link and a code, sent separately"
    OTHER = "other", "By another secure route (recorded by the DSL)"


class Transfer(models.Model):
    """A leaving pupil's child protection file on its way to the next school: the deadline, what
    was sent and when, the confirmation of receipt, chasing and the call to the new DSL."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="+")
    pupil = models.ForeignKey("schools.Pupil", on_delete=models.CASCADE, related_name="+")
    to_school = models.CharField(max_length=200)
    in_year = models.BooleanField(default=True)
    leaves_on = models.DateField()  # the last day at this school: the five school days run from it
    starts_on = models.DateField(null=True, blank=True)  # first day at the new school, if known
    due_on = models.DateField()  # worked out by haven.records.rules.transfer_due_on
    status = models.CharField(
        max_length=10, choices=TransferStatus.choices, default=TransferStatus.STARTED
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField()
    open_case_at_start = models.BooleanField(default=False)
    # What was sent and when
    sent_how = models.CharField(max_length=10, choices=SentHow.choices, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_file = models.ForeignKey(
        SentFile, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    pdf = EncryptedTextField(blank=True)  # base64 of the PDF exactly as sent (narrative)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    # Confirmation of receipt
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_name = EncryptedTextField(blank=True)  # who at the new school confirmed
    confirmed_by_link = models.BooleanField(default=False)
    # Chasing
    chases = models.PositiveSmallIntegerField(default=0)
    last_chased_at = models.DateTimeField(null=True, blank=True)
    # The call to the new DSL (a case still open)
    called_at = models.DateTimeField(null=True, blank=True)
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    call_note = EncryptedTextField(blank=True)  # whom the DSL spoke to and what was said

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"transfer {self.pk}"


class LinkPurpose(models.TextChoices):
    DOWNLOAD = "download", "Download the file"
    RECEIPT = "receipt", "Confirm receipt"


class TransferLink(models.Model):
    """A one-use link for the receiving school: only hashes are kept, never the token or code."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    transfer = models.ForeignKey(Transfer, on_delete=models.CASCADE, related_name="links")
    purpose = models.CharField(max_length=10, choices=LinkPurpose.choices)
    token_sha256 = models.CharField(max_length=64, unique=True)
    code_sha256 = models.CharField(max_length=64, blank=True)  # a download needs a code too
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    wrong_codes = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-made_at"]

    def __str__(self) -> str:
        return f"{self.purpose} link {self.pk}"


class PartnerSchool(models.Model):
    """A school with its own Haven, and its public key (X25519), exchanged out of band: the
    packages sent to it are encrypted so that only its Haven can read them."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200)
    public_key = models.CharField(max_length=64)  # base64 of the 32-byte X25519 key
    fingerprint = models.CharField(max_length=40)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="one_key_per_partner_school")
        ]

    def __str__(self) -> str:
        return self.name


class Requester(models.TextChoices):
    PUPIL = "pupil", "The pupil"
    PARENT = "parent", "A parent or carer"


class SubjectAccessRequest(models.Model):
    """A pupil or parent asked to see what is held: the DSL chooses what to redact (third
    parties), previews, and releases; the redacted PDF is kept as it was released."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="+")
    pupil = models.ForeignKey("schools.Pupil", on_delete=models.CASCADE, related_name="+")
    requester_kind = models.CharField(max_length=10, choices=Requester.choices)
    requester = EncryptedTextField()  # who asked (a name)
    received_on = models.DateField()
    redactions = EncryptedTextField(default="[]")  # JSON list of the words the DSL redacts
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField()
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)
    pdf = EncryptedTextField(blank=True)  # base64 of the redacted PDF exactly as released
    pdf_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"subject access {self.pk}"

    @property
    def released(self) -> bool:
        return self.released_at is not None
