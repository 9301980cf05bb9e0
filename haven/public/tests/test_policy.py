"""The safeguarding policy: Haven reads the words of the school's file, the admin checks them, and
families read them as a web page. No file is ever kept or served."""

import base64
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from haven.audit.models import AuditEvent
from haven.lib.tests.samples import PHOTO, docx, pdf, polyglots
from haven.public import services
from haven.public.models import PolicyVersion
from haven.public.policy import PolicyRefused, check_policy_link
from haven.public.services import PolicyWords
from haven.public.tests.pdfs import with_picture, words_only

MANAGE = "/s/{}/manage/policy/"
PUBLIC = "/s/{}/safeguarding-policy/"
PICTURE_BYTES = re.compile(rb"\xff\xd8\xff|\x89PNG|GIF8[79]a|JFIF|Exif")


def upload(client, school, data, name="policy.pdf", **extra):
    file = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return client.post(MANAGE.format(school.slug), {"document": file, **extra})


def publish(client, school, text, **extra):
    data = {"text": text, "link": "", "action": "publish", **extra}
    return client.post(MANAGE.format(school.slug), data)


def publish_words(cast, text="Our policy.\n\nSecond paragraph.", link=""):
    words = PolicyWords(text=text, link=link)
    return services.publish_policy(actor=cast.office, school=cast.school, words=words)


# --- From a file to a web page ------------------------------------------------------------------


def test_an_uploaded_file_is_read_and_shown_to_check_and_nothing_is_published(cast, client_for):
    lines = ("Safeguarding policy", "Everyone has a part to play.")
    response = upload(client_for(cast.office), cast.school, pdf(lines=lines))
    assert response.status_code == 200
    page = response.text
    assert "Haven read these words from “policy.pdf” (1 page)" in page
    assert "Everyone has a part to play." in page
    assert 'data-testid="preview"' in page
    assert not PolicyVersion.objects.exists()
    assert not AuditEvent.objects.filter(action="public.policy_uploaded").exists()


def test_the_checked_words_are_published_as_a_web_page_and_audited(cast, client_for):
    client = client_for(cast.office)
    extra = {"source_name": "policy.docx", "source_kind": "docx", "source_pages": ""}
    text = "Safeguarding policy\n\nEveryone has a part to play.\nLine two."
    response = publish(client, cast.school, text, link="https://www.elm.sch.uk/policy", **extra)
    assert response.status_code == 302
    version = PolicyVersion.objects.get()
    assert (version.number, version.source_kind, version.saved_by) == (1, "docx", cast.office)
    event = AuditEvent.objects.get(action="public.policy_uploaded")
    assert event.data == {
        "version": 1,
        "kind": "docx",
        "pages": None,
        "characters": len(text),
        "link": True,
    }
    served = Client().get(PUBLIC.format(cast.school.slug))
    assert served.status_code == 200
    assert served["Content-Type"].startswith("text/html")
    assert "Content-Disposition" not in served
    assert '<p class="govuk-body">Everyone has a part to play.<br>Line two.</p>' in served.text
    assert 'href="https://www.elm.sch.uk/policy" rel="noreferrer"' in served.text
    home = Client().get(f"/s/{cast.school.slug}/").text
    assert "Our safeguarding policy</a>" in home
    assert "download" not in home


def test_a_word_document_is_read_paragraph_by_paragraph(cast, client_for):
    response = upload(client_for(cast.office), cast.school, docx("One.", "Two."), "p.docx")
    assert "One.\n\nTwo.</textarea>" in response.text
    assert '<p class="govuk-body">One.</p>' in response.text


def test_the_service_reads_a_file_and_publishes_its_words(cast):
    version = services.upload_policy(
        actor=cast.office, school=cast.school, file_name="p.pdf", data=words_only()
    )
    assert (version.text, version.source_kind, version.source_pages) == (
        "Safeguarding policy",
        "pdf",
        1,
    )
    assert AuditEvent.objects.get(action="public.policy_uploaded").object_id == str(version.pk)


def test_what_the_school_wrote_is_shown_as_words_never_as_markup(cast):
    publish_words(cast, text="<script>alert(1)</script> <b>bold</b>")
    page = Client().get(PUBLIC.format(cast.school.slug)).text
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;bold&lt;/b&gt;" in page


# --- Pictures never get through -----------------------------------------------------------------


@pytest.mark.parametrize("label", sorted(polyglots()))
def test_no_polyglot_from_the_review_reaches_the_public_page(cast, client_for, label):
    client = client_for(cast.office)
    response = upload(client, cast.school, polyglots()[label], name=f"{label}.pdf")
    assert response.status_code == 200
    text = re.search(r'name="text"[^>]*>([^<]*)</textarea>', response.text).group(1)
    assert not PICTURE_BYTES.search(response.content)
    if text:
        publish(client, cast.school, text)
        served = Client().get(PUBLIC.format(cast.school.slug))
        assert not PICTURE_BYTES.search(served.content)
        assert not re.search(rb"[A-Za-z0-9+/=]{100}", served.content)


def test_a_pdf_with_a_jpeg_after_it_publishes_only_its_words(cast, client_for):
    client = client_for(cast.office)
    upload(client, cast.school, pdf(lines=("Our policy",)) + PHOTO)
    publish(client, cast.school, "Our policy")
    served = Client().get(PUBLIC.format(cast.school.slug))
    assert PHOTO not in served.content
    assert "Our policy" in served.text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (PHOTO, "picture, video or sound file, and Haven never stores those"),
        (base64.encodebytes(PHOTO), "looks like a file written out as letters and numbers"),
        (with_picture(), "found no words"),
        (b"\x00\x01binary", "cannot read the words"),
        (b"x" * (4 * 1024 * 1024 + 1), "smaller than 4 MB"),
    ],
)
def test_files_that_cannot_give_words_are_refused_with_the_reason(cast, client_for, data, message):
    response = upload(client_for(cast.office), cast.school, data)
    assert response.status_code == 200
    assert message in response.text
    assert not PolicyVersion.objects.exists()


def test_pasted_words_holding_an_encoded_picture_are_refused(cast, client_for):
    text = "Our policy.\n\n" + base64.b64encode(PHOTO).decode()
    response = publish(client_for(cast.office), cast.school, text)
    assert response.status_code == 200
    assert "Haven never holds pictures" in response.text
    assert not PolicyVersion.objects.exists()
    with pytest.raises(PolicyRefused):
        publish_words(cast, text=text)


# --- The link to the school's own website -------------------------------------------------------


@pytest.mark.parametrize(
    "link",
    [
        "http://www.elm.sch.uk/policy",
        "javascript:alert(1)",
        "https://user:secret@www.elm.sch.uk/policy",
        "https://user@www.elm.sch.uk/policy",
        "https://localhost/policy",
        "https://www.elm.sch.uk/a policy",
        "https://www.elm.sch.uk:port/policy",
        "www.elm.sch.uk/policy",
    ],
)
def test_only_a_plain_https_link_is_accepted(link):
    with pytest.raises(PolicyRefused):
        check_policy_link(link)


def test_a_link_alone_is_enough_and_nothing_at_all_is_not(cast, client_for):
    client = client_for(cast.office)
    response = publish(client, cast.school, "", link="http://www.elm.sch.uk/policy")
    assert "starting https://" in response.text
    response = publish(client, cast.school, "")
    assert "Upload the policy, paste its words, or give a link" in response.text
    assert publish(client, cast.school, "", link="https://www.elm.sch.uk/p").status_code == 302
    assert "read the policy on our school" in Client().get(PUBLIC.format(cast.school.slug)).text


# --- Versions, taking it down, and who may ------------------------------------------------------


def test_taking_the_policy_down_keeps_every_version_for_the_record(cast, client_for):
    publish_words(cast)
    client_for(cast.office).post(f"/s/{cast.school.slug}/manage/policy/remove/")
    page = Client().get(PUBLIC.format(cast.school.slug))
    assert "has not put its safeguarding policy on this site yet" in page.text
    assert "Second paragraph" not in page.text
    assert list(PolicyVersion.objects.values_list("number", "text")) == [
        (2, ""),
        (1, "Our policy.\n\nSecond paragraph."),
    ]
    assert AuditEvent.objects.get(action="public.policy_removed").data == {
        "version": 2,
        "removed": 1,
    }
    assert services.remove_policy(actor=cast.office, school=cast.school) is None


def test_a_school_with_no_policy_says_so_and_names_who_to_ask(cast):
    page = Client().get(PUBLIC.format(cast.school.slug))
    assert page.status_code == 200
    assert "has not put its safeguarding policy on this site yet" in page.text
    assert "Who to ask" in page.text
    assert "Last updated" not in page.text


def test_each_school_shows_only_its_own_policy(cast):
    publish_words(cast, text="Elm's policy")
    other = Client().get(PUBLIC.format(cast.school2.slug))
    assert "Elm's policy" not in other.text
    assert "has not put its safeguarding policy on this site yet" in other.text


def test_only_the_schools_admin_can_read_or_publish(cast, client_for):
    for user in (cast.dsl, cast.head, cast.teacher, cast.dsl2):
        client = client_for(user)
        assert client.get(MANAGE.format(cast.school.slug)).status_code == 404
        assert publish(client, cast.school, "Taken over").status_code == 404
        assert upload(client, cast.school, words_only()).status_code == 404
    assert not PolicyVersion.objects.exists()


def test_the_pages_take_the_same_queries_however_many_versions(cast, client_for):
    from haven.concerns.tests.conftest import queries_for

    client = client_for(cast.office)
    publish_words(cast)
    manage = queries_for(lambda: client.get(MANAGE.format(cast.school.slug)))
    public = queries_for(lambda: Client().get(PUBLIC.format(cast.school.slug)))
    for number in range(5):
        publish_words(cast, text=f"Version {number}", link="https://www.elm.sch.uk/p")
    assert queries_for(lambda: client.get(MANAGE.format(cast.school.slug))) == manage
    assert queries_for(lambda: Client().get(PUBLIC.format(cast.school.slug))) == public
    page = client.get(MANAGE.format(cast.school.slug)).text
    assert page.count('<td class="govuk-table__cell">6</td>') == 1


def test_the_admin_page_explains_why_haven_shows_words_not_files(cast, client_for):
    page = client_for(cast.office).get(MANAGE.format(cast.school.slug)).text
    assert "Why Haven shows the words, not the file" in page
    assert "screen readers" in page
    assert "Haven never keeps or hands out files" in page


# --- The migration that turned stored PDFs into words ------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_stored_policy_files_become_words_and_the_files_are_dropped(cast):
    executor = MigrationExecutor(connection)
    executor.migrate([("public", "0002_seed_support_services")])
    old = executor.loader.project_state([("public", "0002_seed_support_services")]).apps
    document = old.get_model("public", "PolicyDocument")
    from django.utils import timezone

    now = timezone.now()
    for name, data, removed in [
        ("first.pdf", words_only(), None),
        ("second.pdf", pdf(lines=("Second",)) + PHOTO, now),
        ("picture.pdf", PHOTO, now),
    ]:
        document.objects.create(
            school_id=cast.school.pk,
            file_name=name,
            content=data,
            size=len(data),
            sha256="x",
            uploaded_at=now,
            removed_at=removed,
        )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    versions = list(PolicyVersion.objects.order_by("number").values_list("number", "text"))
    assert versions == [(1, "Safeguarding policy"), (2, "Second"), (3, ""), (4, "")]
    assert "public_policydocument" not in connection.introspection.table_names()
