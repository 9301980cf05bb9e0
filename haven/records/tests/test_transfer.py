"""The child protection file to the next school: exported from one database, imported into
another, and refused when changed, for another school, or of an unknown version."""

import json
import re
from io import StringIO

import pypdf
import pytest
from django.core.management import CommandError, call_command

from haven.audit.models import AuditEvent
from haven.chronology.selectors import entries_for
from haven.concerns.services import open_case_from_concern
from haven.records import transfer
from haven.records.models import ReceivedFile, SentFile
from haven.schools import services as schools
from haven.schools.models import Pupil
from tests.access_world import _case_records, _staff_concern


@pytest.fixture(autouse=True)
def checkpoint_dir(settings, tmp_path):
    settings.HAVEN_AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"


def run(name, *args, **options):
    out = StringIO()
    call_command(name, *args, stdout=out, **options)
    return out.getvalue()


def a_file(cast):
    concern, _ = _staff_concern(cast)
    case = open_case_from_concern(actor=cast.dsl, concern=concern, title="Image shared on a bus")
    _case_records(cast, case)
    return case


def export(cast, tmp_path, to="Oak School"):
    out = tmp_path / "package"
    run("export_cp_file", school=cast.school.slug, upn=cast.pupil.upn, to_school=to, out=out)
    return out


def words(text):
    """Without white space: a PDF's text breaks lines inside a table cell (and after a hyphen)."""
    return re.sub(r"\s+", "", text)


@pytest.mark.django_db(transaction=True)
def test_a_file_exported_from_one_database_is_imported_into_another_with_everything(cast, tmp_path):
    a_file(cast)
    out = export(cast, tmp_path)
    sent = json.loads((out / transfer.JSON_FILE).read_text())
    chronology = [entry["summary"] for entry in sent["chronology"]]
    assert len(chronology) >= 5
    assert SentFile.objects.filter(pupil=cast.pupil, to_school="Oak School").exists()
    assert AuditEvent.objects.filter(action="records.cp_file_exported").exists()

    pdf_text = words(
        "".join(page.extract_text() for page in pypdf.PdfReader(out / transfer.PDF_FILE).pages)
    )
    for row in transfer.timeline(sent):
        assert words(row["what"]) in pdf_text
    for summary in chronology:
        assert words(summary) in pdf_text

    call_command("flush", interactive=False, verbosity=0)  # another, empty database
    assert not Pupil.objects.exists()
    oak = schools.create_school(actor=None, name="Oak School", slug="oak")
    assert "Imported the file from Elm School" in run("import_cp_file", str(out), school="oak")

    pupil = Pupil.objects.get(school=oak, upn=sent["pupil"]["upn"])
    lines = list(entries_for(pupil))
    assert [line.summary for line in lines[:-1]] == [f"From Elm School: {s}" for s in chronology]
    assert lines[-1].summary == "Child protection file received from Elm School"
    received = json.loads(ReceivedFile.objects.get(pupil=pupil).content)
    assert received["cases"][0]["decisions"] == sent["cases"][0]["decisions"]
    assert received["cases"][0]["referrals"] == sent["cases"][0]["referrals"]
    assert received["cases"][0]["decisions"]  # there was something to compare
    assert received["cases"][0]["referrals"]
    assert received["concerns"] == sent["concerns"]
    assert AuditEvent.objects.filter(action="records.cp_file_imported", pupil_id=pupil.pk).exists()


@pytest.mark.django_db
def test_a_package_changed_by_one_byte_is_refused(cast, tmp_path):
    a_file(cast)
    out = export(cast, tmp_path, to=cast.school2.name)
    data = bytearray((out / transfer.JSON_FILE).read_bytes())
    at = data.index(b"Elm School")
    data[at] ^= 0x20  # one letter's case
    (out / transfer.JSON_FILE).write_bytes(bytes(data))
    with pytest.raises(CommandError, match="signature does not hold"):
        run("import_cp_file", str(out), school=cast.school2.slug)
    assert not ReceivedFile.objects.exists()


@pytest.mark.django_db
def test_a_package_for_another_school_is_refused(cast, tmp_path):
    out = export(cast, tmp_path, to="Oak School")
    with pytest.raises(CommandError, match="is for 'Oak School', not this school"):
        run("import_cp_file", str(out), school=cast.school2.slug)


@pytest.mark.django_db
def test_a_package_of_an_unknown_version_is_refused(cast, tmp_path):
    file = transfer.build(
        cast.pupil, to_school=cast.school2.name, package_id="p-1", installation="i"
    )
    out = tmp_path / "package"
    transfer.write(out, {**file, "version": 2}, b"%PDF-1.7 pretend")
    with pytest.raises(CommandError, match="version 2; this Haven reads version 1"):
        run("import_cp_file", str(out), school=cast.school2.slug)


@pytest.mark.django_db
def test_the_same_package_is_imported_once(cast, tmp_path):
    out = export(cast, tmp_path, to=cast.school2.name)
    run("import_cp_file", str(out), school=cast.school2.slug)
    with pytest.raises(CommandError, match="imported already"):
        run("import_cp_file", str(out), school=cast.school2.slug)


def test_the_signature_covers_every_byte():
    data = b'{"a": 1}'
    signature = transfer.sign(data)
    assert transfer.check_signature(data, signature) == transfer.this_havens_fingerprint()
    with pytest.raises(transfer.PackageRefused):
        transfer.check_signature(b'{"a": 2}', signature)


def conforms(value, schema, where="file"):
    """The parts of JSON Schema docs/cp-file.schema.json uses: const, type, required, properties
    (no others allowed), items."""
    if "const" in schema:
        assert value == schema["const"], where
    if schema.get("type") == "object":
        assert isinstance(value, dict), where
        assert set(schema.get("required", [])) <= set(value), where
        assert set(value) <= set(schema["properties"]), f"{where}: {set(value)}"
        for key, item in value.items():
            conforms(item, schema["properties"][key], f"{where}.{key}")
    if schema.get("type") == "array":
        assert isinstance(value, list), where
        for item in value:
            conforms(item, schema["items"], f"{where}[]")


@pytest.mark.django_db
def test_the_package_follows_its_published_json_schema(cast, tmp_path, settings):
    a_file(cast)
    out = export(cast, tmp_path)
    schema = json.loads((settings.BASE_DIR / "docs" / "cp-file.schema.json").read_text())
    file = json.loads((out / transfer.JSON_FILE).read_text())
    assert file["cases"][0]["decisions"]
    conforms(file, schema)
