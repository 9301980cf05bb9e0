"""The curriculum's pages for each role, and the families' page that shows the plan."""

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import signed_in_client
from haven.curriculum import services
from haven.curriculum.models import PlannedLesson
from haven.curriculum.rules import school_year_of, term_of
from haven.curriculum.tests.conftest import a_lesson, incidents

pytestmark = pytest.mark.django_db


def planned(cast, actor) -> PlannedLesson:
    today = timezone.localdate()
    return services.plan_lesson(
        actor=actor,
        school=cast.school,
        lesson=a_lesson(cast),
        year_group=cast.pupil.year_group,
        school_year=school_year_of(today),
        term=term_of(today).term,
    )


def test_the_pshe_lead_sees_fewer_than_5_and_a_prompt_and_no_case(cast, pshe_lead):
    (case,) = incidents(cast, cast.pupil, 1)
    response = signed_in_client(pshe_lead).get(reverse("curriculum:home", args=["elm"]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "fewer than 5" in body
    assert 'data-testid="prompt"' in body
    assert case.reference not in body
    assert cast.pupil.legal_last_name not in body


def test_the_dsl_sees_the_number(cast):
    incidents(cast, cast.pupil, 2)
    body = signed_in_client(cast.dsl).get(reverse("curriculum:home", args=["elm"])).content
    assert b'data-testid="this-term">2<' in body


def test_a_teacher_and_the_other_schools_dsl_get_not_found(cast):
    url = reverse("curriculum:home", args=["elm"])
    assert signed_in_client(cast.teacher).get(url).status_code == 404
    assert signed_in_client(cast.dsl2).get(url).status_code == 404


def test_the_pshe_lead_records_a_delivered_lesson_and_the_families_page_says_taught(
    cast, pshe_lead
):
    plan = planned(cast, pshe_lead)
    parents = reverse("public:parents", args=["elm"])
    assert ", taught)" not in signed_in_client(pshe_lead).get(parents).content.decode()
    url = reverse("curriculum:delivered", args=["elm", plan.pk])
    today = timezone.localdate()
    response = signed_in_client(pshe_lead).post(url, {"delivered_on": today.isoformat()})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.delivered_on, plan.delivered_by) == (today, pshe_lead)
    assert ", taught)" in signed_in_client(pshe_lead).get(parents).content.decode()


def test_a_delivery_day_in_the_future_comes_back_as_an_error(cast, pshe_lead):
    plan = planned(cast, pshe_lead)
    url = reverse("curriculum:delivered", args=["elm", plan.pk])
    response = signed_in_client(pshe_lead).post(url, {"delivered_on": "2999-01-01"})
    assert response.status_code == 200
    assert "cannot be in the future" in response.content.decode()


def test_the_families_page_keeps_the_schools_own_words(cast, client):
    services.save_programme(
        actor=None, school=cast.school, name="World & You", family_intro="Our own words here."
    )
    body = client.get(reverse("public:parents", args=["elm"])).content.decode()
    assert "What we teach: World &amp; You" in body
    assert "Our own words here." in body


def test_the_curriculum_page_reads_in_a_fixed_number_of_queries(
    cast, pshe_lead, django_assert_max_num_queries
):
    for _ in range(3):
        planned(cast, pshe_lead)
    incidents(cast, cast.pupil, 2)
    client = signed_in_client(pshe_lead)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("curriculum:home", args=["elm"])).status_code == 200


def test_the_pshe_lead_adds_a_lesson_and_plans_it(cast, pshe_lead):
    client = signed_in_client(pshe_lead)
    services.save_programme(actor=pshe_lead, school=cast.school, name="World & You")
    response = client.post(
        reverse("curriculum:add_lesson", args=["elm"]),
        {"unit_title": "Online life", "title": "Asked for a nude", "topics": ["sharing_nudes"]},
    )
    assert response.status_code == 302
    lesson = cast.school.curriculum_programme.units.get().lessons.get()
    response = client.post(
        reverse("curriculum:plan", args=["elm"]),
        {"lesson": lesson.pk, "year_group": cast.pupil.year_group.pk, "term": "spring"},
    )
    assert response.status_code == 302
    assert PlannedLesson.objects.get().term == "spring"
