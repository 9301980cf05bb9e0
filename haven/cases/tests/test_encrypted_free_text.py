"""Free text that can identify people is encrypted at rest: a case's title, a device's owner,
description, where it is kept and who it went to, the platform named for take-down, and the
"other apps" named on a concern. And the migrations that encrypted rows written before."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from haven.cases.models import Case, ConfiscatedDevice, Custody, TakedownHelp, TakedownRoute
from haven.cases.services import record_confiscation, record_device_handover, record_takedown_help
from haven.concerns.models import Concern
from haven.concerns.tests.conftest import make_concern
from haven.lib.encryption import Sealed

pytestmark = pytest.mark.django_db

CASES_MIGRATION = "haven.cases.migrations.0003_encrypt_free_text_override_criteria_image_age"
CONCERNS_MIGRATION = "haven.concerns.migrations.0002_encrypt_platforms_other"


def v(case):
    case.refresh_from_db()
    return case.version


def stored(model, pk, field) -> str:
    """The value as the database holds it, without decrypting."""
    value = model.objects.filter(pk=pk).values_list(field, flat=True).get()
    assert isinstance(value, Sealed)
    return value.token


def assert_sealed(model, pk, field, plaintext):
    token = stored(model, pk, field)
    assert token.startswith("v1:")
    assert plaintext not in token
    assert getattr(model.objects.get(pk=pk), field) == plaintext


@pytest.fixture
def device(reviewed, cast):
    device = record_confiscation(
        actor=cast.dsl,
        case=reviewed,
        expected_version=v(reviewed),
        owner="Sam's older brother Jack",
        description="Phone in a blue case",
        confiscated_at=timezone.now() - timedelta(hours=1),
        switched_off=True,
        stored_where="Head's safe, office 2",
    )
    return record_device_handover(
        actor=cast.dsl,
        device=device,
        expected_version=v(reviewed),
        custody=Custody.POLICE,
        handed_to="PC 123 Smith",
        handed_at=timezone.now(),
    )


def test_a_devices_owner_description_place_and_recipient_are_encrypted(device):
    assert_sealed(ConfiscatedDevice, device.pk, "owner", "Sam's older brother Jack")
    assert_sealed(ConfiscatedDevice, device.pk, "description", "Phone in a blue case")
    assert_sealed(ConfiscatedDevice, device.pk, "stored_where", "Head's safe, office 2")
    assert_sealed(ConfiscatedDevice, device.pk, "handed_to", "PC 123 Smith")
    assert "Phone" not in str(device)


def test_a_case_title_is_encrypted_and_still_shown(reviewed):
    assert_sealed(Case, reviewed.pk, "title", "Image shared between two pupils")


def test_the_platform_named_for_take_down_is_encrypted(reviewed, cast):
    help_ = record_takedown_help(
        actor=cast.dsl,
        case=reviewed,
        expected_version=v(reviewed),
        pupil=cast.pupil,
        route=TakedownRoute.PLATFORM,
        helped_to="Report the post",
        platform="Lex's friend's Snapchat story",
    )
    assert_sealed(TakedownHelp, help_.pk, "platform", "Lex's friend's Snapchat story")


def test_the_other_apps_named_on_a_concern_are_encrypted(cast):
    concern = make_concern(cast, platforms=["other"], platforms_other="Sam's gaming chat")
    assert_sealed(Concern, concern.pk, "platforms_other", "Sam's gaming chat")
    assert "Sam's gaming chat" in Concern.objects.get(pk=concern.pk).platform_labels()


# --- Rows written before the fields were encrypted --------------------------------------------


def write_plaintext(model, pk, **values):
    """Put plain text in the columns, as rows written before the migration hold it."""
    model.objects.filter(pk=pk).update(**{name: Sealed(text) for name, text in values.items()})


def test_the_cases_migration_encrypts_plaintext_rows_once_and_can_undo_it(device, reviewed):
    migration = importlib.import_module(CASES_MIGRATION)
    write_plaintext(Case, reviewed.pk, title="A plain title")
    write_plaintext(ConfiscatedDevice, device.pk, owner="Jack", description="Red phone")
    migration.encrypt_existing(apps, None)
    assert_sealed(Case, reviewed.pk, "title", "A plain title")
    assert_sealed(ConfiscatedDevice, device.pk, "owner", "Jack")
    assert_sealed(ConfiscatedDevice, device.pk, "description", "Red phone")
    assert_sealed(ConfiscatedDevice, device.pk, "handed_to", "PC 123 Smith")  # already sealed
    sealed = stored(Case, reviewed.pk, "title")
    migration.encrypt_existing(apps, None)  # running again changes nothing
    assert stored(Case, reviewed.pk, "title") == sealed
    migration.decrypt_existing(apps, None)
    assert stored(Case, reviewed.pk, "title") == "A plain title"
    assert stored(ConfiscatedDevice, device.pk, "handed_to") == "PC 123 Smith"


def test_the_cases_migration_leaves_empty_values_empty(reviewed, cast):
    help_ = record_takedown_help(
        actor=cast.dsl,
        case=reviewed,
        expected_version=v(reviewed),
        pupil=cast.pupil,
        route=TakedownRoute.REPORT_REMOVE,
        helped_to="Report Remove",
    )
    write_plaintext(TakedownHelp, help_.pk, platform="")
    importlib.import_module(CASES_MIGRATION).encrypt_existing(apps, None)
    assert stored(TakedownHelp, help_.pk, "platform") == ""


def test_the_concerns_migration_encrypts_plaintext_rows_once_and_can_undo_it(cast):
    migration = importlib.import_module(CONCERNS_MIGRATION)
    concern = make_concern(cast)
    write_plaintext(Concern, concern.pk, platforms_other="Old plain app")
    migration.encrypt_existing(apps, None)
    assert_sealed(Concern, concern.pk, "platforms_other", "Old plain app")
    sealed = stored(Concern, concern.pk, "platforms_other")
    migration.encrypt_existing(apps, None)
    assert stored(Concern, concern.pk, "platforms_other") == sealed
    migration.decrypt_existing(apps, None)
    assert stored(Concern, concern.pk, "platforms_other") == "Old plain app"
