"""Documents attached to a concern: Haven keeps their words (encrypted), never the files.

The security review showed pictures hidden in files that a content check passed; here every one of
its polyglots is sent through the real form, and none leaves a picture behind.
"""

import base64
import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models

from haven.audit.models import AuditEvent
from haven.cases.models import PupilRole
from haven.concerns.attachments import AcceptedDocument, words_download
from haven.concerns.models import Concern, ConcernAttachment
from haven.concerns.services import ConcernDetails, PupilInConcern, record_concern
from haven.concerns.tests.conftest import queries_for
from haven.concerns.tests.test_recording import raw_column
from haven.concerns.tests.test_views_recording import form_data
from haven.lib.tests.samples import PHOTO, docx, pdf, polyglots

NEW = "/concerns/new/"
PICTURE_BYTES = re.compile(r"\xff\xd8\xff|\x89PNG|GIF8[79]a|JFIF|Exif")


def record_with(cast, *documents: AcceptedDocument) -> Concern:
    return record_concern(
        actor=cast.teacher,
        school=cast.school,
        submission_id=uuid.uuid4(),
        details=ConcernDetails(narrative="See the statement", urgent=False),
        pupils=[PupilInConcern(cast.pupil, PupilRole.UNKNOWN)],
        attachments=documents,
    ).concern


def attach(cast, client_for, *files: SimpleUploadedFile, by=None):
    data = form_data(cast)
    data["attachments"] = list(files)
    return client_for(by or cast.teacher).post(NEW, data)


# --- What is kept ---------------------------------------------------------------------------------


def test_an_attachment_keeps_only_its_words_encrypted_and_bound_to_its_row(cast):
    words = AcceptedDocument.read("Lex statement.docx", docx("Lex said it was sent on."))
    concern = record_with(cast, words)
    attachment = concern.attachments.get()
    assert attachment.text == "Lex said it was sent on."
    assert (attachment.name, attachment.kind, attachment.pages) == (
        "Lex statement.docx",
        "docx",
        None,
    )
    assert attachment.size == len(docx("Lex said it was sent on."))
    table = ConcernAttachment._meta.db_table
    assert "Lex said" not in raw_column(table, "text", attachment.pk)
    assert "Lex statement" not in raw_column(table, "name", attachment.pk)
    event = AuditEvent.objects.get(action="concerns.concern_recorded")
    assert event.data["attachments"] == 1


def test_no_column_can_hold_a_file():
    binary = [
        f.name for f in ConcernAttachment._meta.get_fields() if isinstance(f, models.BinaryField)
    ]
    assert binary == []


def test_a_pdf_sent_with_the_form_is_kept_as_its_words_and_page_count(cast, client_for):
    file = SimpleUploadedFile(
        "statement.pdf", pdf(lines=("He said", "it was sent")), "application/pdf"
    )
    assert attach(cast, client_for, file).status_code == 302
    attachment = Concern.objects.get().attachments.get()
    assert (attachment.kind, attachment.pages, attachment.text) == (
        "pdf",
        1,
        "He said\nit was sent",
    )


@pytest.mark.parametrize("label", sorted(polyglots()))
def test_no_polyglot_from_the_review_leaves_a_picture_behind(cast, client_for, label):
    file = SimpleUploadedFile(f"{label}.pdf", polyglots()[label], "application/pdf")
    response = attach(cast, client_for, file)
    if response.status_code == 200:  # refused, with the reason on the form
        assert "There is a problem" in response.text
        assert not Concern.objects.exists()
        return
    assert response.status_code == 302
    for attachment in ConcernAttachment.objects.all():
        assert not PICTURE_BYTES.search(attachment.text)
        assert not re.search(r"[A-Za-z0-9+/=]{100}", re.sub(r"\s", "", attachment.text))
        assert len(attachment.text) < 200


def test_a_photo_written_out_as_base64_in_a_text_file_is_refused_and_audited(cast, client_for):
    file = SimpleUploadedFile("notes.txt", base64.encodebytes(PHOTO), "text/plain")
    response = attach(cast, client_for, file)
    assert response.status_code == 200
    assert "looks like a file written out as letters and numbers" in response.text
    assert not Concern.objects.exists()
    assert AuditEvent.objects.filter(action="concerns.imagery_refused").count() == 1


def test_a_photo_pasted_as_base64_into_the_narrative_is_refused(cast, client_for):
    data = form_data(cast, narrative="He showed me " + base64.b64encode(PHOTO).decode())
    response = client_for(cast.teacher).post(NEW, data)
    assert response.status_code == 200
    assert "Haven never holds pictures" in response.text
    assert "He showed me" in response.text  # what was typed is drawn again
    assert not Concern.objects.exists()


def test_the_form_says_haven_keeps_the_words_not_the_file(cast, client_for):
    page = client_for(cast.teacher).get(NEW).text
    assert "Haven keeps the words from your document, not the file itself." in page
    assert "Never attach a photo, screenshot or video." in page


# --- Reading the words back ------------------------------------------------------------------


def test_the_words_download_as_a_text_file_named_by_reference_never_by_a_childs_name(cast):
    concern = record_with(cast, AcceptedDocument.read("Lex Morgan.pdf", pdf(lines=("Words",))))
    response = words_download(concern.attachments.get())
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{concern.reference}-1.txt"'
    assert "Morgan" not in response["Content-Disposition"]
    assert response.content == b"Words"


def test_the_team_gets_the_words_only_the_team_and_it_is_audited(cast, client_for):
    attach(cast, client_for, SimpleUploadedFile("s.docx", docx("Exact words", "More")))
    concern = Concern.objects.get()
    url = f"/concerns/{concern.pk}/attachments/{concern.attachments.get().pk}/"
    response = client_for(cast.dsl).get(url)
    assert response.status_code == 200
    assert response.content == b"Exact words\n\nMore"
    assert response["Content-Disposition"].startswith("attachment")
    assert AuditEvent.objects.filter(action="concerns.attachment_downloaded").count() == 1
    for outsider in (cast.teacher, cast.other_teacher, cast.office, cast.dsl2):
        assert client_for(outsider).get(url).status_code == 404


def test_the_reporter_sees_what_they_attached_and_that_only_words_were_kept(cast, client_for):
    attach(cast, client_for, SimpleUploadedFile("statement.docx", docx("Words")))
    page = client_for(cast.teacher).get(f"/concerns/{Concern.objects.get().pk}/").text
    assert "statement.docx (Word document)" in page
    assert "Haven kept the words from these documents, not the files." in page


def test_the_reporters_page_takes_the_same_queries_however_many_documents(cast, client_for):
    client = client_for(cast.teacher)
    attach(cast, client_for, SimpleUploadedFile("a.txt", b"one"))
    one = Concern.objects.get()
    few = queries_for(lambda: client.get(f"/concerns/{one.pk}/"))
    files = [SimpleUploadedFile(f"{n}.txt", f"words {n}".encode()) for n in range(3)]
    attach(cast, client_for, *files)
    three = Concern.objects.exclude(pk=one.pk).get()
    assert three.attachments.count() == 3
    assert queries_for(lambda: client.get(f"/concerns/{three.pk}/")) == few


# --- The migration that turned stored files into words ------------------------------------------


def _old_seal(data: bytes, attachment_id) -> tuple[str, bytes, bytes]:
    """How attachments were sealed before Haven kept only words."""
    import os

    from haven.lib.encryption import key_ring

    ring, nonce = key_ring(), os.urandom(12)
    context = f"concerns_concernattachment.content.{attachment_id}".encode()
    return ring.current_id, nonce, ring.keys[ring.current_id].encrypt(nonce, data, context)


@pytest.mark.django_db(transaction=True)
def test_stored_files_become_their_words_and_unreadable_ones_are_deleted(cast):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.utils import timezone

    from haven.concerns.tests.conftest import make_concern

    concern = make_concern(cast)
    before = [("concerns", "0002_encrypt_platforms_other")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("concerns", "ConcernAttachment")
    files = {
        "words": docx("What Lex said."),
        "encoded": base64.encodebytes(PHOTO),
        "photo": PHOTO,
    }
    ids = {}
    for label, data in files.items():
        row_id = uuid.uuid4()
        key_id, nonce, content = _old_seal(data, row_id)
        old.objects.create(
            id=row_id,
            concern_id=concern.pk,
            kind="docx",
            name=f"{label}.docx",
            size=len(data),
            key_id=key_id,
            nonce=nonce,
            content=content,
            uploaded_at=timezone.now(),
        )
        ids[label] = row_id
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    kept = ConcernAttachment.objects.get()
    assert (kept.pk, kept.text, kept.name) == (ids["words"], "What Lex said.", "words.docx")
