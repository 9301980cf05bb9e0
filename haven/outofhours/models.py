"""The school's closed days and the safeguarding team's on-call rota."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from haven.schools.models import School


class ClosureKind(models.TextChoices):
    HOLIDAY = "holiday", "School holiday"
    INSET = "inset", "INSET day (closed to pupils)"
    CLOSED = "closed", "Closed for another reason"


class ClosureSource(models.TextChoices):
    ENTERED = "entered", "Entered in Haven"
    IMPORTED = "imported", "Imported from the school's calendar"


class SchoolClosure(models.Model):
    """Days the school is closed to pupils: the escalation clock does not run on them."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="closures")
    kind = models.CharField(max_length=20, choices=ClosureKind.choices)
    name = models.CharField(max_length=200)
    starts_on = models.DateField()
    ends_on = models.DateField()  # the last closed day, inclusive
    source = models.CharField(
        max_length=20, choices=ClosureSource.choices, default=ClosureSource.ENTERED
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_on", "pk"]
        indexes = [models.Index(fields=["school", "ends_on"], name="closure_school_ends")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="closure_ends_after_it_starts"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.starts_on} to {self.ends_on})"


class OnCallShift(models.Model):
    """One member of the safeguarding team on call from `starts_at` until `ends_at`."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="on_call_shifts")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="on_call_shifts"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["school", "ends_at"], name="oncall_school_ends")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="on_call_ends_after_it_starts"
            )
        ]

    def __str__(self) -> str:
        return f"On call from {self.starts_at} to {self.ends_at}"
