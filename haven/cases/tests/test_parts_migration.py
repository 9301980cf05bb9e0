"""The move from one part per pupil to a set of parts keeps every stored part (issue 12)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from haven.cases.models import CasePupil, PupilRole
from haven.cases.services import PupilInCase, open_case
from haven.concerns.models import ConcernPupil
from haven.concerns.tests.conftest import make_concern

BEFORE = [
    ("cases", "0003_encrypt_free_text_override_criteria_image_age"),
    ("concerns", "0006_public_report_submission"),
]
AFTER = [("cases", "0004_parts_per_person"), ("concerns", "0007_parts_per_person")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_each_stored_part_becomes_a_set_of_one_and_comes_back(cast):
    case = open_case(
        actor=cast.dsl,
        school=cast.school,
        title="Photo",
        pupils=[
            PupilInCase(cast.pupil, PupilRole.SENDER),
            PupilInCase(cast.pupil2, [PupilRole.SENDER, PupilRole.PICTURED]),
        ],
    )
    concern = make_concern(cast, pupils=[(cast.pupil, PupilRole.REQUESTER)])
    migrate(BEFORE)
    old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
    rows = old.get_model("cases", "CasePupil").objects.filter(case_id=case.pk)
    assert dict(rows.values_list("pupil_id", "role")) == {
        cast.pupil.pk: "sender",
        cast.pupil2.pk: "pictured",  # one part only going back: being pictured matters most
    }
    old_concern = old.get_model("concerns", "ConcernPupil").objects.get(concern_id=concern.pk)
    assert old_concern.role == "requester"
    migrate(AFTER)
    assert dict(CasePupil.objects.filter(case=case).values_list("pupil_id", "roles")) == {
        cast.pupil.pk: ["sender"],
        cast.pupil2.pk: ["pictured"],
    }
    assert ConcernPupil.objects.get(concern=concern).roles == ["requester"]
