"""A pupil's chronology: the team's, in time order, audited, the same queries however long."""

import pytest

from haven.audit.models import AuditEvent
from haven.cases.models import PupilRole
from haven.concerns.services import (
    acknowledge_concern,
    add_to_concern,
    open_case_from_concern,
    record_no_further_action,
)
from haven.concerns.tests.conftest import make_concern, queries_for


def url(pupil) -> str:
    return f"/pupils/{pupil.pk}/"


@pytest.mark.parametrize("who", ["dsl", "deputy", "head"])
def test_the_team_reads_every_concern_triage_and_later_event_in_time_order(cast, client_for, who):
    first = make_concern(cast, pupils=[(cast.pupil, PupilRole.PICTURED)])
    acknowledge_concern(actor=cast.dsl, concern=first)
    open_case_from_concern(actor=cast.dsl, concern=first, title="Shared photo")
    add_to_concern(actor=cast.teacher, concern=first, text="More")
    second = make_concern(cast, pupils=[(cast.pupil, PupilRole.RECIPIENT)])
    record_no_further_action(actor=cast.deputy, concern=second, reason="Not imagery")
    page = client_for(getattr(cast, who)).get(url(cast.pupil)).text
    lines = [
        f"Concern {first.reference} recorded by a member of staff (pictured in it)",
        f"Concern {first.reference} acknowledged by the safeguarding team",
        "Case opened",
        f"Further information added to concern {first.reference}",
        f"Concern {second.reference} recorded by a member of staff (received it)",
        f"Concern {second.reference}: no further action (reason recorded)",
    ]
    positions = [page.index(line) for line in lines]
    assert positions == sorted(positions)
    assert f'href="/concerns/{first.pk}/"' in page
    assert "Not imagery" not in page  # the reason stays behind the concern's own page


@pytest.mark.parametrize("who", ["teacher", "other_teacher", "office", "trust_lead", "dsl2"])
def test_nobody_outside_the_schools_team_can_read_a_chronology(cast, client_for, who):
    make_concern(cast)
    assert client_for(getattr(cast, who)).get(url(cast.pupil)).status_code == 404


def test_a_pupil_at_another_school_is_not_found_for_this_schools_dsl(cast, client_for):
    assert client_for(cast.dsl).get(url(cast.pupil_at_school2)).status_code == 404


def test_reading_a_chronology_is_audited(cast, client_for):
    client_for(cast.dsl).get(url(cast.pupil))
    event = AuditEvent.objects.get(action="chronology.viewed")
    assert event.actor == cast.dsl
    assert event.pupil_id == cast.pupil.pk
    assert event.school == cast.school


def test_a_chronology_takes_the_same_queries_however_long_it_is(cast, client_for):
    client = client_for(cast.dsl)
    make_concern(cast)
    few = queries_for(lambda: client.get(url(cast.pupil)))
    for _ in range(5):
        concern = make_concern(cast, pupils=[(cast.pupil, PupilRole.SENDER)])
        open_case_from_concern(actor=cast.dsl, concern=concern, title="Case")
    assert queries_for(lambda: client.get(url(cast.pupil))) == few
