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
