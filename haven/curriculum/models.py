"""The school's online-safety programme: units and lessons (with their topics), lessons planned
for a year group and delivered, and responsive sessions. Nothing here names a pupil."""

import uuid

from django.conf import settings
from django.db import models

from haven.curriculum.rules import TERM_LABELS, TOPIC_LABELS
from haven.lib.encryption import EncryptedTextField

TOPIC_CHOICES = [(topic.value, label) for topic, label in TOPIC_LABELS.items()]
TERM_CHOICES = [(term.value, label) for term, label in TERM_LABELS.items()]


class Programme(models.Model):
    """The school's own name for its programme ("World & You") and its words for families."""

    school = models.OneToOneField(
        "schools.School", on_delete=models.CASCADE, related_name="curriculum_programme"
    )
    name = models.CharField(max_length=100)
    # The school's own words for the public page; empty: Haven writes it from the plan.
    family_intro = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="units")
    title = models.CharField(max_length=150)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class Lesson(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="lessons")
    title = models.CharField(max_length=150)
    # What families read about the lesson, in the school's words (plain English).
    summary = models.TextField(blank=True)
    topics = models.JSONField(default=list)  # Topic codes
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class PlannedLesson(models.Model):
    """A lesson planned for a year group (or one class in it) in a term, perhaps a week; and,
    once taught, the day it was delivered and by whom."""

    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="+")
    lesson = models.ForeignKey(Lesson, on_delete=models.PROTECT, related_name="plans")
    year_group = models.ForeignKey(
        "schools.YearGroup", on_delete=models.PROTECT, related_name="planned_lessons"
    )
    class_name = models.CharField(max_length=50, blank=True)  # empty: the whole year group
    school_year = models.PositiveSmallIntegerField()  # 2026 for 2026 to 2027
    term = models.CharField(max_length=10, choices=TERM_CHOICES)
    week = models.PositiveSmallIntegerField(null=True, blank=True)  # week of the term
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    delivered_on = models.DateField(null=True, blank=True)
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["school_year", "term", "week", "pk"]
        indexes = [models.Index(fields=["school", "school_year"], name="planned_lesson_year_idx")]

    def __str__(self) -> str:
        return f"{self.lesson} ({self.year_group})"


class ResponsiveSession(models.Model):
    """A conversation "as and when it happens" with a class or group. It has no pupil field, on
    purpose: it never names a pupil involved in an incident."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)  # the note's key

    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="+")
    year_group = models.ForeignKey(
        "schools.YearGroup", on_delete=models.PROTECT, related_name="responsive_sessions"
    )
    group_name = models.CharField(max_length=50, blank=True)  # a class or group; empty: the year
    held_on = models.DateField()
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    topics = models.JSONField(default=list)
    note = EncryptedTextField(blank=True)  # what was talked about, never who
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Responsive session, {self.held_on}"
