"""Subject access: the DSL records a request, chooses what to redact, previews and releases; the
redacted PDF is what is kept as released, and the redacted words are not in it."""

import base64
import uuid
from datetime import date
from io import BytesIO

import pypdf
import pytest
from django.urls import reverse

from haven.audit.models import AuditEvent
from haven.concerns.services import (
    ConcernDetails,
    PupilInConcern,
    open_case_from_concern,
    record_concern,
)
from haven.records import rules, subject_access
from haven.records.models import SubjectAccessRequest
from haven.records.subject_access import SubjectAccessRefused
from haven.schools.parts import PupilRole

pytestmark = pytest.mark.django_db

NARRATIVE = (
    "Lex said Sam Jones sent the photo on, and that Sam's brother Ollie Jones, of "
    "12 Quince Road, saw it. Lex felt safe telling the teacher."
)


@pytest.fixture(autouse=True)
def checkpoint_dir(settings, tmp_path):
    settings.HAVEN_AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"


def a_record(cast):
    concern = record_concern(
        actor=cast.teacher,
        school=cast.school,
        submission_id=uuid.uuid4(),
        details=ConcernDetails(narrative=NARRATIVE, urgent=False),
        pupils=[
            PupilInConcern(cast.pupil, PupilRole.PICTURED),
            PupilInConcern(cast.pupil2, PupilRole.RECIPIENT),
        ],
    ).concern
    open_case_from_concern(actor=cast.dsl, concern=concern, title="Photo passed on by Sam Jones")


def text_of(pdf: bytes) -> str:
    return " ".join(p.extract_text() for p in pypdf.PdfReader(BytesIO(pdf)).pages)


def test_the_dsl_redacts_previews_and_releases_and_the_pdf_holds_no_redacted_word(cast, client_for):
    a_record(cast)
    client = client_for(cast.dsl)
    start = client.post(
        reverse("records:sar_start", args=[cast.pupil.pk]),
        {"requester_kind": "parent", "requester": "Pat Morgan", "received_on": "2026-11-30"},
    )
    sar = SubjectAccessRequest.objects.get(pupil=cast.pupil)
    assert start.url == reverse("records:sar", args=[sar.pk])
    page = client.get(start.url).content.decode()
    assert "Sam Jones" in page  # suggested, and in the preview before redaction
    assert "30 December 2026" in page  # answer within one month

    client.post(
        reverse("records:sar_redact", args=[sar.pk]),
        {"suggested": ["Sam Jones", "Jones"], "others": "Ollie\n12 Quince Road\nSam"},
    )
    preview = client.get(start.url).content.decode()
    table = preview[preview.index('data-testid="preview"') :]
    for word in ("Jones", "Ollie", "Quince", "Sam"):
        assert word not in table
    assert "[redacted]" in table
    assert "felt safe telling the teacher" in table

    client.post(reverse("records:sar_release", args=[sar.pk]))
    sar.refresh_from_db()
    assert sar.released_by == cast.dsl
    download = client.get(reverse("records:sar_pdf", args=[sar.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert download.content == base64.b64decode(sar.pdf)  # kept exactly as released
    text = text_of(download.content)
    for word in ("Jones", "Ollie", "Quince", "Sam"):
        assert word not in text
    assert "[redacted]" in text
    assert "Morgan" in text  # the pupil's own record
    codes = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "records.subject_access_started",
        "records.subject_access_redacted",
        "records.subject_access_viewed",
        "records.subject_access_released",
        "records.subject_access_downloaded",
    } <= codes
    assert not AuditEvent.objects.filter(data__icontains="Ollie").exists()


def test_the_released_file_cannot_be_redacted_again_or_released_twice(cast):
    a_record(cast)
    sar = subject_access.start_request(
        actor=cast.dsl,
        pupil=cast.pupil,
        requester_kind="pupil",
        requester="Lex Morgan",
        received_on=date(2026, 12, 1),
    )
    subject_access.release(actor=cast.dsl, sar=sar)
    with pytest.raises(SubjectAccessRefused):
        subject_access.set_redactions(actor=cast.dsl, sar=sar, phrases=["Sam"])
    with pytest.raises(SubjectAccessRefused):
        subject_access.release(actor=cast.dsl, sar=sar)


def test_only_the_dsl_and_the_head_answer_a_request(cast, client_for):
    sar = subject_access.start_request(
        actor=cast.dsl,
        pupil=cast.pupil,
        requester_kind="pupil",
        requester="Lex Morgan",
        received_on=date(2026, 12, 1),
    )
    url = reverse("records:sar", args=[sar.pk])
    assert client_for(cast.head).get(url).status_code == 200
    assert client_for(cast.deputy).get(url).status_code == 404
    assert client_for(cast.dsl2).get(url).status_code == 404


@pytest.mark.parametrize(
    ("text", "phrases", "expected"),
    [
        ("Sam Jones and Sam", ["Sam", "Sam Jones"], "[redacted] and [redacted]"),
        ("sam JONES", ["Sam Jones"], "[redacted]"),
        ("Ben sat on the bench", ["Ben"], "[redacted] sat on the bench"),
        ("abuse on the bus", ["bus"], "abuse on the [redacted]"),
        ("nothing", [], "nothing"),
    ],
)
def test_redaction_replaces_whole_words_longest_first(text, phrases, expected):
    assert rules.redact_text(text, rules.redaction_list(phrases)) == expected


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (date(2026, 1, 31), date(2026, 2, 28)),
        (date(2026, 12, 15), date(2027, 1, 15)),
        (date(2028, 1, 30), date(2028, 2, 29)),
    ],
)
def test_a_request_is_answered_within_one_month(received, expected):
    assert rules.respond_by(received) == expected
