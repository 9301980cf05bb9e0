"""Who has seen this pupil, the chronology and the staff list: the same queries with ten times the
rows, and a page at a time."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_user
from haven.audit.services import record
from haven.audit.views import PAGE_SIZE as AUDIT_PAGE_SIZE
from haven.cases.models import PupilRole
from haven.cases.services import PupilInCase, open_case
from haven.chronology.selectors import CHRONOLOGY_PAGE_SIZE
from haven.concerns.tests.conftest import make_concern
from haven.schools.models import Role
from haven.schools.views import STAFF_PAGE_SIZE


def queries(client, url, **data):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, data)
    assert response.status_code == 200
    return len(captured)


def about_the_pupil(cast, n):
    """Concerns and cases naming the pupil (events found through them) and events naming them."""
    for i in range(n):
        make_concern(cast, pupils=[(cast.pupil, PupilRole.SENDER)])
        open_case(
            actor=cast.dsl,
            school=cast.school,
            title=f"Case {i}",
            pupils=[PupilInCase(cast.pupil, PupilRole.SENDER)],
        )


def test_who_has_seen_the_pupil_and_the_chronology_keep_their_queries_as_records_grow(
    cast, client_for
):
    client = client_for(cast.dsl)
    access = reverse("audit:pupil_access", args=[cast.pupil.pk])
    chronology = reverse("chronology:pupil", args=[cast.pupil.pk])
    about_the_pupil(cast, 1)
    few = queries(client, access), queries(client, chronology)
    about_the_pupil(cast, 9)
    assert (queries(client, access), queries(client, chronology)) == few


def test_the_staff_list_keeps_its_queries_as_staff_grow(cast, client_for):
    client = client_for(cast.office)
    url = reverse("schools:staff_list", args=[cast.school.slug])
    few = queries(client, url)
    for i in range(30):
        make_user(cast.school, f"grown{i}@elm.test", f"Grown {i}", Role.STAFF)
    assert queries(client, url) == few


def test_who_has_seen_the_pupil_comes_a_page_at_a_time_with_numbered_links(cast, client_for):
    for _ in range(AUDIT_PAGE_SIZE * 2 + 1):
        record("test.viewed", actor=cast.deputy, school=cast.school, pupil=cast.pupil)
    client = client_for(cast.dsl)
    url = reverse("audit:pupil_access", args=[cast.pupil.pk])
    first = client.get(url).text
    assert 'aria-current="page">1</a>' in first
    assert 'href="?page=3"' in first
    assert 'aria-label="Page 3"' in first
    assert 'aria-current="page">3</a>' in client.get(url, {"page": 3}).text


def test_the_chronology_comes_a_page_at_a_time_oldest_first(cast, client_for):
    for _ in range(CHRONOLOGY_PAGE_SIZE + 1):
        make_concern(cast, pupils=[(cast.pupil, PupilRole.SENDER)])
    client = client_for(cast.dsl)
    url = reverse("chronology:pupil", args=[cast.pupil.pk])
    first = client.get(url)
    assert len(first.context["lines"]) == CHRONOLOGY_PAGE_SIZE
    assert 'href="?page=2"' in first.text
    second = client.get(url, {"page": 2})
    assert len(second.context["lines"]) == 1
    assert (
        first.context["lines"][0].entry.occurred_at <= second.context["lines"][0].entry.occurred_at
    )


def test_the_staff_list_comes_a_page_at_a_time(cast, client_for):
    for i in range(STAFF_PAGE_SIZE):
        make_user(cast.school, f"grown{i}@elm.test", f"Grown {i:03d}", Role.STAFF)
    client = client_for(cast.office)
    url = reverse("schools:staff_list", args=[cast.school.slug])
    first = client.get(url)
    assert len(first.context["staff"]) == STAFF_PAGE_SIZE
    assert 'aria-label="Pages of staff"' in first.text
    assert len(client.get(url, {"page": 2}).context["staff"]) >= 1
