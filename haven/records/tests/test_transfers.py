"""Transfers to the next school, as the DSL does them on the pages: the deadline in school days,
what was sent and when, confirmation of receipt, chasing, the call to the new DSL for a file with
a case still open; and the one-use links for a school without Haven."""

from datetime import date, timedelta
from io import BytesIO

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from haven.audit.models import AuditEvent
from haven.concerns.services import open_case_from_concern
from haven.outofhours import services as outofhours
from haven.outofhours.calendar_file import Entry
from haven.records import transfers
from haven.records.models import SentHow, Transfer, TransferLink, TransferStatus
from tests.access_world import _case_records, _staff_concern

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def checkpoint_dir(settings, tmp_path):
    settings.HAVEN_AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"


def open_case(cast):
    concern, _ = _staff_concern(cast)
    case = open_case_from_concern(actor=cast.dsl, concern=concern, title="Image shared on a bus")
    _case_records(cast, case)
    return case


def start(cast, **extra):
    values = {
        "actor": cast.dsl,
        "pupil": cast.pupil,
        "to_school": "Oak School",
        "leaves_on": date(2026, 12, 4),
        "in_year": False,
    }
    return transfers.start_transfer(**(values | extra))


def actions():
    return list(AuditEvent.objects.values_list("action", flat=True))


def test_the_deadline_counts_the_schools_closed_days(cast):
    outofhours.add_closure(
        actor=cast.dsl,
        school=cast.school,
        entry=Entry("INSET", "inset", date(2026, 12, 7), date(2026, 12, 8)),
    )
    t = start(cast)
    # Friday 4th: Monday 7th and Tuesday 8th closed, so Wed 9 .. Tue 15 are the five school days.
    assert t.due_on == date(2026, 12, 15)
    assert "records.transfer_started" in actions()


def test_the_dsl_starts_a_transfer_and_is_warned_of_an_open_case_and_records_the_call(
    cast, client_for
):
    open_case(cast)
    client = client_for(cast.dsl)
    form = client.get(reverse("records:transfer_start", args=[cast.pupil.pk]))
    assert 'data-testid="open-case-warning"' in form.content.decode()
    answer = client.post(
        reverse("records:transfer_start", args=[cast.pupil.pk]),
        {
            "to_school": "Oak School",
            "leaves_on": "2026-12-04",
            "in_year": "yes",
            "starts_on": "2026-12-08",
        },
    )
    t = Transfer.objects.get(pupil=cast.pupil)
    assert answer.url == reverse("records:transfer", args=[t.pk])
    assert t.due_on == date(2026, 12, 7)
    assert t.open_case_at_start
    page = client.get(answer.url).content.decode()
    assert 'data-testid="call-needed"' in page
    client.post(
        reverse("records:transfer_call", args=[t.pk]),
        {"note": "Spoke to Ms Oak, their DSL, about the open case on Monday."},
    )
    t.refresh_from_db()
    assert t.called_by == cast.dsl
    assert "Ms Oak" in t.call_note
    page = client.get(answer.url).content.decode()
    assert 'data-testid="call-needed"' not in page
    assert "Ms Oak" in page
    assert "records.transfer_call_recorded" in actions()


def test_a_deputy_follows_a_transfer_but_only_the_dsl_or_head_starts_one(cast, client_for):
    t = start(cast)
    deputy = client_for(cast.deputy)
    assert deputy.get(reverse("records:transfer", args=[t.pk])).status_code == 200
    assert deputy.get(reverse("records:transfer_start", args=[cast.pupil.pk])).status_code == 404


def test_what_was_sent_is_kept_then_overdue_is_chased_then_receipt_confirmed(cast, client_for):
    t = start(cast, leaves_on=timezone.localdate() - timedelta(days=30))
    client = client_for(cast.dsl)
    url = reverse("records:transfer", args=[t.pk])
    assert 'data-testid="overdue"' in client.get(url).content.decode()
    client.post(reverse("records:transfer_sent", args=[t.pk]))
    t.refresh_from_db()
    assert t.status == TransferStatus.SENT
    assert t.sent_how == SentHow.OTHER
    assert t.sent_by == cast.dsl
    assert t.pdf
    assert len(t.pdf_sha256) == 64
    page = client.get(url).content.decode()
    assert "Chase the new school" in page
    client.post(reverse("records:transfer_chase", args=[t.pk]))
    t.refresh_from_db()
    assert t.chases == 1
    empty = client.post(reverse("records:transfer_confirm", args=[t.pk]), {"confirmed_by": ""})
    assert empty.status_code == 200
    client.post(
        reverse("records:transfer_confirm", args=[t.pk]), {"confirmed_by": "Ms Oak, DSL, by phone"}
    )
    t.refresh_from_db()
    assert t.status == TransferStatus.CONFIRMED
    assert t.confirmed_by == cast.dsl
    assert 'data-testid="overdue"' not in client.get(url).content.decode()
    for code in ("records.transfer_sent", "records.transfer_chased", "records.transfer_confirmed"):
        assert code in actions()


def test_the_receiving_school_confirms_receipt_through_its_one_use_link(cast, client):
    t = start(cast)
    transfers.record_sent(actor=cast.dsl, transfer_=t)
    token = transfers.make_receipt_link(actor=cast.dsl, transfer_=t)
    url = reverse("records:receipt", args=[token])
    assert client.get(url).status_code == 200
    done = client.post(url, {"confirmed_by": "Sam Oak, DSL"})
    assert 'data-testid="receipt-done"' in done.content.decode()
    t.refresh_from_db()
    assert t.status == TransferStatus.CONFIRMED
    assert t.confirmed_by_link
    again = client.post(url, {"confirmed_by": "Someone else"})
    assert "used already" in again.content.decode()
    assert not TransferLink.objects.filter(token_sha256=token).exists()  # only its hash


# A school without Haven: the download link


def a_link(cast):
    t = start(cast)
    token, code = transfers.make_download_link(actor=cast.dsl, transfer_=t)
    return t, token, code


def test_the_link_gives_the_pdf_as_sent_once_for_the_right_code(cast, client):
    open_case(cast)
    t, token, code = a_link(cast)
    link = TransferLink.objects.get(transfer=t)
    assert token not in (link.token_sha256, link.code_sha256)
    assert code not in (link.token_sha256, link.code_sha256)
    url = reverse("records:download", args=[token])
    answer = client.post(url, {"code": code.lower()})
    assert answer["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in pypdf.PdfReader(BytesIO(answer.content)).pages)
    assert cast.pupil.legal_last_name in text
    t.refresh_from_db()
    assert t.status == TransferStatus.SENT
    assert t.sent_how == SentHow.LINK
    second = client.post(url, {"code": code})
    assert second["Content-Type"].startswith("text/html")
    assert "used already" in second.content.decode()
    assert "records.transfer_downloaded" in actions()
    assert "records.transfer_link_refused" in actions()


def test_a_wrong_code_is_refused_and_counted_and_enough_of_them_spend_the_link(cast, client):
    _, token, code = a_link(cast)
    url = reverse("records:download", args=[token])
    wrong = client.post(url, {"code": "AAAAA-AAAAA"})
    assert "not right" in wrong.content.decode()
    assert TransferLink.objects.get().wrong_codes == 1
    for _ in range(4):
        client.post(url, {"code": "AAAAA-AAAAA"})
    refused = client.post(url, {"code": code})
    assert "Too many wrong codes" in refused.content.decode()
    assert refused["Content-Type"].startswith("text/html")


def test_an_expired_link_is_refused(cast, client):
    _, token, code = a_link(cast)
    TransferLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    answer = client.post(reverse("records:download", args=[token]), {"code": code})
    assert "expired" in answer.content.decode()
    assert answer["Content-Type"].startswith("text/html")


def test_a_new_link_replaces_the_old_one(cast, client):
    t, first, code = a_link(cast)
    transfers.make_download_link(actor=cast.dsl, transfer_=t)
    answer = client.post(reverse("records:download", args=[first]), {"code": code})
    assert "expired" in answer.content.decode()


def test_an_unknown_link_gives_nothing(cast, client):
    a_link(cast)
    answer = client.post(reverse("records:download", args=["not-a-token"]), {"code": "X"})
    assert "not one Haven knows" in answer.content.decode()
