"""Helpers for the concerns tests: concerns recorded through the real services."""

import uuid

import pytest

from haven.cases.models import PupilRole
from haven.concerns.services import ConcernDetails, PupilInConcern, record_concern


def make_concern(
    cast, *, by=None, pupils=None, urgent=False, narrative="He said it was shared.", **extra
):
    reporter = by or cast.teacher
    chosen = pupils if pupils is not None else [(cast.pupil, PupilRole.RECIPIENT)]
    recorded = record_concern(
        actor=reporter,
        school=extra.pop("school", cast.school),
        submission_id=extra.pop("submission_id", uuid.uuid4()),
        details=ConcernDetails(narrative=narrative, urgent=urgent, **extra),
        pupils=[PupilInConcern(pupil, role) for pupil, role in chosen],
    )
    return recorded.concern


@pytest.fixture
def concern_for(cast):
    def make(**kwargs):
        return make_concern(cast, **kwargs)

    return make


def queries_for(make_request) -> int:
    """How many database queries one request makes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = make_request()
    assert response.status_code == 200, response.status_code
    return len(captured)
