"""Overdue work: the selector for the staff home page, its panel, and the daily digest."""

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from haven.alerts import services as alerts
from haven.alerts.models import Alert
from haven.cases import notifications
from haven.cases.models import Agency, ReferralMethod
from haven.cases.overdue import overdue_for
from haven.cases.rules import bank_holidays_near, next_working_day
from haven.cases.services import add_action, record_referral
from haven.cases.tasks import overdue_digest, send_overdue_digests
from haven.cases.tests.conftest import review
from haven.system.schedule import registered_jobs

pytestmark = pytest.mark.django_db


def v(case):
    case.refresh_from_db()
    return case.version


@pytest.fixture
def overdue_case(reviewed, cast):
    add_action(
        actor=cast.dsl,
        case=reviewed,
        expected_version=v(reviewed),
        description="Call home",
        owner=cast.deputy,
        due_on=timezone.localdate() - timedelta(days=1),
    )
    record_referral(
        actor=cast.dsl,
        case=reviewed,
        expected_version=v(reviewed),
        agency=Agency.CSC,
        made_at=timezone.now() - timedelta(days=5),
        method=ReferralMethod.PHONE,
        shared="Facts",
    )
    return reviewed


def test_overdue_for_lists_the_teams_overdue_work_only(overdue_case, cast):
    items = overdue_for(cast.dsl)
    assert sorted(item.what for item in items) == ["Referral not acknowledged", "Support action"]
    assert overdue_for(cast.dsl2) == []
    assert overdue_for(cast.teacher) == []


def test_overdue_for_takes_the_same_queries_however_much_is_overdue(
    overdue_case, cast, django_assert_num_queries
):
    with django_assert_num_queries(6):  # memberships, then one per kind of overdue work
        overdue_for(cast.dsl)


def test_the_overdue_panel_links_each_item_to_its_case(overdue_case, cast):
    html = render_to_string("cases/overdue_panel.html", {"overdue": overdue_for(cast.dsl)})
    assert f"/cases/{overdue_case.pk}/" in html
    assert "2 things are overdue" in html
    assert render_to_string("cases/overdue_panel.html", {"overdue": []}).strip() == ""


def test_the_daily_digest_tells_each_dsl_once_a_day_without_details(overdue_case, cast, sent):
    working_day = next_working_day(timezone.localdate())
    assert send_overdue_digests(today=working_day) == 2
    assert sent.recipients(notifications.OVERDUE_DIGEST) == {cast.dsl.pk, cast.deputy.pk}
    assert all(alert["case"] is None for alert in sent.alerts)
    assert send_overdue_digests(today=working_day) == 0


def test_no_digest_goes_out_at_a_weekend_or_on_a_bank_holiday(overdue_case, sent):
    today = timezone.localdate()
    saturday = today + timedelta(days=(5 - today.weekday()) % 7 or 7)
    bank_holiday = min(day for day in bank_holidays_near(today) if day > today)
    assert send_overdue_digests(today=saturday) == 0
    assert send_overdue_digests(today=bank_holiday) == 0
    assert sent.alerts == []
    assert send_overdue_digests(today=next_working_day(bank_holiday)) == 2


def test_nothing_overdue_sends_nothing(reviewed, sent):
    assert send_overdue_digests() == 0
    assert sent.alerts == []


def test_the_digest_runs_daily_on_the_schedule():
    job = next(j for j in registered_jobs() if j.task is overdue_digest)
    assert job.interval == timedelta(days=1)


def test_alerts_reach_the_concerns_apps_inbox(case, cast, monkeypatch):
    """Without the capture: the real adapter writes the alerts app's Alert rows."""
    monkeypatch.undo()
    review(case, cast.dsl, risk={"immediate_danger": True})
    got = set(Alert.objects.filter(case_id=case.pk).values_list("recipient_id", "reason"))
    assert got == {(cast.deputy.pk, "new_criterion_met"), (cast.head.pk, "new_criterion_met")}


def test_an_alert_that_cannot_be_sent_fails_loudly_and_is_never_dropped(case, cast, monkeypatch):
    monkeypatch.undo()
    monkeypatch.delattr(alerts, "notify")
    with pytest.raises(AttributeError):
        notifications.send(recipients=[cast.head], school=cast.school, reason="x", case=case)


def test_the_digest_goes_to_the_dsls_and_deputies_only(cast):
    assert {p.pk for p in notifications.dsls_of(cast.school)} == {cast.dsl.pk, cast.deputy.pk}
