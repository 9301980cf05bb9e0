"""The safeguarding team's page: who has seen or changed this pupil's records."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from haven.audit.labels import ACTION_LABELS, humanise, label_for
from haven.audit.models import AuditEvent
from haven.audit.services import record
from haven.audit.views import PAGE_SIZE

pytestmark = pytest.mark.django_db


def url(pupil):
    return reverse("audit:pupil_access", args=[pupil.pk])


def test_the_dsl_sees_who_looked_at_the_pupil_newest_first(cast, client_for):
    record("cases.case_opened", actor=cast.deputy, school=cast.school, pupil=cast.pupil)
    response = client_for(cast.dsl).get(url(cast.pupil), REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Who has seen or changed these records" in page
    assert page.index("Dina Lead") < page.index("Derek Deputy")  # this visit is the newest
    assert "Opened a case" in page
    assert "203.0.113.9" in page


def test_looking_at_the_page_is_itself_recorded(cast, client_for):
    client_for(cast.dsl).get(url(cast.pupil), REMOTE_ADDR="203.0.113.9")
    event = AuditEvent.objects.filter(action="audit.pupil_access_viewed").get()
    assert (event.actor, event.school, event.pupil_id) == (cast.dsl, cast.school, cast.pupil.pk)
    assert (event.object_type, event.object_id) == ("schools.pupil", str(cast.pupil.pk))
    assert event.ip_address == "203.0.113.9"


def test_the_page_lists_only_this_pupils_events(cast, client_for):
    record("test.other_pupil_event", actor=cast.dsl, school=cast.school, pupil=cast.pupil2)
    page = client_for(cast.dsl).get(url(cast.pupil)).content.decode()
    assert "Other pupil event" not in page


@pytest.mark.parametrize("who", ["deputy", "head"])
def test_the_rest_of_the_safeguarding_team_may_look_too(cast, client_for, who):
    assert client_for(getattr(cast, who)).get(url(cast.pupil)).status_code == 200


@pytest.mark.parametrize("who", ["teacher", "other_teacher", "office", "dsl2", "trust_lead"])
def test_anyone_outside_the_schools_safeguarding_team_gets_not_found(cast, client_for, who):
    assert client_for(getattr(cast, who)).get(url(cast.pupil)).status_code == 404
    assert not AuditEvent.objects.filter(action="audit.pupil_access_viewed").exists()


def test_a_pupil_at_another_school_is_not_found_for_the_dsl(cast, client_for):
    assert client_for(cast.dsl).get(url(cast.pupil_at_school2)).status_code == 404


def test_the_page_needs_both_sign_in_factors(cast, client):
    client.force_login(cast.dsl, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(url(cast.pupil)).status_code == 302


def test_the_page_cannot_be_posted_to(cast, client_for):
    assert client_for(cast.dsl).post(url(cast.pupil)).status_code == 405


def test_long_lists_come_in_pages_of_fifty(cast, client_for):
    for _ in range(PAGE_SIZE + 5):
        record("test.viewed", actor=cast.deputy, school=cast.school, pupil=cast.pupil)
    client = client_for(cast.dsl)
    first = client.get(url(cast.pupil)).content.decode()
    assert first.count('<tr class="govuk-table__row">') == PAGE_SIZE + 1  # with the header row
    assert "page 1 of 2" in first
    second = client.get(url(cast.pupil) + "?page=2").content.decode()
    assert "Newer" in second
    assert "page 2 of 2" in second


def count_queries(client, pupil):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url(pupil)).status_code == 200
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_events(
    cast, client_for, django_assert_num_queries
):
    client = client_for(cast.dsl)
    few = count_queries(client, cast.pupil)
    for user in (cast.deputy, cast.head, cast.dsl):
        for _ in range(40):
            record("test.viewed", actor=user, school=cast.school, pupil=cast.pupil)
    with django_assert_num_queries(few):
        assert client.get(url(cast.pupil)).status_code == 200
    with django_assert_num_queries(few):
        assert client.get(url(cast.pupil) + "?page=3").status_code == 200
    assert few <= 19  # includes the header's concerns badge and which cases the reader may not see


def test_every_code_has_a_plain_english_label():
    assert label_for("accounts.signed_in") == ACTION_LABELS["accounts.signed_in"]
    assert label_for("curriculum.lesson_moved") == "Lesson moved"  # a code with no label yet
    assert humanise("chronology.entry_added") == "Entry added"
    assert humanise("plain") == "Plain"


def test_events_about_a_case_with_several_pupils_show_for_each_pupil(cast, client_for):
    from haven.cases.models import PupilRole
    from haven.cases.services import PupilInCase, open_case

    case = open_case(
        actor=cast.dsl,
        school=cast.school,
        title="Shared image",
        pupils=[
            PupilInCase(cast.pupil, PupilRole.PICTURED),
            PupilInCase(cast.pupil2, PupilRole.RECIPIENT),
        ],
    )
    record("test.case_looked_at", actor=cast.deputy, school=cast.school, obj=case)
    record("test.note_about_case", actor=cast.head, school=cast.school, data={"case": str(case.pk)})
    for pupil in (cast.pupil, cast.pupil2):
        page = client_for(cast.dsl).get(url(pupil)).content.decode()
        assert "Case looked at" in page
        assert "Note about case" in page
    unrelated = client_for(cast.dsl).get(url(cast.pupil_at_school2))
    assert unrelated.status_code == 404
