"""The team's pages: the inbox (live), a concern in full, acknowledging and triaging it."""

import pytest

from haven.alerts import outbox
from haven.alerts.models import Alert
from haven.audit.models import AuditEvent
from haven.cases.models import PupilRole
from haven.cases.services import PupilInCase, open_case
from haven.concerns.models import Concern, ConcernStatus
from haven.concerns.services import record_public_report
from haven.concerns.tests.conftest import make_concern, queries_for

INBOX = "/concerns/inbox/"
TEAM = ["dsl", "deputy", "head"]


@pytest.mark.parametrize("who", TEAM)
def test_the_team_sees_the_schools_concerns_in_the_inbox(cast, client_for, who):
    concern = make_concern(cast)
    page = client_for(getattr(cast, who)).get(INBOX).text
    assert concern.reference in page
    assert "Lex Morgan" in page
    assert "Tim Teacher" in page


@pytest.mark.parametrize("who", ["teacher", "other_teacher", "office", "trust_lead"])
def test_nobody_outside_a_safeguarding_team_has_an_inbox(cast, client_for, who):
    assert client_for(getattr(cast, who)).get(INBOX).status_code == 404


def test_another_schools_dsl_sees_none_of_this_schools_concerns(cast, client_for):
    concern = make_concern(cast)
    client = client_for(cast.dsl2)
    assert concern.reference not in client.get(INBOX).text
    assert client.get(f"/concerns/{concern.pk}/").status_code == 404
    assert client.post(f"/concerns/{concern.pk}/acknowledge/").status_code == 404


def test_the_inbox_puts_untriaged_then_urgent_then_newest_first(cast, client_for):
    older = make_concern(cast)
    urgent = make_concern(cast, urgent=True)
    newest = make_concern(cast)
    done = make_concern(cast)
    client = client_for(cast.dsl)
    client.post(f"/concerns/{done.pk}/no-further-action/", {"reason": "Resolved"})
    page = client.get(INBOX).text
    order = [page.index(c.reference) for c in (urgent, newest, older, done)]
    assert order == sorted(order)


def test_the_inbox_filters_by_status_and_by_pupil(cast, client_for):
    about_lex = make_concern(cast, pupils=[(cast.pupil, PupilRole.PICTURED)])
    about_sam = make_concern(cast, pupils=[(cast.pupil2, PupilRole.SENDER)])
    client = client_for(cast.dsl)
    client.post(f"/concerns/{about_sam.pk}/acknowledge/")
    acknowledged = client.get(INBOX, {"status": "acknowledged"}).text
    assert about_sam.reference in acknowledged
    assert about_lex.reference not in acknowledged
    by_pupil = client.get(INBOX, {"pupil": str(cast.pupil.pk)}).text
    assert about_lex.reference in by_pupil
    assert about_sam.reference not in by_pupil


def test_the_pupil_filter_keeps_names_out_of_every_url(cast, client_for):
    """Names in a URL land in access logs, and the poll repeats its URL every 5 seconds."""
    make_concern(cast, pupils=[(cast.pupil, PupilRole.PICTURED)])
    client = client_for(cast.dsl)
    page = client.get(INBOX, {"pupil": str(cast.pupil.pk)})
    assert f'<option value="{cast.pupil.pk}" selected>Lex Morgan' in page.text
    assert page.context["poll_url"].count(str(cast.pupil.pk)) == 1
    typed = client.get(INBOX, {"pupil": "lex morgan"})
    assert "Choose a pupil from the list." in typed.text
    assert "lex" not in typed.context["poll_url"].lower()
    assert "lex" not in typed.context["query"].lower()


def test_the_pupil_filter_offers_the_pupils_with_open_concerns_only(cast, client_for):
    open_one = make_concern(cast, pupils=[(cast.pupil, PupilRole.PICTURED)])
    done = make_concern(cast, pupils=[(cast.pupil2, PupilRole.SENDER)])
    client = client_for(cast.dsl)
    client.post(f"/concerns/{done.pk}/no-further-action/", {"reason": "Resolved"})
    make_concern(
        cast, by=cast.teacher2, school=cast.school2, pupils=[(cast.pupil_at_school2, "sender")]
    )
    page = client.get(INBOX)
    choices = page.context["filters"]["pupil"].field.widget.choices
    assert [label for _value, label in choices] == ["All pupils", "Lex Morgan (Year 9)"]
    assert open_one.reference in page.text


def test_the_inbox_takes_the_same_queries_however_many_concerns_and_pupils(cast, client_for):
    client = client_for(cast.dsl)
    make_concern(cast)
    outbox.deliver_due()
    few = queries_for(lambda: client.get(INBOX))
    for n in range(6):
        make_concern(
            cast, pupils=[(cast.pupil, "sender"), (cast.pupil2, "recipient")], urgent=n % 2
        )
        record_public_report(
            school=cast.school, source="parent", narrative="x", child_description="", anonymous=True
        )
    outbox.deliver_due()
    assert queries_for(lambda: client.get(INBOX)) == few
    poll = {"HTTP_HX_REQUEST": "true"}
    assert queries_for(lambda: client.get(INBOX, **poll)) <= few


def test_a_poll_with_nothing_new_changes_nothing_and_a_new_concern_arrives(cast, client_for):
    client = client_for(cast.dsl)
    first = client.get(INBOX)
    poll_url = first.context["poll_url"]
    htmx = {"HTTP_HX_REQUEST": "true"}
    assert client.get(poll_url, **htmx).status_code == 204
    concern = make_concern(cast)
    outbox.deliver_due()
    arrived = client.get(poll_url, **htmx)
    assert arrived.status_code == 200
    assert concern.reference in arrived.text
    assert 'hx-swap-oob="true"' in arrived.text
    assert "<html" not in arrived.text
    assert AuditEvent.objects.filter(action="concerns.inbox_viewed").count() == 1
    assert AuditEvent.objects.filter(action="concerns.inbox_refreshed").count() == 1


def test_a_poll_that_draws_concerns_is_audited_and_an_unchanged_one_is_not(cast, client_for):
    make_concern(cast, pupils=[(cast.pupil, PupilRole.PICTURED)])
    outbox.deliver_due()
    client = client_for(cast.deputy)
    htmx = {"HTTP_HX_REQUEST": "true"}
    poll_url = client.get(INBOX, {"pupil": str(cast.pupil.pk)}).context["poll_url"]
    before = AuditEvent.objects.count()
    assert client.get(poll_url, **htmx).status_code == 204
    assert AuditEvent.objects.count() == before
    drawn = client.get(INBOX, {"pupil": str(cast.pupil.pk)}, **htmx)
    assert "Lex Morgan" in drawn.text
    event = AuditEvent.objects.get(action="concerns.inbox_refreshed")
    assert event.actor == cast.deputy
    assert event.pupil_id == cast.pupil.pk
    assert event.school_id == cast.school.pk
    assert event.data == {"pupil": str(cast.pupil.pk), "page": 1}


def test_the_inbox_page_records_its_filters_as_codes_and_ids(cast, client_for):
    make_concern(cast, pupils=[(cast.pupil, PupilRole.PICTURED)])
    client_for(cast.dsl).get(INBOX, {"status": "open", "pupil": str(cast.pupil.pk)})
    event = AuditEvent.objects.get(action="concerns.inbox_viewed")
    assert event.data == {"status": "open", "pupil": str(cast.pupil.pk), "page": 1}
    assert event.pupil_id == cast.pupil.pk


def test_the_alert_badge_counts_what_waits_for_me(cast, client_for):
    make_concern(cast)
    outbox.deliver_due()
    client = client_for(cast.deputy)
    badge = client.get("/concerns/alerts/badge/")
    assert "1 new" in badge.text
    assert client.get("/concerns/alerts/badge/?shown=1", HTTP_HX_REQUEST="true").status_code == 204
    assert "new" not in client_for(cast.teacher).get("/concerns/alerts/badge/").text


def test_viewing_a_concern_is_audited_and_shows_everything_to_the_team(cast, client_for):
    concern = make_concern(cast, narrative="Full words", actions_detail="Phone in the office safe")
    outbox.deliver_due()
    page = client_for(cast.dsl).get(f"/concerns/{concern.pk}/").text
    for text in ("Full words", "Phone in the office safe", "Tim Teacher", "Acknowledge", "Triage"):
        assert text in page
    assert f"/pupils/{cast.pupil.pk}/" in page
    assert AuditEvent.objects.filter(action="concerns.concern_viewed", actor=cast.dsl).exists()


def test_a_concern_takes_the_same_queries_however_much_is_on_it(cast, client_for):
    client = client_for(cast.dsl)
    concern = make_concern(cast)
    few = queries_for(lambda: client.get(f"/concerns/{concern.pk}/"))
    busy = make_concern(cast, pupils=[(cast.pupil, "sender"), (cast.pupil2, "recipient")])
    outbox.deliver_due()
    for n in range(4):
        client.post(f"/concerns/{busy.pk}/add/", {"text": f"more {n}"})
    open_case(
        actor=cast.dsl,
        school=cast.school,
        title="Same",
        pupils=[PupilInCase(cast.pupil, PupilRole.PICTURED)],
    )
    assert queries_for(lambda: client.get(f"/concerns/{busy.pk}/")) == few


def test_acknowledging_is_a_post_and_stops_the_alerts(cast, client_for):
    concern = make_concern(cast)
    outbox.deliver_due()
    client = client_for(cast.head)
    assert client.get(f"/concerns/{concern.pk}/acknowledge/").status_code == 405
    response = client.post(f"/concerns/{concern.pk}/acknowledge/")
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.ACKNOWLEDGED
    assert concern.acknowledged_by == cast.head
    assert not Alert.objects.filter(acknowledged_at__isnull=True).exists()


def test_the_reporter_cannot_triage_their_own_concern(cast, client_for):
    concern = make_concern(cast)
    client = client_for(cast.teacher)
    for action in ("acknowledge", "open-case", "add-to-case", "no-further-action", "link-pupil"):
        assert client.post(f"/concerns/{concern.pk}/{action}/").status_code == 404


def test_the_dsl_opens_a_case_from_the_concern(cast, client_for):
    concern = make_concern(cast, pupils=[(cast.pupil, "pictured"), (cast.pupil2, "sharer")])
    client = client_for(cast.dsl)
    assert "Acknowledge and open a case" in client.get(f"/concerns/{concern.pk}/").text
    response = client.post(f"/concerns/{concern.pk}/open-case/", {"title": "Photo shared"})
    concern.refresh_from_db()
    # One action acknowledges the concern, opens the case and goes to it, where the work goes on.
    assert response.status_code == 302
    assert response.url == f"/cases/{concern.case.pk}/"
    assert concern.status == "in_case"
    assert concern.acknowledged_by == cast.dsl
    assert concern.case.title == "Photo shared"
    assert set(concern.case.pupils.all()) == {cast.pupil, cast.pupil2}
    page = client.get(f"/concerns/{concern.pk}/").text
    assert concern.case.reference in page


def test_an_open_case_sharing_a_pupil_is_suggested_and_the_concern_can_join_it(cast, client_for):
    case = open_case(
        actor=cast.dsl,
        school=cast.school,
        title="Earlier incident",
        pupils=[PupilInCase(cast.pupil, PupilRole.PICTURED)],
    )
    unrelated = open_case(
        actor=cast.dsl,
        school=cast.school,
        title="Unrelated",
        pupils=[PupilInCase(cast.pupil2, PupilRole.PICTURED)],
    )
    concern = make_concern(cast, pupils=[(cast.pupil, "recipient")])
    client = client_for(cast.deputy)
    page = client.get(f"/concerns/{concern.pk}/").text
    assert "Earlier incident" in page
    assert "Unrelated" not in page
    joined = client.post(f"/concerns/{concern.pk}/add-to-case/", {"case": str(case.pk)})
    assert joined.url == f"/cases/{case.pk}/"
    concern.refresh_from_db()
    assert concern.case == case
    assert concern.acknowledged_by == cast.deputy
    other = make_concern(cast)
    client.post(f"/concerns/{other.pk}/add-to-case/", {"reference": unrelated.reference.lower()})
    other.refresh_from_db()
    assert other.case == unrelated


def test_triage_problems_are_shown_on_the_concern_page(cast, client_for):
    concern = make_concern(cast)
    client = client_for(cast.dsl)
    nfa = client.post(f"/concerns/{concern.pk}/no-further-action/", {"reason": ""})
    assert nfa.status_code == 200
    assert "Say why no further action is needed." in nfa.text
    missing = client.post(f"/concerns/{concern.pk}/add-to-case/", {"reference": "C-NOPE22"})
    assert "Choose an open case" in missing.text
    Concern.objects.filter(pk=concern.pk).update(status="in_case")
    again = client.post(f"/concerns/{concern.pk}/open-case/", {"title": "Again"})
    assert "already been triaged" in again.text


def test_a_concern_drawn_again_after_a_refused_step_is_audited_as_seen(cast, client_for):
    concern = make_concern(cast, narrative="Everything they said")
    client = client_for(cast.deputy)
    refused = client.post(f"/concerns/{concern.pk}/no-further-action/", {"reason": ""})
    assert "Everything they said" in refused.text
    event = AuditEvent.objects.get(action="concerns.concern_viewed")
    assert event.actor == cast.deputy
    assert event.object_id == str(concern.pk)
    assert event.school_id == cast.school.pk
    assert event.data == {"section": "no_further_action", "posted": True}


def test_a_concern_opened_by_the_team_is_audited_once(cast, client_for):
    concern = make_concern(cast)
    client_for(cast.dsl).get(f"/concerns/{concern.pk}/")
    assert AuditEvent.objects.filter(action="concerns.concern_viewed").count() == 1


def test_every_poll_in_the_team_pages_is_sent_as_a_background_request():
    """A page polls by itself: if that counted as activity, an open page would never time out."""
    import re
    from pathlib import Path

    templates = Path(__file__).resolve().parents[1] / "templates"
    polls = [
        (path.name, tag)
        for path in templates.rglob("*.html")
        for tag in re.findall(r"<[^>]*hx-trigger=\"[^\"]*every [^>]*>", path.read_text())
    ]
    assert len(polls) >= 2, "the inbox and the alert badge poll"
    for name, tag in polls:
        assert '"X-Haven-Background": "1"' in tag, name


def test_the_team_matches_a_parents_report_to_a_pupil_and_replies(cast, client_for):
    report = record_public_report(
        school=cast.school,
        source="parent",
        narrative="My son Lex was sent something.",
        child_description="Year 9, Lex",
        contact_name="Pat",
        contact_method="phone",
        contact_detail="07700 900123",
        anonymous=False,
    )
    client = client_for(cast.dsl)
    page = client.get(f"/concerns/{report.concern.pk}/", {"find": "lex"}).text
    assert "From a parent or carer" in page
    assert "07700 900123" in page
    assert f'name="pupil" value="{cast.pupil.pk}"' in page
    client.post(
        f"/concerns/{report.concern.pk}/link-pupil/",
        {"pupil": str(cast.pupil.pk), "role": "recipient"},
    )
    assert list(report.concern.pupils.all()) == [cast.pupil]
    client.post(
        f"/concerns/{report.concern.pk}/reply/", {"text": "Thank you, we are looking into it."}
    )
    assert report.concern.public_replies.get().text == "Thank you, we are looking into it."


def test_an_attachment_is_downloaded_only_by_the_team_and_it_is_audited(cast, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from haven.concerns.tests.test_views_recording import form_data

    data = form_data(cast)
    data["attachments"] = SimpleUploadedFile("Lex statement.txt", b"Statement words", "text/plain")
    client_for(cast.teacher).post("/concerns/new/", data)
    concern = Concern.objects.get()
    attachment = concern.attachments.get()
    url = f"/concerns/{concern.pk}/attachments/{attachment.pk}/"
    response = client_for(cast.dsl).get(url)
    assert response.content == b"Statement words"
    assert response["Content-Disposition"] == f'attachment; filename="{concern.reference}-1.txt"'
    assert response["Content-Type"].startswith("text/plain")
    assert AuditEvent.objects.filter(action="concerns.attachment_downloaded").count() == 1
    assert client_for(cast.teacher).get(url).status_code == 404
    assert client_for(cast.dsl2).get(url).status_code == 404


def test_an_alert_about_a_case_is_dismissed_by_its_recipient_only(cast, client_for):
    from haven.alerts.services import notify

    notify(recipients=[cast.head], school=cast.school, reason="A case needs your agreement.")
    alert = Alert.objects.get()
    assert client_for(cast.dsl).post(f"/concerns/alerts/{alert.pk}/done/").status_code == 404
    response = client_for(cast.head).post(f"/concerns/alerts/{alert.pk}/done/")
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.acknowledged_at is not None


def render_nav(user) -> str:
    from django.template import Context, Template

    return Template("{% load concerns_nav %}<ul>{% concerns_nav %}</ul>").render(
        Context({"user": user})
    )


def test_the_header_leads_staff_to_the_form_and_the_team_to_its_inbox(cast):
    make_concern(cast)
    outbox.deliver_due()
    for person in (cast.teacher, cast.dsl, cast.office):
        person.is_verified = lambda: True
    teacher, dsl, office = render_nav(cast.teacher), render_nav(cast.dsl), render_nav(cast.office)
    assert 'href="/concerns/new/"' in teacher
    assert "/concerns/inbox/" not in teacher
    assert "/concerns/inbox/" in dsl
    assert "1 new" in dsl
    assert "/concerns/" not in office


def test_the_header_shows_nothing_before_the_second_factor(cast):
    assert "/concerns/" not in render_nav(cast.teacher)
