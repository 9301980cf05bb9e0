"""Fixtures for the public pages' tests."""

import importlib

import pytest
from django.apps import apps

from haven.schools.models import Role, StaffMembership

SEED = importlib.import_module("haven.public.migrations.0002_seed_support_services")


def seed_directory() -> None:
    """Haven's support directory as its data migration makes it. Browser tests empty every table
    when they finish, migration data included, so tests that need it put it back first."""
    SEED.seed(apps, None)


@pytest.fixture(autouse=True)
def _directory(request):
    if "transactional_db" in request.fixturenames:
        request.getfixturevalue("transactional_db")
    elif "db" in request.fixturenames:
        request.getfixturevalue("db")
    else:
        return
    seed_directory()


@pytest.fixture
def named(cast):
    """The DSL and the head named publicly, as a school admin would set them."""
    StaffMembership.objects.filter(
        school=cast.school, role__in=[Role.DSL, Role.HEADTEACHER]
    ).update(public_contact=True)
    StaffMembership.objects.filter(user=cast.dsl, school=cast.school).update(
        job_title="Assistant head (pastoral)"
    )
    return cast
