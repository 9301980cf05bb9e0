"""The import pages: who may use them, the upload checks, the preview, progress and result."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from haven.schools.models import ImportRun, ImportStatus, Pupil
from haven.schools.tests.conftest import csv_bytes, pupil_row, pupils_csv, run_queued_tasks

UPLOAD = "/school/elm/import/pupils/"


def upload(client, data: bytes, name: str = "pupils.csv", url: str = UPLOAD, **fields):
    file = SimpleUploadedFile(name, data, content_type="text/csv")
    return client.post(url, {"file": file, "whole_roll": "on", **fields})


def test_the_office_administrator_uploads_a_file_and_sees_the_preview(cast, client_for):
    client = client_for(cast.office)
    assert client.get(UPLOAD).status_code == 200
    response = upload(client, pupils_csv(3))
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response.url == f"/school/elm/imports/{run.pk}/"
    page = client.get(response.url)
    assert "Check what will change" in page.text
    assert "Save these changes" in page.text
    assert "First1 Surname1" in page.text
    assert "Lex Morgan" in page.text  # on roll, not in the file: will be marked as left


@pytest.mark.parametrize("who", ["dsl", "deputy", "head", "teacher", "trust_lead", "dsl2"])
def test_nobody_but_the_schools_administrator_reaches_the_import_pages(cast, client_for, who):
    client = client_for(getattr(cast, who))
    assert client.get(UPLOAD).status_code == 404
    assert upload(client, pupils_csv(3)).status_code == 404
    assert not ImportRun.objects.exists()


def test_another_schools_administrator_cannot_touch_this_schools_imports(cast, client_for, office2):
    run_page = upload(client_for(cast.office), pupils_csv(3)).url
    client = client_for(office2)
    assert upload(client, pupils_csv(3)).status_code == 404
    assert client.get(run_page).status_code == 404
    assert client.post(run_page + "save/").status_code == 404
    assert client.post(run_page + "cancel/").status_code == 404
    # The run cannot be reached through the administrator's own school either.
    assert client.get(run_page.replace("/elm/", "/birch/")).status_code == 404


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "looks like an image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "looks like an image"),
        (b"PK\x03\x04" + b"\x00" * 100, "Excel workbook"),
        (b"UPN,Forename\n\x00\x00\x00", "binary file"),
        (b"", "The file is empty"),
    ],
)
def test_a_file_that_is_not_csv_text_is_refused_with_a_clear_message(
    cast, client_for, data, message
):
    response = upload(client_for(cast.office), data, name="pupils.csv")
    assert response.status_code == 200
    assert message in response.text
    assert not ImportRun.objects.exists()


def test_a_file_over_5_mb_is_refused(cast, client_for):
    response = upload(client_for(cast.office), b"a," * (3 * 1024 * 1024))
    assert response.status_code == 200
    assert "smaller than 5 MB" in response.text
    assert not ImportRun.objects.exists()


def test_a_file_with_errors_shows_each_by_line_and_saves_nothing(cast, client_for):
    client = client_for(cast.office)
    data = csv_bytes([pupil_row(1), pupil_row(2, DOB="2012-02-30"), pupil_row(3, UPN="X")])
    page = client.get(upload(client, data).url)
    assert "The file has problems, so nothing was saved" in page.text
    assert "Line 3" in page.text
    assert "Line 4" in page.text
    assert "Save these changes" not in page.text
    assert not Pupil.objects.filter(upn__startswith="T").exists()


def test_saving_queues_the_import_and_the_page_shows_progress_then_the_result(cast, client_for):
    client = client_for(cast.office)
    run_page = upload(client, pupils_csv(3)).url
    response = client.post(run_page + "save/")
    assert response.url == run_page
    waiting = client.get(run_page)
    assert "Waiting to start" in waiting.text
    assert 'hx-trigger="every 1s"' in waiting.text
    assert "Check again" in waiting.text  # the way to see progress without JavaScript
    run_queued_tasks()
    done = client.get(run_page)
    assert "Import saved" in done.text
    assert "3 added, 0 changed, 2 marked as left" in done.text
    assert 'hx-trigger="every 1s"' not in done.text  # polling stops


def test_htmx_polling_gets_only_the_progress_part(cast, client_for):
    client = client_for(cast.office)
    run_page = upload(client, pupils_csv(3)).url
    client.post(run_page + "save/")
    ImportRun.objects.update(status=ImportStatus.CHECKING, checked_rows=2)
    partial = client.get(run_page, headers={"HX-Request": "true", "HX-Target": "import-progress"})
    assert partial.text.lstrip().startswith('<div id="import-progress"')
    assert "Rows checked: 2 of 3" in partial.text
    assert "<html" not in partial.text


def test_cancelling_a_preview_saves_nothing(cast, client_for):
    client = client_for(cast.office)
    run_page = upload(client, pupils_csv(3)).url
    response = client.post(run_page + "cancel/")
    assert response.url == UPLOAD
    assert ImportRun.objects.get().status == ImportStatus.CANCELLED
    assert client.post(run_page + "save/").status_code == 302
    assert not Pupil.objects.filter(upn__startswith="T").exists()


def test_saving_is_never_done_by_a_get(cast, client_for):
    client = client_for(cast.office)
    run_page = upload(client, pupils_csv(3)).url
    assert client.get(run_page + "save/").status_code == 405
    assert ImportRun.objects.get().status == ImportStatus.PREVIEW


def test_the_preview_page_takes_the_same_queries_for_20_rows_as_for_2000(
    cast, client_for, django_assert_max_num_queries
):
    client = client_for(cast.office)
    small = upload(client, pupils_csv(20)).url
    large = upload(client, pupils_csv(2000)).url
    client.get(small)  # warm the session
    with django_assert_max_num_queries(11) as small_queries:
        client.get(small)
    with django_assert_max_num_queries(len(small_queries)):
        page = client.get(large)
    assert "and 1900 more" in page.text


def test_an_unknown_kind_of_import_is_not_found(cast, client_for):
    assert client_for(cast.office).get("/school/elm/import/photos/").status_code == 404


def test_the_staff_import_page_lists_the_staff_columns(cast, client_for):
    page = client_for(cast.office).get("/school/elm/import/staff/")
    assert "Haven Role" in page.text
    assert "Work Email" in page.text


def test_the_progress_poll_says_it_is_background_so_the_idle_timeout_still_applies(
    cast, client_for
):
    from haven.schools import imports
    from haven.schools.models import ImportKind

    run = imports.check_file(actor=cast.office, school=cast.school, kind=ImportKind.PUPILS,
                             data=pupils_csv(3))  # fmt: skip
    imports.start_import(actor=cast.office, run=run, enqueue=False)
    page = client_for(cast.office).get(f"/school/elm/imports/{run.pk}/").text
    poller = page[page.index('<div id="import-progress"') :].split(">", 1)[0]
    assert 'hx-trigger="every 1s"' in poller
    assert """hx-headers='{"X-Haven-Background": "1"}'""" in poller
    client = client_for(cast.office)
    session = client.session
    session["haven_last_seen"] = seen = time.time() - 60
    session.save()
    poll = client.get(f"/school/elm/imports/{run.pk}/", HTTP_HX_REQUEST="true",
                      HTTP_X_HAVEN_BACKGROUND="1")  # fmt: skip
    assert poll.status_code == 200
    assert client.session["haven_last_seen"] == seen  # a poll is not activity
