"""Reports from parents and pupils: sent without signing in, reaching the DSL, read back with the
reference and secret code, and slowed (never lost) when one address floods the school."""

import re
import uuid
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from haven.alerts.models import OutboxMessage
from haven.audit.models import AuditEvent
from haven.concerns.models import Concern, PublicReport
from haven.concerns.services import forget_held_receipt_codes, reply_to_public_report
from haven.concerns.services.public import RECEIPT_HOLD
from haven.public import reports
from haven.public.forms import MAX_REPORT_CHARS
from haven.public.models import RateLimitBucket
from haven.public.ratelimit import report_limit_per_address

PARENT = {
    "what_happened": "My son says a photo of him is being passed round Year 9.",
    "who": "Sam, Year 9",
    "name": "Pat Parent",
    "contact": "phone",
    "contact_detail": "07700 900 982",
    "safe_times": "After 5pm",
    "website": "",
}
PUPIL = {
    "what_happened": "Someone is asking me for pictures and says they will post the old one.",
    "who": "Me",
    "name": "",
    "contact": "none",
    "website": "",
}


def send(client, school, path, data):
    return client.post(f"/s/{school.slug}/{path}/", data)


def receipt_from(client, school):
    page = client.get(f"/s/{school.slug}/sent/").content.decode()
    reference = re.search(r'data-testid="reference">([^<]+)<', page).group(1)
    code = re.search(r'data-testid="secret-code">([^<]+)<', page).group(1)
    return reference, code


def test_a_parent_tells_the_school_and_the_concern_reaches_the_dsl(cast):
    client = Client()
    response = send(client, cast.school, "let-us-know", PARENT)
    assert response.status_code == 302
    assert response.url == f"/s/{cast.school.slug}/sent/"
    reference, code = receipt_from(client, cast.school)
    concern = Concern.objects.get(reference=reference)
    assert concern.school == cast.school
    assert concern.source == "parent"
    assert concern.narrative == PARENT["what_happened"]
    report = concern.public_report
    assert report.anonymous is False
    assert report.contact_name == "Pat Parent"
    assert report.contact_method == "phone"
    assert report.contact_detail == "07700 900 982 (to contact safely: After 5pm)"
    assert report.child_description == "Sam, Year 9"
    assert AuditEvent.objects.filter(
        action="concerns.public_report_received", object_id=str(concern.pk)
    ).exists()
    assert len(code) >= 12


def test_a_pupil_asks_for_help_anonymously(cast):
    client = Client()
    send(client, cast.school, "i-need-help", PUPIL)
    reference, _ = receipt_from(client, cast.school)
    concern = Concern.objects.get(reference=reference)
    assert concern.source == "pupil"
    assert concern.public_report.anonymous is True
    assert concern.public_report.contact_name == ""


def test_the_reference_and_code_are_shown_only_once(cast):
    client = Client()
    send(client, cast.school, "let-us-know", PARENT)
    receipt_from(client, cast.school)
    again = client.get(f"/s/{cast.school.slug}/sent/").content.decode()
    assert "already been shown" in again
    assert 'data-testid="secret-code"' not in again


def test_the_report_forms_have_no_file_input_and_say_why(cast):
    for path in ("let-us-know", "i-need-help"):
        page = Client().get(f"/s/{cast.school.slug}/{path}/").content.decode()
        assert 'type="file"' not in page
        assert "enctype" not in page
        assert "Never send the picture" in page


def test_the_robot_trap_is_hidden_from_people_and_screen_readers(cast):
    page = Client().get(f"/s/{cast.school.slug}/let-us-know/").content.decode()
    trap = page[page.index('<div class="govuk-visually-hidden" aria-hidden="true">') :]
    trap = trap[: trap.index("</div>")]
    assert "Leave this box empty" in trap
    assert 'tabindex="-1"' in trap
    assert 'autocomplete="off"' in trap


def test_a_filled_trap_saves_nothing_and_keeps_what_was_typed(cast):
    response = send(Client(), cast.school, "let-us-know", PARENT | {"website": "x"})
    assert response.status_code == 200
    assert Concern.objects.count() == 0
    page = response.content.decode()
    assert "Something went wrong" in page
    assert PARENT["what_happened"] in page
    assert 'name="website" value=""' in page


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"what_happened": ""}, "what_happened", "Tell us what happened"),
        ({"contact": ""}, "contact", "Choose how we can contact you"),
        ({"contact_detail": "call me"}, "contact_detail", "Enter a phone number, like 07700"),
        ({"contact_detail": ""}, "contact_detail", "Enter a phone number, like 07700"),
        (
            {"contact": "email", "contact_detail": "not-an-address"},
            "contact_detail",
            "Enter an e-mail address in the right format",
        ),
        ({"name": "x" * 101}, "name", "This must be 100 characters or fewer. You have typed 101"),
    ],
)
def test_errors_are_specific_and_keep_what_was_typed(cast, change, field, message):
    response = send(Client(), cast.school, "let-us-know", PARENT | change)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert f'href="#id_{field}"' in page
    assert "Sam, Year 9" in page
    assert Concern.objects.count() == 0


def test_a_parent_can_ask_for_a_call_back_without_giving_their_name(cast, client_for):
    form = Client().get(f"/s/{cast.school.slug}/let-us-know/").content.decode()
    assert "your name is not needed" in form
    response = send(Client(), cast.school, "let-us-know", PARENT | {"name": ""})
    assert response.status_code == 302
    details = Concern.objects.get().public_report
    assert not details.anonymous
    assert details.contact_name == ""
    assert details.contact_detail.startswith("07700 900 982")
    # ...which only the safeguarding team sees.
    concern = Concern.objects.get()
    assert "07700 900 982" in client_for(cast.dsl).get(f"/concerns/{concern.pk}/").text
    assert client_for(cast.teacher).get(f"/concerns/{concern.pk}/").status_code == 404


def test_a_pupil_asking_to_be_found_in_school_is_asked_for_their_name_before_anything_is_lost(
    cast,
):
    form = Client().get(f"/s/{cast.school.slug}/i-need-help/").content.decode()
    assert "To talk to you in school we need your name" in form
    response = send(Client(), cast.school, "i-need-help", PUPIL | {"contact": "in_school"})
    page = response.content.decode()
    assert "To talk to you in school, we need your name and form" in page
    assert PUPIL["what_happened"] in page
    assert Concern.objects.count() == 0
    by_text = PUPIL | {"contact": "phone", "contact_detail": "07700 900 123"}
    assert send(Client(), cast.school, "i-need-help", by_text).status_code == 302
    assert Concern.objects.get().public_report.contact_detail.startswith("07700 900 123")


def test_too_much_text_gets_a_clear_error_and_nothing_is_cut(cast):
    long_text = "a" * (MAX_REPORT_CHARS + 12)
    response = send(Client(), cast.school, "let-us-know", PARENT | {"what_happened": long_text})
    page = response.content.decode()
    assert "must be 5,000 characters or fewer. You have typed 5,012" in page
    assert long_text in page
    assert Concern.objects.count() == 0


def test_what_a_sender_types_is_never_run_as_script(cast):
    payload = "<script>alert('x')</script>"
    response = send(
        Client(), cast.school, "let-us-know", PARENT | {"who": payload, "what_happened": ""}
    )
    page = response.content.decode()
    assert payload not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page


def test_reports_need_the_csrf_token(cast):
    client = Client(enforce_csrf_checks=True)
    assert send(client, cast.school, "let-us-know", PARENT).status_code == 403
    assert Concern.objects.count() == 0


def test_a_flood_from_one_address_is_slowed_without_losing_the_first_reports(cast, settings):
    settings.HAVEN_PUBLIC_REPORTS_PER_ADDRESS_PER_HOUR = 3
    client = Client()
    accepted = [send(client, cast.school, "let-us-know", PARENT).status_code for _ in range(3)]
    assert accepted == [302, 302, 302]
    assert Concern.objects.filter(source="parent").count() == 3
    slowed = send(client, cast.school, "let-us-know", PARENT | {"what_happened": "Fourth one"})
    assert slowed.status_code == 429
    assert int(slowed["Retry-After"]) > 0
    page = slowed.content.decode()
    assert "Fourth one" in page
    assert "Please send it again after" in page
    assert "0800 1111" in page
    assert "999" in page
    assert Concern.objects.count() == 3
    other_address = Client(REMOTE_ADDR="192.0.2.55")
    assert send(other_address, cast.school, "let-us-know", PARENT).status_code == 302


def test_behind_a_proxy_a_flood_from_one_sender_never_slows_another(cast, settings):
    settings.HAVEN_CLIENT_IP_HEADERS = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    settings.HAVEN_PUBLIC_REPORTS_PER_ADDRESS_PER_HOUR = 2
    # Every request comes from the proxy; it appends the sender's address to what they wrote.
    flooder = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.66")
    answers = [send(flooder, cast.school, "let-us-know", PARENT).status_code for _ in range(3)]
    assert answers == [302, 302, 429]
    parent = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert send(parent, cast.school, "let-us-know", PARENT).status_code == 302


def test_the_per_school_limit_is_separate_and_high(cast):
    assert report_limit_per_address().per_window >= 10
    send(Client(), cast.school, "let-us-know", PARENT)
    keys = set(RateLimitBucket.objects.values_list("key", flat=True))
    assert {k.split(":")[0] for k in keys} == {"report-address", "report-school"}
    assert not any("127.0.0.1" in k for k in keys)  # addresses are kept only as digests


def test_the_sender_reads_the_schools_reply_and_adds_more(cast):
    client = Client()
    send(client, cast.school, "let-us-know", PARENT)
    reference, code = receipt_from(client, cast.school)
    concern = Concern.objects.get(reference=reference)
    reply_to_public_report(actor=cast.dsl, concern=concern, text="Thank you. We will call today.")
    reader = Client()
    response = reader.post(
        f"/s/{cast.school.slug}/check/", {"reference": reference.lower(), "secret_code": code}
    )
    assert response.url == f"/s/{cast.school.slug}/check/your-report/"
    page = reader.get(response.url).content.decode()
    assert "Thank you. We will call today." in page
    assert "Being looked at" in page
    assert "will read it soon" not in page
    assert PARENT["what_happened"] not in page  # status and replies only
    added = reader.post(f"/s/{cast.school.slug}/check/add/", {"text": "It is on two apps now."})
    assert added.status_code == 302
    assert concern.additions.get().text == "It is on two apps now."
    reader.post(f"/s/{cast.school.slug}/check/finish/")
    assert reader.get(f"/s/{cast.school.slug}/check/your-report/").status_code == 302


def test_a_wrong_code_or_another_schools_page_finds_nothing(cast):
    client = Client()
    send(client, cast.school, "let-us-know", PARENT)
    reference, code = receipt_from(client, cast.school)
    wrong = Client().post(
        f"/s/{cast.school.slug}/check/", {"reference": reference, "secret_code": "AAAA-BBBB-CCCC"}
    )
    assert "We could not find a report" in wrong.content.decode()
    elsewhere = Client().post(
        f"/s/{cast.school2.slug}/check/", {"reference": reference, "secret_code": code}
    )
    assert elsewhere.status_code == 200
    assert "We could not find a report" in elsewhere.content.decode()


def test_guessing_codes_is_slowed(cast, settings):
    settings.HAVEN_PUBLIC_CHECK_FAILURES_PER_ADDRESS_PER_HOUR = 2
    client = Client()
    guess = {"reference": "HV-AAAAAA", "secret_code": "AAAA-BBBB-CCCC"}
    statuses = [client.post(f"/s/{cast.school.slug}/check/", guess).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_the_check_report_page_reads_a_fixed_number_of_queries(cast, django_assert_num_queries):
    client = Client()
    send(client, cast.school, "let-us-know", PARENT)
    reference, code = receipt_from(client, cast.school)
    concern = Concern.objects.get(reference=reference)
    client.post(f"/s/{cast.school.slug}/check/", {"reference": reference, "secret_code": code})
    page = f"/s/{cast.school.slug}/check/your-report/"
    client.get(page)
    with django_assert_num_queries(queries := count_queries(client, page)):
        client.get(page)
    for n in range(5):
        reply_to_public_report(actor=cast.dsl, concern=concern, text=f"Reply {n}")
    with django_assert_num_queries(queries):
        client.get(page)


def count_queries(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    return len(captured.captured_queries)


def test_the_session_never_holds_the_secret_code_in_plain_text(cast):
    client = Client()
    send(client, cast.school, "let-us-know", PARENT)
    stored = str(dict(client.session))
    reference, code = receipt_from(client, cast.school)
    assert reference in stored
    assert code not in stored
    client.post(f"/s/{cast.school.slug}/check/", {"reference": reference, "secret_code": code})
    assert code not in str(dict(client.session))
    assert code.replace("-", "") not in str(dict(client.session))


def loaded_form(client, school, path):
    """GET the form as a browser does, and return the one-report id it carries."""
    page = client.get(f"/s/{school.slug}/{path}/").content.decode()
    return re.search(r'name="submission_id" value="([0-9a-f-]{36})"', page).group(1)


@pytest.mark.parametrize(
    ("path", "answers", "source"),
    [("let-us-know", PARENT, "parent"), ("i-need-help", PUPIL, "pupil")],
)
def test_a_double_post_sends_one_report_and_shows_its_reference_and_code(
    cast, path, answers, source
):
    client = Client()
    answers = answers | {"submission_id": loaded_form(client, cast.school, path)}
    first = send(client, cast.school, path, answers)
    second = send(client, cast.school, path, answers)  # the browser shows only this answer
    assert first.status_code == second.status_code == 302
    assert second.url == f"/s/{cast.school.slug}/sent/"
    concern = Concern.objects.get(source=source)
    reference, code = receipt_from(client, cast.school)
    assert reference == concern.reference
    assert reports.find_report(school=cast.school, reference=reference, secret_code=code)
    received = AuditEvent.objects.filter(action="concerns.public_report_received")
    assert received.count() == 1
    assert OutboxMessage.objects.filter(concern=concern).count() == 1


@pytest.mark.parametrize(("path", "answers"), [("let-us-know", PARENT), ("i-need-help", PUPIL)])
def test_a_resend_after_the_receipt_was_shown_shows_the_reference_but_never_the_code_again(
    cast, path, answers
):
    client = Client()
    answers = answers | {"submission_id": loaded_form(client, cast.school, path)}
    send(client, cast.school, path, answers)
    reference, _ = receipt_from(client, cast.school)
    assert send(client, cast.school, path, answers).status_code == 302
    page = client.get(f"/s/{cast.school.slug}/sent/").content.decode()
    assert f'data-testid="reference">{reference}<' in page
    assert 'data-testid="secret-code"' not in page
    assert "You had already sent this report" in page
    assert Concern.objects.count() == 1


def test_each_load_of_the_form_sends_its_own_report(cast):
    client = Client()
    for _ in range(2):
        answers = PARENT | {"submission_id": loaded_form(client, cast.school, "let-us-know")}
        send(client, cast.school, "let-us-know", answers)
    assert Concern.objects.filter(source="parent").count() == 2


def test_a_resend_is_not_counted_against_the_senders_limit(cast, settings):
    settings.HAVEN_PUBLIC_REPORTS_PER_ADDRESS_PER_HOUR = 1
    client = Client()
    answers = PARENT | {"submission_id": loaded_form(client, cast.school, "let-us-know")}
    assert [send(client, cast.school, "let-us-know", answers).status_code for _ in range(3)] == [
        302,
        302,
        302,
    ]


def test_a_form_with_errors_keeps_its_id_so_the_corrected_send_is_still_one_report(cast):
    client = Client()
    submission = loaded_form(client, cast.school, "let-us-know")
    wrong = send(
        client, cast.school, "let-us-know", PARENT | {"submission_id": submission, "contact": ""}
    )
    assert f'name="submission_id" value="{submission}"' in wrong.content.decode()
    for _ in range(2):
        send(client, cast.school, "let-us-know", PARENT | {"submission_id": submission})
    assert Concern.objects.count() == 1


def test_the_same_id_at_another_school_is_another_report(cast):
    client = Client()
    submission = loaded_form(client, cast.school, "let-us-know")
    send(client, cast.school, "let-us-know", PARENT | {"submission_id": submission})
    send(client, cast.school2, "let-us-know", PARENT | {"submission_id": submission})
    assert Concern.objects.filter(school=cast.school2).count() == 1
    assert Concern.objects.filter(school=cast.school).count() == 1


def test_the_code_is_held_only_until_the_receipt_is_shown_and_never_for_long(cast):
    held = PublicReport.objects.filter(receipt_code__isnull=False)
    client = Client()
    send(client, cast.school, "let-us-know", PARENT | {"submission_id": str(uuid.uuid4())})
    assert held.count() == 1
    receipt_from(client, cast.school)
    assert held.count() == 0
    send(Client(), cast.school, "let-us-know", PARENT | {"submission_id": str(uuid.uuid4())})
    assert forget_held_receipt_codes() == 0
    later = timezone.now() + RECEIPT_HOLD + timedelta(seconds=1)
    assert forget_held_receipt_codes(now=later) == 1
    assert held.count() == 0


def test_a_form_from_before_the_id_still_sends(cast):
    assert send(Client(), cast.school, "let-us-know", PARENT | {"submission_id": "x"}).status_code
    assert Concern.objects.count() == 1
    assert not PublicReport.objects.filter(receipt_code__isnull=False).exists()
