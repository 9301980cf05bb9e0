"""Fixtures for the accounts app."""

import pytest

from conftest import make_user
from haven.schools.models import Role


@pytest.fixture
def office2(cast):
    """The second school's administrator: another school, who must learn nothing of the first's."""
    return make_user(cast.school2, "office@birch.test", "Orla Office", Role.SCHOOL_ADMIN)
