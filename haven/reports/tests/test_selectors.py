"""The figures, checked against what was recorded, and read in a fixed number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from haven.cases.models import Case, CaseOutcome, CaseStatus, Typology
from haven.cases.services import close_case
from haven.cases.tests.conftest import settle
from haven.concerns.models import ConcernSource, Platform
from haven.reports import behind, selectors
from haven.reports.selectors import Period
from haven.reports.tests.factory import concern, incident


@pytest.fixture
def today():
    return timezone.localdate()


def figures(rows):
    return dict(rows)


def test_open_cases_are_counted_by_stage(cast, today):
    incident(cast, reviewed=False)
    incident(cast, reviewed=False)
    incident(cast, referred_after=timedelta(hours=5))
    incident(cast)
    load = selectors.caseload([cast.school.pk], today)[cast.school.pk]
    stages = figures(load.stages)
    assert stages["Initial review to do"] == 2
    assert stages["Waiting for an agency to acknowledge a referral"] == 1
    assert stages["Nothing waiting (may be ready to close)"] == 1
    assert load.open_cases == 4
    assert load.referrals_awaiting == 1


def test_another_schools_cases_are_not_counted(cast, today):
    incident(cast)
    load = selectors.caseload([cast.school2.pk], today)[cast.school2.pk]
    assert load.open_cases == 0


def test_the_median_and_slowest_acknowledgement_this_term(cast, today):
    for hours in (1, 2, 9):
        incident(cast, days_ago=2, acknowledged_after=timedelta(hours=hours))
    incident(cast, days_ago=140, acknowledged_after=timedelta(hours=30))  # last term or before
    times = {t.code: t for t in selectors.response_times([cast.school.pk], today)[cast.school.pk]}
    ack = times["acknowledgement"].this_term
    assert (ack.count, ack.median, ack.slowest) == (3, timedelta(hours=2), timedelta(hours=9))


def test_time_to_referral_counts_from_the_first_concern(cast, today):
    incident(cast, days_ago=4, referred_after=timedelta(hours=6))
    incident(cast, days_ago=4, referred_after=timedelta(hours=10))
    incident(cast, days_ago=4)  # not referred: not in the figure
    times = {t.code: t for t in selectors.response_times([cast.school.pk], today)[cast.school.pk]}
    referral = times["referral"].this_term
    assert referral.count == 2
    assert referral.median == timedelta(hours=8)
    assert referral.slowest == timedelta(hours=10)
    review = times["review"].this_term
    assert review.count == 3
    assert timedelta(days=4) <= review.median < timedelta(days=4, minutes=1)


def test_trends_count_platforms_sources_kinds_and_year_groups(cast, today):
    incident(cast, typology=Typology.AGGRAVATED_ADULT, sextortion=True, platforms=["snapchat", "x"])
    incident(cast, typology=Typology.EXPERIMENTAL_ROMANTIC, ai=True, platforms=["instagram"])
    concern(cast, source=ConcernSource.PARENT, platforms=["snapchat"])
    found = selectors.trends(cast.school.pk, Period.school_year(today))
    assert found.concerns == 3
    assert found.cases == 2
    platforms = figures(found.platforms)
    assert platforms[Platform.SNAPCHAT.label] == 2
    assert platforms[Platform.X.label] == 1
    assert platforms[Platform.INSTAGRAM.label] == 1
    assert platforms[Platform.TIKTOK.label] == 0
    sources = figures(found.sources)
    assert (sources["Member of staff"], sources["Parent or carer"], sources["Pupil"]) == (2, 1, 0)
    kinds = list(figures(found.kinds).values())
    assert kinds == [1, 1, 1, 1]
    assert figures(found.year_groups) == {cast.pupil.year_group.name: 3}
    assert sum(n for _, n in found.months) == 3
    assert figures(found.outcomes)["Still open"] == 2


def test_outcomes_of_closed_cases(cast, today):
    case = incident(cast)
    settle(case, cast.dsl)
    case.refresh_from_db()
    close_case(
        actor=cast.dsl,
        case=case,
        expected_version=case.version,
        outcome=CaseOutcome.MANAGED_IN_SCHOOL,
        rationale="Support worked",
    )
    assert Case.objects.get(pk=case.pk).status == CaseStatus.CLOSED
    found = selectors.trends(cast.school.pk, Period.school_year(today))
    assert figures(found.outcomes)["Managed in school"] == 1
    assert figures(found.outcomes)["Still open"] == 0


def queries_for(cast, today) -> int:
    ids = [cast.school.pk, cast.school2.pk]
    with CaptureQueriesContext(connection) as captured:
        selectors.caseload(ids, today)
        selectors.response_times(ids, today)
        selectors.trends(cast.school.pk, Period.school_year(today))
        selectors.headline(ids, today)
    return len(captured)


def test_the_figures_take_the_same_queries_for_3_and_for_30_concerns(cast, today):
    for _ in range(3):
        incident(cast, referred_after=timedelta(hours=1), platforms=["tiktok"])
    few = queries_for(cast, today)
    for _ in range(27):
        incident(cast, referred_after=timedelta(hours=1), platforms=["tiktok"])
    assert queries_for(cast, today) == few


def test_the_cases_behind_each_stage_are_the_ones_it_counts(cast, today):
    incident(cast, reviewed=False)
    incident(cast, referred_after=timedelta(hours=5))
    incident(cast)
    load = selectors.caseload([cast.school.pk], today)[cast.school.pk]
    for (code, _), (_, count) in zip(selectors.STAGES, load.stages, strict=True):
        assert behind.cases_behind(cast.school.pk, f"stage-{code}", today).count() == count
    assert behind.cases_behind(cast.school.pk, "open", today).count() == load.open_cases
    assert behind.cases_behind(cast.school.pk, "referrals-waiting", today).count() == 1
    assert behind.cases_behind(cast.school.pk, "deletions", today).count() == 0


def test_the_cases_behind_a_response_time_are_the_ones_it_counts(cast, today):
    incident(cast, days_ago=3, referred_after=timedelta(hours=5))
    incident(cast, days_ago=3)
    times = {t.code: t for t in selectors.response_times([cast.school.pk], today)[cast.school.pk]}
    for code in ("review", "referral"):
        found = behind.cases_behind(cast.school.pk, f"{code}-this", today)
        assert found.count() == times[code].this_term.count
        assert behind.cases_behind(cast.school.pk, f"{code}-last", today).count() == 0
