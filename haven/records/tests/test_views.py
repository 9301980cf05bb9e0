"""The retention pages: the queue, a hold placed and released, a deletion, as the DSL does them."""

import pytest
from django.urls import reverse

from haven.audit.models import AuditEvent
from haven.schools.models import Pupil

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def checkpoint_dir(settings, tmp_path):
    settings.HAVEN_AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"


def test_the_queue_lists_due_records_in_a_fixed_number_of_queries(
    cast, client_for, django_assert_max_num_queries
):
    Pupil.objects.filter(pk=cast.pupil.pk).update(date_of_birth="1990-01-01")
    client = client_for(cast.dsl)
    with django_assert_max_num_queries(20):
        page = client.get(reverse("records:queue", args=[cast.school.slug]))
    text = page.content.decode()
    assert "Due now" in text
    assert cast.pupil.upn in text
    assert cast.pupil2.upn not in text
    assert AuditEvent.objects.filter(action="records.review_queue_viewed").exists()


def test_the_dsl_places_and_releases_a_hold_then_deletes_the_record(cast, client_for):
    Pupil.objects.filter(pk=cast.pupil.pk).update(date_of_birth="1990-01-01")
    client = client_for(cast.dsl)
    pupil_page = reverse("records:pupil", args=[cast.pupil.pk])
    page = client.post(reverse("records:hold", args=[cast.pupil.pk]), {"reason": ""})
    assert "There is a problem" in page.content.decode()
    client.post(reverse("records:hold", args=[cast.pupil.pk]), {"reason": "Inquiry, Op Elm"})
    text = client.get(pupil_page).content.decode()
    assert "Under legal hold since" in text
    assert "Inquiry, Op Elm" in text
    refused = client.post(reverse("records:delete", args=[cast.pupil.pk]), {"upn": cast.pupil.upn})
    assert "under legal hold" in refused.content.decode()
    assert cast.pupil.upn in refused.content.decode()  # what was typed is kept
    client.post(reverse("records:release", args=[cast.pupil.pk]))
    done = client.post(reverse("records:delete", args=[cast.pupil.pk]), {"upn": cast.pupil.upn})
    assert done.status_code == 302
    assert not Pupil.objects.filter(pk=cast.pupil.pk).exists()
    assert client.get(pupil_page).status_code == 404


def test_the_deputy_may_hold_but_not_delete(cast, client_for):
    client = client_for(cast.deputy)
    assert (
        "Delete the record"
        not in client.get(reverse("records:pupil", args=[cast.pupil.pk])).content.decode()
    )
    denied = client.post(reverse("records:delete", args=[cast.pupil.pk]), {"upn": cast.pupil.upn})
    assert denied.status_code == 404


def test_the_queue_is_a_page_at_a_time_with_the_same_queries(cast, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from conftest import make_pupil
    from haven.records.selectors import QUEUE_PAGE_SIZE

    client = client_for(cast.dsl)
    url = reverse("records:queue", args=[cast.school.slug])

    def queries(number):
        for i in range(number):
            make_pupil(cast.school, f"Q{number:03d}{i:09d}", "Old", f"Pupil{i}")
        Pupil.objects.filter(legal_first_name="Old").update(date_of_birth="1990-01-01")
        with CaptureQueriesContext(connection) as captured:
            page = client.get(url)
        assert page.status_code == 200
        return len(captured), page.content.decode()

    few, _ = queries(3)
    many, text = queries(QUEUE_PAGE_SIZE + 5)
    assert many == few
    assert 'data-testid="pagination"' in text
    assert text.count("Due now") == QUEUE_PAGE_SIZE
