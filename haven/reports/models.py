"""A report asked for from the web, built by the worker (haven.reports.tasks) and kept for a
day for the person who asked for it. It holds figures without names, never a narrative."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models

KEPT_FOR = timedelta(days=1)


class ReportKind(models.TextChoices):
    GOVERNORS = "governors_report", "The governors' report"
    LA_RETURN = "la_return", "The local authority's annual return"


class FileStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    BUILDING = "building", "Being made"
    READY = "ready", "Ready"
    FAILED = "failed", "Could not be made"


class ReportFile(models.Model):
    """`step` of `STEPS`: 0 waiting, 1 reading the figures, 2 writing the file, 3 ready."""

    STEPS = 3

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=ReportKind.choices)
    fmt = models.CharField(max_length=4)  # "pdf" or "csv"
    params = models.JSONField(default=dict)  # {"first", "last"} or {"year"}: dates, no names
    status = models.CharField(max_length=10, choices=FileStatus.choices, default=FileStatus.QUEUED)
    step = models.PositiveSmallIntegerField(default=0)
    content = models.BinaryField(null=True, blank=True)
    name = models.CharField(max_length=120, blank=True)
    requested_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["requested_at"], name="report_file_age_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"

    @property
    def is_active(self) -> bool:
        return self.status in (FileStatus.QUEUED, FileStatus.BUILDING)

    @property
    def percent(self) -> int:
        return round(100 * self.step / self.STEPS)

    @property
    def content_type(self) -> str:
        return "application/pdf" if self.fmt == "pdf" else "text/csv; charset=utf-8"
