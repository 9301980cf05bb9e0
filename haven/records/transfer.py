"""The child protection file as a package for another school's Haven: built, signed and checked.

A package is a folder (docs/cp-file.md, the schema in docs/cp-file.schema.json):

    cp-file.json   the file, version 1: the pupil, chronology, concerns, cases with their
                   decisions, referrals and conversations with parents and carers
    cp-file.sig    Ed25519 signature over cp-file.json's exact bytes, with the sender's public key
    cp-file.pdf    the same file for people, every entry in time order (its SHA-256 is in the JSON)

The signing key is derived (HKDF-SHA256) from HAVEN_AUDIT_KEY for this one purpose, so it is never
in the database and needs no new secret. The receiving DSL checks the key's fingerprint with the
sending DSL by phone; the package cannot then be changed by anyone on the way.
"""

import base64
import hashlib
import json
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

from haven.audit.installation import installation_id
from haven.cases.models import Case
from haven.chronology.selectors import entries_for
from haven.concerns.models import Concern
from haven.lib.errors import Refused
from haven.lib.pdf import render_pdf
from haven.schools.models import Pupil

FORMAT = "haven-cp-file"
VERSION = 1
JSON_FILE, SIGNATURE_FILE, PDF_FILE = "cp-file.json", "cp-file.sig", "cp-file.pdf"


class PackageRefused(Refused):
    """A package that must not be imported; the message says why."""


def _when(value: datetime | date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="seconds")
    return value.isoformat()


# Signing


def signing_key() -> Ed25519PrivateKey:
    seed = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"haven cp-file signing key v1"
    ).derive(settings.HAVEN_AUDIT_KEY.encode())
    return Ed25519PrivateKey.from_private_bytes(seed)


def _raw(public: Ed25519PublicKey) -> bytes:
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def fingerprint(public_raw: bytes) -> str:
    """What the two DSLs read to each other: 8 groups of 4 hex digits."""
    digest = hashlib.sha256(public_raw).hexdigest()[:32]
    return " ".join(digest[i : i + 4] for i in range(0, 32, 4))


def this_havens_fingerprint() -> str:
    return fingerprint(_raw(signing_key().public_key()))


def sign(data: bytes) -> dict[str, str]:
    key = signing_key()
    return {
        "alg": "Ed25519",
        "public_key": base64.b64encode(_raw(key.public_key())).decode(),
        "signature": base64.b64encode(key.sign(data)).decode(),
    }


def check_signature(data: bytes, signature: dict[str, Any]) -> str:
    """The signer's fingerprint, or PackageRefused if the signature does not hold."""
    try:
        if signature["alg"] != "Ed25519":
            raise PackageRefused(f"the package is signed with {signature['alg']!r}, not Ed25519")
        public_raw = base64.b64decode(signature["public_key"], validate=True)
        Ed25519PublicKey.from_public_bytes(public_raw).verify(
            base64.b64decode(signature["signature"], validate=True), data
        )
    except (InvalidSignature, ValueError, KeyError, TypeError):
        raise PackageRefused(
            "the package's signature does not hold: it was changed after it was sent"
        ) from None
    return fingerprint(public_raw)


# Building


def _concerns(pupil: Pupil) -> list[dict[str, Any]]:
    found = Concern.objects.filter(concern_pupils__pupil=pupil).distinct().order_by("created_at")
    return [
        {
            "reference": c.reference,
            "recorded_at": _when(c.created_at),
            "source": c.source,
            "urgent": c.urgent,
            "status": c.status,
            "occurred_on": _when(c.occurred_on),
            "narrative": c.narrative,
            "location": c.location,
            "actions_detail": c.actions_detail,
            "no_further_action_reason": c.no_further_action_reason,
        }
        for c in found
    ]


def _case(case: Case, pupil: Pupil) -> dict[str, Any]:
    mine = {None, pupil.pk}
    return {
        "reference": case.reference,
        "title": case.title,
        "summary": case.summary,
        "status": case.status,
        "opened_at": _when(case.opened_at),
        "closed_at": _when(case.closed_at),
        "typology": case.typology,
        "decisions": [
            {
                "type": d.type,
                "type_label": d.get_type_display(),
                "decided": d.decided,
                "rationale": d.rationale,
                "decided_at": _when(d.decided_at),
            }
            for d in case.decisions.order_by("decided_at")
            if d.pupil_id in mine
        ],
        "referrals": [
            {
                "agency": r.agency,
                "agency_label": r.get_agency_display(),
                "method": r.method,
                "made_at": _when(r.made_at),
                "reference_number": r.reference_number,
                "shared": r.shared,
                "outcome": r.outcome,
            }
            for r in case.referrals.order_by("made_at")
        ],
        "conversations": [
            {"who": p.who, "method": p.method, "told_at": _when(p.told_at)}
            for p in case.parent_contacts.filter(pupil=pupil).order_by("told_at")
        ],
    }


def build(pupil: Pupil, *, to_school: str, package_id: str, installation: str) -> dict[str, Any]:
    """The file as plain data (version 1), from the sending school's records."""
    cases = Case.objects.filter(case_pupils__pupil=pupil).distinct().order_by("opened_at")
    return {
        "format": FORMAT,
        "version": VERSION,
        "package_id": package_id,
        "created_at": _when(datetime.now(UTC)),
        "from": {
            "school": pupil.school.name,
            "urn": pupil.school.urn,
            "installation": installation,
        },
        "to": {"school": to_school},
        "pupil": {
            "upn": pupil.upn,
            "legal_first_name": pupil.legal_first_name,
            "legal_last_name": pupil.legal_last_name,
            "preferred_first_name": pupil.preferred_first_name,
            "preferred_last_name": pupil.preferred_last_name,
            "date_of_birth": _when(pupil.date_of_birth),
            "gender": pupil.gender,
        },
        "chronology": [
            {"occurred_at": _when(e.occurred_at), "kind": e.kind, "summary": e.summary}
            for e in entries_for(pupil)
        ],
        "concerns": _concerns(pupil),
        "cases": [_case(case, pupil) for case in cases],
    }


def timeline(file: dict[str, Any]) -> list[dict[str, str]]:
    """Every entry of the file in time order, for the PDF: what, when and the words."""
    rows: list[dict[str, str]] = []

    def add(when: str | None, what: str, *words: str) -> None:
        rows.append({"when": when or "", "what": what, "words": "\n".join(w for w in words if w)})

    for entry in file["chronology"]:
        add(entry["occurred_at"], "Chronology", entry["summary"])
    for concern in file["concerns"]:
        add(concern["recorded_at"], f"Concern {concern['reference']}", concern["narrative"])
    for case in file["cases"]:
        add(case["opened_at"], f"Case {case['reference']} opened", case["title"], case["summary"])
        for d in case["decisions"]:
            add(d["decided_at"], f"Decision: {d['type_label']}", d["decided"], d["rationale"])
        for r in case["referrals"]:
            add(r["made_at"], f"Referral to {r['agency_label']}", r["shared"], r["outcome"])
        for p in case["conversations"]:
            add(p["told_at"], "Parents or carers told", p["who"])
    return sorted(rows, key=lambda row: row["when"])


def installation() -> str:
    return installation_id()


def render(file: dict[str, Any]) -> bytes:
    """The file as a PDF for people: every entry in time order."""
    return render_pdf("records/pdf/cp_file.html", {"file": file, "timeline": timeline(file)})


# Writing and reading the folder


def files_of(file: dict[str, Any], pdf: bytes) -> dict[str, bytes]:
    """The package's three files: the JSON (holding the PDF's SHA-256), its signature, the PDF."""
    data = json.dumps(
        {**file, "pdf_sha256": hashlib.sha256(pdf).hexdigest()},
        ensure_ascii=False,
        indent=1,
        sort_keys=True,
    ).encode()
    return {
        JSON_FILE: data,
        SIGNATURE_FILE: json.dumps(sign(data), indent=1).encode(),
        PDF_FILE: pdf,
    }


def write_files(out: Path, files: dict[str, bytes]) -> None:
    if out.exists() and any(out.iterdir()):
        raise PackageRefused(f"{out} is not empty: give a new folder")
    out.mkdir(parents=True, exist_ok=True, mode=0o700)
    for name, data in files.items():
        (out / name).write_bytes(data)


def write(out: Path, file: dict[str, Any], pdf: bytes) -> None:
    write_files(out, files_of(file, pdf))


def read(folder: Path, *, for_school: Iterable[str]) -> tuple[dict[str, Any], str]:
    """The package's file and its signer's fingerprint (see read_files)."""
    try:
        files = {name: (folder / name).read_bytes() for name in (JSON_FILE, SIGNATURE_FILE)}
    except OSError:
        raise PackageRefused(f"{folder} holds no readable child protection file package") from None
    pdf = folder / PDF_FILE
    if pdf.is_file():
        files[PDF_FILE] = pdf.read_bytes()
    return read_files(files, for_school=for_school)


def read_files(files: dict[str, bytes], *, for_school: Iterable[str]) -> tuple[dict[str, Any], str]:
    """The package's file and its signer's fingerprint, checked in order: signature, format and
    version, the school it is for, the PDF beside it."""
    try:
        data = files[JSON_FILE]
        signature = json.loads(files[SIGNATURE_FILE])
    except (KeyError, ValueError):
        raise PackageRefused("the package holds no readable child protection file") from None
    signer = check_signature(data, signature if isinstance(signature, dict) else {})
    try:
        file = json.loads(data)
    except ValueError:
        raise PackageRefused("the package cannot be read") from None
    if not isinstance(file, dict) or file.get("format") != FORMAT:
        raise PackageRefused("this is not a Haven child protection file")
    if file.get("version") != VERSION:
        raise PackageRefused(
            f"the package is version {file.get('version')!r}; this Haven reads version {VERSION}"
        )
    names = {name.strip().casefold() for name in for_school if name}
    if str(file.get("to", {}).get("school", "")).strip().casefold() not in names:
        raise PackageRefused(
            f"the package is for {file.get('to', {}).get('school')!r}, not this school"
        )
    pdf = files.get(PDF_FILE)
    if pdf is None or hashlib.sha256(pdf).hexdigest() != file.get("pdf_sha256"):
        raise PackageRefused("the package's PDF is missing or does not match its file")
    return file, signer
