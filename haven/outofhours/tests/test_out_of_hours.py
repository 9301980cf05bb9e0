"""Out of hours through the real services: the school's calendar read from a real iCalendar file,
an INSET day that pauses escalation, and the on-call person alerted at a weekend for an urgent
public report (issue 13)."""

from datetime import date, datetime, time
from pathlib import Path
from unittest import mock
from zoneinfo import ZoneInfo

import pytest

from haven.alerts import escalation, outbox
from haven.alerts.models import Alert, AlertReason
from haven.audit.models import AuditEvent
from haven.concerns.services import record_public_report
from haven.concerns.tests.conftest import make_concern
from haven.outofhours import calendar_file, selectors, services
from haven.outofhours.calendar_file import Entry
from haven.outofhours.models import SchoolClosure

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
CALENDAR = Path(__file__).parent / "data" / "school-calendar.ics"


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=LONDON)  # 23 Nov 2026 is a Monday


def test_a_real_calendar_file_gives_its_holidays_and_inset_days_and_says_what_it_skipped():
    reading = calendar_file.read_calendar(CALENDAR.read_bytes())
    assert [(e.name, e.kind, e.starts_on, e.ends_on) for e in reading.closures] == [
        ("Autumn half term", "holiday", date(2026, 10, 26), date(2026, 10, 30)),
        ("INSET day - school closed to pupils", "inset", date(2026, 11, 24), date(2026, 11, 24)),
        ("Christmas holidays", "holiday", date(2026, 12, 21), date(2027, 1, 4)),
    ]
    skipped = dict(reading.skipped)
    assert skipped["Autumn term starts"] == "it does not say the school is closed"
    assert skipped["Year 9 parents' evening"] == "it does not say the school is closed"
    assert "repeats" in skipped["Closed for staff training (weekly)"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64, "picture, video or sound"),
        (b"Name,Date\nHalf term,26/10/2026\n", "not a calendar file"),
        (b"x" * (calendar_file.MAX_FILE_BYTES + 1), "smaller than 1 MB"),
    ],
)
def test_a_file_that_is_not_a_calendar_is_refused_in_words(data, message):
    with pytest.raises(calendar_file.NotACalendar, match=message):
        calendar_file.read_calendar(data)


def test_importing_is_audited_and_never_adds_the_same_closure_twice(cast):
    entries = calendar_file.read_calendar(CALENDAR.read_bytes()).closures
    assert len(services.import_closures(actor=cast.dsl, school=cast.school, entries=entries)) == 3
    again = services.import_closures(actor=cast.dsl, school=cast.school, entries=entries)
    assert again == []
    assert SchoolClosure.objects.filter(school=cast.school).count() == 3
    events = AuditEvent.objects.filter(action="outofhours.closures_imported").order_by("pk")
    assert [e.data for e in events] == [
        {"added": 3, "already_held": 0},
        {"added": 0, "already_held": 3},
    ]


def test_an_import_with_one_bad_entry_saves_none(cast):
    good = Entry("Half term", "holiday", date(2026, 10, 26), date(2026, 10, 30))
    bad = Entry("Typo", "holiday", date(2026, 1, 1), date(2026, 12, 31))
    with pytest.raises(services.OutOfHoursError, match="longer than any school holiday"):
        services.import_closures(actor=cast.dsl, school=cast.school, entries=[good, bad])
    assert not SchoolClosure.objects.exists()


def test_an_inset_day_pauses_escalation_like_a_weekend(cast):
    cast.school.school_day_starts, cast.school.school_day_ends = time(8), time(17)
    cast.school.save()
    services.import_closures(
        actor=cast.dsl,
        school=cast.school,
        entries=calendar_file.read_calendar(CALENDAR.read_bytes()).closures,
    )
    with mock.patch("django.utils.timezone.now", return_value=at(23, 16, 50)):
        make_concern(cast)  # Monday, ten minutes before the end of the day; Tuesday is INSET
        outbox.deliver_due()
    assert escalation.escalate_overdue(now=at(24, 16)) == 0  # the INSET day: paused
    assert escalation.escalate_overdue(now=at(25, 8, 19)) == 0  # Wednesday, 29 minutes in all
    assert escalation.escalate_overdue(now=at(25, 8, 20)) == 1


def test_without_the_inset_day_the_same_concern_escalates_on_it(cast):
    cast.school.school_day_starts, cast.school.school_day_ends = time(8), time(17)
    cast.school.save()
    with mock.patch("django.utils.timezone.now", return_value=at(23, 16, 50)):
        make_concern(cast)
        outbox.deliver_due()
    assert escalation.escalate_overdue(now=at(24, 8, 20)) == 1


def test_the_person_on_call_is_alerted_at_a_weekend_for_an_urgent_public_report(cast):
    services.add_shift(
        actor=cast.dsl,
        school=cast.school,
        person=cast.deputy,
        starts_at=at(27, 17),
        ends_at=at(30, 8),
    )
    with mock.patch("django.utils.timezone.now", return_value=at(28, 21, 30)):  # Saturday night
        receipt = record_public_report(
            school=cast.school,
            source="parent",
            narrative="My daughter is being told to send more pictures or else.",
            child_description="Year 9",
            anonymous=True,
            urgent=True,
        )
        outbox.deliver_due()
    on_call = Alert.objects.filter(reason=AlertReason.ON_CALL_URGENT)
    assert [a.recipient for a in on_call] == [cast.deputy]
    assert on_call.get().concern.reference == receipt.concern.reference
    # The whole team still has its usual alert.
    assert Alert.objects.filter(reason=AlertReason.NEW_CONCERN).count() == 3


def test_nobody_is_alerted_as_on_call_in_school_time_or_for_a_report_that_is_not_urgent(cast):
    services.add_shift(
        actor=cast.dsl,
        school=cast.school,
        person=cast.deputy,
        starts_at=at(23, 0),
        ends_at=at(30, 0),
    )
    with mock.patch("django.utils.timezone.now", return_value=at(24, 10)):  # Tuesday morning
        make_concern(cast, urgent=True)
        outbox.deliver_due()
    with mock.patch("django.utils.timezone.now", return_value=at(28, 21)):  # Saturday, not urgent
        make_concern(cast, urgent=False)
        outbox.deliver_due()
    assert not Alert.objects.filter(reason=AlertReason.ON_CALL_URGENT).exists()


def test_only_the_safeguarding_team_can_be_on_call(cast):
    with pytest.raises(services.OutOfHoursError, match="safeguarding team"):
        services.add_shift(
            actor=cast.dsl,
            school=cast.school,
            person=cast.teacher,
            starts_at=at(27, 17),
            ends_at=at(30, 8),
        )


def test_who_is_on_call_now_and_the_rota_leave_out_past_shifts(cast):
    services.add_shift(
        actor=cast.dsl, school=cast.school, person=cast.dsl, starts_at=at(20, 17), ends_at=at(23, 8)
    )
    services.add_shift(
        actor=cast.dsl,
        school=cast.school,
        person=cast.head,
        starts_at=at(27, 17),
        ends_at=at(30, 8),
    )
    assert selectors.on_call_now(cast.school, at(21, 12)) == [cast.dsl]
    assert list(selectors.shifts_of(cast.school, from_moment=at(25, 12))) == [
        s for s in cast.school.on_call_shifts.all() if s.person == cast.head
    ]
    assert AuditEvent.objects.filter(action="outofhours.shift_added").count() == 2


def test_the_dsl_reads_the_calendar_checks_it_and_saves_it_in_two_steps(cast):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from conftest import signed_in_client

    client = signed_in_client(cast.dsl)
    upload = SimpleUploadedFile("terms.ics", CALENDAR.read_bytes(), content_type="text/calendar")
    preview = client.post(
        reverse("outofhours:read_calendar", args=[cast.school.slug]), {"file": upload}
    )
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "INSET day - school closed to pupils" in page
    assert "Year 9 parents&#x27; evening: it does not say the school is closed" in page
    assert not SchoolClosure.objects.exists()  # nothing saved until the DSL says so
    posted = {"name": [], "kind": [], "starts_on": [], "ends_on": []}
    for entry in calendar_file.read_calendar(CALENDAR.read_bytes()).closures:
        posted["name"].append(entry.name)
        posted["kind"].append(entry.kind)
        posted["starts_on"].append(entry.starts_on.isoformat())
        posted["ends_on"].append(entry.ends_on.isoformat())
    saved = client.post(reverse("outofhours:save_calendar", args=[cast.school.slug]), posted)
    assert saved.status_code == 302
    assert SchoolClosure.objects.filter(school=cast.school).count() == 3


def test_a_picture_sent_as_the_calendar_is_refused_and_nothing_is_kept(cast):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from conftest import signed_in_client

    client = signed_in_client(cast.dsl)
    upload = SimpleUploadedFile("terms.ics", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    response = client.post(
        reverse("outofhours:read_calendar", args=[cast.school.slug]), {"file": upload}
    )
    assert response.status_code == 200
    assert "Haven never holds pictures" in response.content.decode()
    assert not SchoolClosure.objects.exists()


@pytest.mark.parametrize(
    ("moment", "closed"),
    [
        (at(28, 11), True),  # Saturday
        (at(24, 11), True),  # the INSET day, a Tuesday
        (at(25, 11), False),  # Wednesday in the school day
    ],
)
def test_a_family_sending_a_report_when_the_school_is_closed_is_given_numbers_that_answer_now(
    cast, moment, closed
):
    from django.test import Client

    services.add_closure(
        actor=cast.dsl,
        school=cast.school,
        entry=Entry("INSET day", "inset", date(2026, 11, 24), date(2026, 11, 24)),
    )
    cast.school.csc_front_door = "Elm Council children's services 0300 000 0000"
    cast.school.save()
    client = Client()
    with mock.patch("django.utils.timezone.now", return_value=moment):
        client.post(
            f"/s/{cast.school.slug}/let-us-know/",
            {
                "what_happened": "My son says a photo of him is being passed round Year 9.",
                "who": "Sam, Year 9",
                "name": "",
                "contact": "none",
                "website": "",
            },
        )
        page = client.get(f"/s/{cast.school.slug}/sent/").content.decode()
    assert ('data-testid="out-of-hours"' in page) is closed
    if closed:
        assert "Elm Council children&#x27;s services 0300 000 0000" in page
        assert "0800 1111" in page
        assert "Police, when it is not an emergency: 101" in page
