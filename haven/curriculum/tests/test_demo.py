from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from haven.curriculum.demo import load_plan
from haven.curriculum.models import PlannedLesson
from haven.schools.models import School

pytestmark = pytest.mark.django_db


def test_the_demo_school_has_a_plan_with_some_lessons_delivered_on_its_public_page(client):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 (closed at exit)
    plans = PlannedLesson.objects.filter(school__slug="oakfield")
    assert plans.exists()
    body = client.get(reverse("public:parents", args=["oakfield"])).content.decode()
    assert "What we teach: World &amp; You" in body
    assert "Year 9" in body


def test_the_demo_plan_delivers_only_lessons_whose_week_has_passed(cast):
    load_plan(cast.school, cast.teacher, today=date(2026, 10, 1))
    delivered = PlannedLesson.objects.filter(delivered_on__isnull=False)
    assert delivered.exists()
    assert all(p.delivered_on <= date(2026, 10, 1) for p in delivered)
    assert PlannedLesson.objects.filter(delivered_on__isnull=True).exists()
    load_plan(cast.school, cast.teacher, today=date(2026, 10, 1))  # again: nothing changes
    assert School.objects.get(pk=cast.school.pk).curriculum_programme.units.count() == 2
