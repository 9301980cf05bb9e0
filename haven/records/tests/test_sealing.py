"""Between two Havens the package is encrypted for the receiving school (X25519 + AES-GCM), and
still signed (Ed25519): the right school opens it; a wrong key or a changed byte is refused."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from haven.audit.models import AuditEvent
from haven.records import sealing, transfer
from haven.records.models import PartnerSchool, ReceivedFile
from haven.records.tests.test_transfer import a_file
from haven.schools import services as schools

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def checkpoint_dir(settings, tmp_path):
    settings.HAVEN_AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"


def run(command, *args, **options):
    out = StringIO()
    call_command(command, *args, stdout=out, **options)
    return out.getvalue()


def partner(cast, key=None):
    key = key or run("cp_file_key", school=cast.school2.slug).splitlines()[0]
    run("add_partner_school", school=cast.school.slug, name=cast.school2.name, key=key)
    return key


def export(cast, tmp_path):
    out = tmp_path / "package"
    said = run(
        "export_cp_file",
        school=cast.school.slug,
        upn=cast.pupil.upn,
        to_school=cast.school2.name,
        out=out,
    )
    return out, said


def test_a_package_for_a_partner_school_is_sealed_and_its_haven_opens_it(cast, tmp_path):
    a_file(cast)
    partner(cast)
    out, said = export(cast, tmp_path)
    assert "Encrypted for Birch School" in said
    assert [p.name for p in out.iterdir()] == [sealing.SEALED_FILE]  # no plaintext beside it
    sealed = (out / sealing.SEALED_FILE).read_bytes()
    assert cast.pupil.legal_last_name.encode() not in sealed
    assert b"Image shared on a bus" not in sealed
    assert "Imported the file from Elm School" in run(
        "import_cp_file", str(out), school=cast.school2.slug
    )
    received = ReceivedFile.objects.get(school=cast.school2)
    assert json.loads(received.content)["cases"][0]["title"] == "Image shared on a bus"
    assert received.signed_by == transfer.this_havens_fingerprint()  # the signature still held
    assert AuditEvent.objects.filter(action="records.cp_file_exported", data__sealed=True).exists()
    assert AuditEvent.objects.filter(action="records.partner_school_added").exists()


def test_a_package_sealed_for_another_key_is_refused(cast, tmp_path):
    a_file(cast)
    oak = schools.create_school(actor=None, name="Oak School", slug="oak")
    partner(cast, key=sealing.public_key_of(oak))  # the wrong school's key, by mistake
    out, _ = export(cast, tmp_path)
    with pytest.raises(CommandError, match="encrypted for another key"):
        run("import_cp_file", str(out), school=cast.school2.slug)
    assert not ReceivedFile.objects.exists()


def test_a_sealed_package_with_a_key_fingerprint_forged_is_refused(cast, tmp_path):
    # Sealed for Oak's key but claiming Birch's fingerprint: the decryption itself fails.
    a_file(cast)
    oak = schools.create_school(actor=None, name="Oak School", slug="oak")
    partner(cast, key=sealing.public_key_of(oak))
    out, _ = export(cast, tmp_path)
    sealed = json.loads((out / sealing.SEALED_FILE).read_text())
    mine = sealing.parse_public_key(sealing.public_key_of(cast.school2))
    sealed["recipient"] = transfer.fingerprint(mine)
    (out / sealing.SEALED_FILE).write_text(json.dumps(sealed))
    with pytest.raises(CommandError, match="cannot be decrypted with this school's key"):
        run("import_cp_file", str(out), school=cast.school2.slug)


def test_a_sealed_package_changed_by_one_byte_is_refused(cast, tmp_path):
    partner(cast)
    out, _ = export(cast, tmp_path)
    sealed = json.loads((out / sealing.SEALED_FILE).read_text())
    text = sealed["ciphertext"]
    sealed["ciphertext"] = ("B" if text[10] != "B" else "C").join([text[:10], text[11:]])
    (out / sealing.SEALED_FILE).write_text(json.dumps(sealed))
    with pytest.raises(CommandError, match="cannot be decrypted"):
        run("import_cp_file", str(out), school=cast.school2.slug)


def test_a_package_without_a_partner_key_says_it_is_not_encrypted(cast, tmp_path):
    _, said = export(cast, tmp_path)
    assert "Not encrypted" in said


def test_a_partner_key_that_is_not_a_key_is_refused(cast):
    with pytest.raises(CommandError, match="not a school's public key"):
        run("add_partner_school", school=cast.school.slug, name="Birch School", key="hello")
    assert not PartnerSchool.objects.exists()


def test_each_school_has_its_own_key(cast):
    assert sealing.public_key_of(cast.school) != sealing.public_key_of(cast.school2)
    assert sealing.public_key_of(cast.school) == sealing.public_key_of(cast.school)
