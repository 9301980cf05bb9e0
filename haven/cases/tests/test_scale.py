"""The case list and the case page cost the same however many cases and pupils there are; the list
shows a page at a time, its links keeping the status chosen."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from haven.cases.models import PupilRole
from haven.cases.services import PupilInCase, open_case
from haven.cases.views.case import CASE_PAGE_SIZE
from haven.schools.models import Pupil, YearGroup


def queries(client, url, **data):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, data)
    assert response.status_code == 200
    return len(captured)


def open_cases(cast, n, pupils=None):
    return [
        open_case(
            actor=cast.dsl,
            school=cast.school,
            title=f"Case {i}",
            pupils=pupils or [PupilInCase(cast.pupil, PupilRole.SENDER)],
        )
        for i in range(n)
    ]


def more_pupils(cast, n, start=0):
    years = list(YearGroup.objects.filter(school=cast.school)) or [None]
    made = []
    for i in range(start, start + n):
        made.append(
            Pupil.objects.create(
                school=cast.school,
                upn=f"S{i:012d}",
                legal_first_name=f"Pupil{i}",
                legal_last_name="Grown",
                year_group=years[i % len(years)],
                date_of_birth=cast.pupil.date_of_birth,
            )
        )
    return made


def test_the_case_list_takes_the_same_queries_with_ten_times_the_cases(cast, client_for):
    client = client_for(cast.dsl)
    open_cases(cast, 2)
    few = queries(client, reverse("cases:list"))
    closed = queries(client, reverse("cases:list"), status="all")
    open_cases(cast, 18)
    assert queries(client, reverse("cases:list")) == few
    assert queries(client, reverse("cases:list"), status="all") == closed


def test_the_case_page_takes_the_same_queries_with_ten_times_the_pupils(cast, client_for):
    client = client_for(cast.dsl)
    (small,) = open_cases(cast, 1, [PupilInCase(p, PupilRole.SENDER) for p in more_pupils(cast, 2)])
    few = queries(client, reverse("cases:detail", args=[small.pk]))
    many_pupils = [PupilInCase(p, PupilRole.SENDER) for p in more_pupils(cast, 20, start=2)]
    (large,) = open_cases(cast, 1, many_pupils)
    assert queries(client, reverse("cases:detail", args=[large.pk])) == few


def test_the_case_list_shows_a_page_at_a_time_keeping_the_status(cast, client_for):
    open_cases(cast, CASE_PAGE_SIZE + 1)
    client = client_for(cast.dsl)
    first = client.get(reverse("cases:list"), {"status": "all"})
    assert len(list(first.context["page"])) == CASE_PAGE_SIZE
    assert f"{CASE_PAGE_SIZE + 1} cases" in first.text
    assert 'href="?status=all&amp;page=2"' in first.text
    assert 'aria-label="Pages of cases"' in first.text
    second = client.get(reverse("cases:list"), {"status": "all", "page": 2})
    assert len(list(second.context["page"])) == 1
    assert 'aria-current="page">2</a>' in second.text
    odd = client.get(reverse("cases:list"), {"status": "<b>", "page": 2})
    assert "&lt;b&gt;" not in odd.text
    assert "status=open" in odd.text
