"""Fixtures for the audit tests: a throw-away checkpoint directory and a chain to tamper with.
The tampering itself (raw SQL, as a database owner could do it) is in tampering.py."""

import pytest

from haven.audit.models import ChainHead
from haven.audit.services import record, scope_for


@pytest.fixture(autouse=True)
def checkpoint_dir(settings, tmp_path):
    settings.HAVEN_AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"
    return settings.HAVEN_AUDIT_CHECKPOINT_DIR


@pytest.fixture
def scope(cast):
    return scope_for(cast.school.pk)


@pytest.fixture
def chain(cast, scope):
    """The school's chain with ten more events about the pupil; returns its length."""
    for number in range(10):
        record(
            "test.viewed", actor=cast.dsl, school=cast.school, pupil=cast.pupil, data={"n": number}
        )
    return ChainHead.objects.get(scope=scope).sequence
