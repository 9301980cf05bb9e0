"""The dashboard and the trust's view: what each shows, to whom, and in how many queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from haven.cases.models import Case
from haven.reports.tests.factory import NARRATIVE, incident
from haven.schools import services


@pytest.fixture
def three(cast):
    return [
        incident(cast, acknowledged_after=timedelta(hours=h), referred_after=timedelta(hours=6))
        for h in (1, 2, 3)
    ]


def test_the_dsl_sees_exact_figures_with_links_to_the_cases(cast, client_for, three):
    page = client_for(cast.dsl).get(reverse("reports:dashboard", args=[cast.school.slug]))
    assert page.status_code == 200
    html = page.content.decode()
    open_cases = reverse("reports:behind", args=[cast.school.slug, "open"])
    assert f'href="{open_cases}">3<' in html
    assert ">fewer than 5<" not in html
    assert "<svg" in html
    assert 'role="img"' in html
    assert NARRATIVE not in html
    assert "2 hours" in html  # the median time to acknowledge


def test_the_home_page_links_the_team_to_the_dashboard(cast, client_for):
    page = client_for(cast.head).get(reverse("accounts:home"))
    assert reverse("reports:dashboard", args=[cast.school.slug]) in page.content.decode()


def test_the_trust_lead_sees_every_school_suppressed_and_no_child(cast, client_for, three):
    client = client_for(cast.trust_lead)
    home = client.get(reverse("accounts:home")).content.decode()
    assert reverse("reports:trust", args=[cast.trust.slug]) in home
    assert "will come" not in home
    page = client.get(reverse("reports:trust", args=[cast.trust.slug]))
    html = page.content.decode()
    assert cast.school.name in html
    assert cast.school2.name in html
    assert ">fewer than 5<" in html
    for secret in leaks(cast, three):
        assert secret not in html
    drill = client.get(reverse("reports:trust_school", args=[cast.trust.slug, cast.school.slug]))
    html = drill.content.decode()
    assert drill.status_code == 200
    assert ">fewer than 5<" in html
    assert reverse("cases:list") not in html
    assert "/behind/" not in html
    for secret in leaks(cast, three):
        assert secret not in html


def leaks(cast, cases: list[Case]) -> list[str]:
    pupils = [cast.pupil, cast.pupil2]
    return [
        NARRATIVE,
        *[p.legal_last_name for p in pupils],
        *[p.upn for p in pupils],
        *[c.reference for c in cases],
        *[concern.reference for c in cases for concern in c.concerns.all()],
    ]


def test_a_school_outside_the_trust_is_not_found(cast, client_for):
    other = services.create_school(actor=None, name="Oak School", slug="oak")
    url = reverse("reports:trust_school", args=[cast.trust.slug, other.slug])
    assert client_for(cast.trust_lead).get(url).status_code == 404


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("who", ["dsl", "trust_lead"])
def test_the_pages_take_the_same_queries_for_3_and_for_30_concerns(cast, client_for, who):
    user = getattr(cast, who)
    client = client_for(user)
    urls = (
        [reverse("reports:dashboard", args=[cast.school.slug])]
        if who == "dsl"
        else [
            reverse("reports:trust", args=[cast.trust.slug]),
            reverse("reports:trust_school", args=[cast.trust.slug, cast.school.slug]),
        ]
    )

    def make(n):
        for _ in range(n):
            incident(cast, referred_after=timedelta(hours=1), platforms=["tiktok", "snapchat"])

    make(3)
    for url in urls:
        queries(client, url)  # the session's first read
    few = [queries(client, url) for url in urls]
    make(27)
    assert [queries(client, url) for url in urls] == few


def test_each_figure_links_to_the_cases_behind_it(cast, client_for, three):
    waiting = incident(cast, reviewed=False)
    client = client_for(cast.dsl)
    page = client.get(reverse("reports:behind", args=[cast.school.slug, "stage-review"]))
    html = page.content.decode()
    assert reverse("cases:detail", args=[waiting.pk]) in html
    for case in three:
        assert case.reference not in html
    page = client.get(reverse("reports:behind", args=[cast.school.slug, "referrals-waiting"]))
    html = page.content.decode()
    assert all(case.reference in html for case in three)
    assert waiting.reference not in html
    assert NARRATIVE not in html


def test_a_figure_that_does_not_exist_is_not_found(cast, client_for):
    url = reverse("reports:behind", args=[cast.school.slug, "everything"])
    assert client_for(cast.dsl).get(url).status_code == 404


def test_the_cases_behind_a_figure_take_the_same_queries_for_3_and_for_30(cast, client_for):
    client = client_for(cast.dsl)
    url = reverse("reports:behind", args=[cast.school.slug, "open"])
    for _ in range(3):
        incident(cast)
    queries(client, url)
    few = queries(client, url)
    for _ in range(27):
        incident(cast)
    assert queries(client, url) == few


def test_the_trust_view_takes_the_same_queries_for_2_and_for_6_schools(cast, client_for):
    client = client_for(cast.trust_lead)
    url = reverse("reports:trust", args=[cast.trust.slug])
    incident(cast)
    queries(client, url)
    few = queries(client, url)
    for n in range(4):
        services.create_school(actor=None, name=f"School {n}", slug=f"school-{n}", trust=cast.trust)
    assert queries(client, url) == few
