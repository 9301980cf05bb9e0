"""The safeguarding policy: a PDF with only words, checked by content, served as a download."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from haven.audit.models import AuditEvent
from haven.public import services
from haven.public.models import PolicyDocument
from haven.public.policy import PolicyRefused
from haven.public.tests.pdfs import with_picture, words_only

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 100


def upload(client, school, data, name="policy.pdf"):
    return client.post(
        f"/s/{school.slug}/manage/policy/",
        {"document": SimpleUploadedFile(name, data, content_type="application/pdf")},
    )


def test_the_admin_uploads_a_policy_and_families_can_download_it(cast, client_for):
    response = upload(client_for(cast.office), cast.school, words_only())
    assert response.status_code == 302
    document = PolicyDocument.objects.get()
    assert bytes(document.content) == words_only()
    event = AuditEvent.objects.get(action="public.policy_uploaded")
    assert event.data["size"] == len(words_only())
    served = Client().get(f"/s/{cast.school.slug}/safeguarding-policy/")
    assert served.status_code == 200
    assert served["Content-Type"] == "application/pdf"
    assert served["Content-Disposition"] == 'attachment; filename="elm-safeguarding-policy.pdf"'
    assert served.content == words_only()
    assert (
        "Our safeguarding policy (PDF" in Client().get(f"/s/{cast.school.slug}/").content.decode()
    )


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (with_picture(), "policy.pdf", "has pictures, video, sound, scripts or a password"),
        (JPEG, "policy.pdf", "is a picture, video or sound file"),
        (b"Just some words", "policy.pdf", "The file must be a PDF"),
    ],
)
def test_anything_but_a_words_only_pdf_is_refused(cast, client_for, data, name, message):
    response = upload(client_for(cast.office), cast.school, data, name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PolicyDocument.objects.exists()
    assert not AuditEvent.objects.filter(action="public.policy_uploaded").exists()


def test_the_service_checks_the_content_itself(cast):
    with pytest.raises(PolicyRefused):
        services.upload_policy(
            actor=cast.office, school=cast.school, file_name="p.pdf", data=with_picture()
        )


def test_a_school_with_no_policy_answers_not_found(cast):
    assert Client().get(f"/s/{cast.school.slug}/safeguarding-policy/").status_code == 404


def test_taking_the_policy_down_keeps_it_for_the_record(cast, client_for):
    services.upload_policy(
        actor=cast.office, school=cast.school, file_name="p.pdf", data=words_only()
    )
    client_for(cast.office).post(f"/s/{cast.school.slug}/manage/policy/remove/")
    assert Client().get(f"/s/{cast.school.slug}/safeguarding-policy/").status_code == 404
    assert PolicyDocument.objects.get().removed_at is not None
    assert AuditEvent.objects.filter(action="public.policy_removed").count() == 1


def test_only_the_schools_admin_can_upload(cast, client_for):
    for user in (cast.dsl, cast.head, cast.dsl2):
        assert upload(client_for(user), cast.school, words_only()).status_code == 404
    assert not PolicyDocument.objects.exists()
