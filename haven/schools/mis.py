"""Reading pupil and staff lists exported from a school's MIS (SIMS, Arbor and others) as CSV.

Pure: bytes or rows in, parsed rows and errors with line numbers out. No ORM and no HTTP, so the
upload page, the background task and the import commands share it, and every rule is tested with
tables (haven/schools/tests/test_mis.py). docs/mis-import.md lists the columns for schools.

A parsed row is a plain dict (it is stored as JSON while the import waits to be confirmed) holding
only the columns the file has: a column missing from the file leaves that detail unchanged.
"""

import csv
import io
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from haven.schools.mis_cells import (
    BadValue,
    normalise_header,
    read_date,
    read_email,
    read_gender,
    read_group,
    read_haven_roles,
    read_job_title,
    read_name,
    read_required_name,
    read_send,
    read_social_worker,
    read_upn,
    read_year,
    read_yes_no,
)

MAX_FILE_BYTES = 5 * 1024 * 1024

# Files that are plainly not a CSV export. Checked by content: a name ending in .csv proves nothing.
MAGIC_NUMBERS: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "an image"),
    (b"\xff\xd8\xff", "an image"),
    (b"GIF87a", "an image"),
    (b"GIF89a", "an image"),
    (b"II*\x00", "an image"),
    (b"MM\x00*", "an image"),
    (b"RIFF", "an image, video or sound file"),
    (b"\x1aE\xdf\xa3", "a video"),
    (b"OggS", "a video or sound file"),
    (b"ID3", "a sound file"),
    (b"fLaC", "a sound file"),
    (b"%PDF", "a PDF"),
    (b"PK\x03\x04", "an Excel workbook or zip file"),
    (b"\xd0\xcf\x11\xe0", "an Excel workbook"),
)
# ISO media (MP4, MOV, HEIC, AVIF) say "ftyp" four bytes in.
ISO_MEDIA = b"ftyp"


class NotCsv(ValueError):
    """The upload is not a CSV text file; the message says what to do instead."""


@dataclass(frozen=True)
class LineError:
    line: int
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "message": self.message}


@dataclass(frozen=True)
class Column:
    field: str
    label: str  # the school's words, used in messages
    aliases: tuple[str, ...]  # header spellings, most specific first
    required: bool = False


@dataclass
class Parsed:
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # field -> header as in the file
    ignored: list[str] = field(default_factory=list)  # headers Haven does not use
    row_count: int = 0  # rows read, good and bad


PUPIL_COLUMNS: tuple[Column, ...] = (
    Column("upn", "UPN", ("UPN", "Unique Pupil Number"), required=True),
    Column(
        "legal_first_name",
        "legal first name",
        ("Legal Forename", "Legal First Name", "Forename", "First Name", "Firstname"),
        required=True,
    ),
    Column(
        "legal_last_name",
        "legal surname",
        ("Legal Surname", "Legal Last Name", "Surname", "Last Name", "Lastname"),
        required=True,
    ),
    Column(
        "preferred_first_name",
        "preferred first name",
        ("Preferred Forename", "Preferred First Name", "Known As", "Chosen Forename"),
    ),
    Column(
        "preferred_last_name",
        "preferred surname",
        ("Preferred Surname", "Preferred Last Name", "Chosen Surname"),
    ),
    Column("date_of_birth", "date of birth", ("DOB", "Date of Birth", "Birth Date"), required=True),
    Column(
        "year",
        "year group",
        (
            "NC Year",
            "National Curriculum Year",
            "Curriculum Year",
            "Year Group",
            "Year",
            "NC Year Actual",
        ),
    ),
    Column(
        "reg_group",
        "registration group",
        ("Reg Group", "Registration Group", "Reg", "Form", "Form Group", "Tutor Group", "Class"),
    ),
    Column("gender", "gender", ("Gender", "Sex", "Legal Sex")),
    Column("send", "SEN status", ("SEN Status", "SEN Provision", "SEND", "SEN", "SEND Status")),
    Column(
        "looked_after",
        "looked after",
        ("In Care", "Looked After", "CLA", "LAC", "Child Looked After", "Looked After Child"),
    ),
    Column(
        "has_social_worker",
        "social worker",
        ("Social Worker", "Has Social Worker", "Has A Social Worker"),
    ),
)

STAFF_COLUMNS: tuple[Column, ...] = (
    Column(
        "email",
        "e-mail address",
        ("Work Email", "Work Email Address", "Email", "Email Address", "School Email"),
        required=True,
    ),
    Column(
        "first_name",
        "first name",
        ("Preferred Forename", "Forename", "First Name", "Legal Forename", "Legal First Name"),
        required=True,
    ),
    Column(
        "last_name",
        "surname",
        ("Preferred Surname", "Surname", "Last Name", "Legal Surname", "Legal Last Name"),
        required=True,
    ),
    Column("job_title", "job title", ("Job Title", "Role", "Staff Role", "Post", "Position")),
    Column("haven_roles", "Haven role", ("Haven Role", "Haven Roles")),
)


# --- Reading the file -------------------------------------------------------------------------


def decode(data: bytes) -> str:
    """The file's text, or NotCsv saying why it is not a CSV export.

    MIS exports are UTF-8 (often with a byte-order mark) or Windows Latin-1; anything with NUL
    bytes, a media or document signature, or control characters is refused before it is read.
    """
    if not data.strip():
        raise NotCsv("The file is empty. Export the list from your MIS again.")
    if len(data) > MAX_FILE_BYTES:
        raise NotCsv("The file must be smaller than 5 MB. Split the list into smaller files.")
    kind = _binary_kind(data)
    if kind:
        raise NotCsv(
            f"The file looks like {kind}, not a CSV file. Haven only accepts a list saved as "
            "CSV (comma separated values) from your MIS or a spreadsheet."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = (
            data.decode("cp1252", errors="strict") if _is_cp1252(data) else data.decode("latin-1")
        )
    if _has_control_characters(text):
        raise NotCsv(
            "The file has characters that do not belong in a CSV file. Save the list as CSV "
            "(comma separated values) and try again."
        )
    return text


def _binary_kind(data: bytes) -> str | None:
    for magic, kind in MAGIC_NUMBERS:
        if data.startswith(magic):
            return kind
    if data[4:8] == ISO_MEDIA:
        return "an image or video"
    if b"\x00" in data:
        return "a binary file"
    return None


def _is_cp1252(data: bytes) -> bool:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _has_control_characters(text: str) -> bool:
    return CONTROL_CHARACTERS.search(text) is not None


def read_rows(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and each later row with the file line it starts on. Blank rows are skipped."""
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header = [cell.strip() for cell in cells]
            else:
                rows.append((start, [cell.strip() for cell in cells]))
    except csv.Error as error:
        raise NotCsv(
            f"Line {line} cannot be read as CSV ({error}). Export the list again."
        ) from None
    if header is None:
        raise NotCsv("The file is empty. Export the list from your MIS again.")
    return header, rows


def match_columns(
    header: Sequence[str], columns: Sequence[Column]
) -> tuple[dict[str, int], list[str]]:
    """Which cell holds each field (the most specific spelling wins), and the headers not used."""
    positions = {normalise_header(name): index for index, name in reversed(list(enumerate(header)))}
    found: dict[str, int] = {}
    for column in columns:
        for alias in column.aliases:
            if normalise_header(alias) in positions:
                found[column.field] = positions[normalise_header(alias)]
                break
    used = set(found.values())
    ignored = [name for index, name in enumerate(header) if index not in used and name]
    return found, ignored


# --- Reading rows -------------------------------------------------------------------------------


def _readers(today: date) -> dict[str, Callable[[str], Any]]:
    return {
        "upn": read_upn,
        "legal_first_name": read_required_name,
        "legal_last_name": read_required_name,
        "preferred_first_name": read_name,
        "preferred_last_name": read_name,
        "date_of_birth": lambda value: read_date(value, today=today),
        "year": read_year,
        "reg_group": read_group,
        "gender": read_gender,
        "send": read_send,
        "looked_after": read_yes_no,
        "has_social_worker": read_social_worker,
        "email": read_email,
        "first_name": read_required_name,
        "last_name": read_required_name,
        "job_title": read_job_title,
        "haven_roles": read_haven_roles,
    }


def parse_rows(
    header: Sequence[str],
    rows: Sequence[tuple[int, Sequence[str]]],
    columns: Sequence[Column],
    *,
    key: str,
    today: date,
) -> Parsed:
    """Read every row; report each bad cell and each repeated key with its line number."""
    found, ignored = match_columns(header, columns)
    parsed = Parsed(
        columns={f: header[i] for f, i in found.items()}, ignored=ignored, row_count=len(rows)
    )
    missing = [column for column in columns if column.required and column.field not in found]
    if missing:
        parsed.errors = [LineError(1, _missing_message(column)) for column in missing]
        return parsed
    readers = _readers(today)
    labels = {column.field: column.label for column in columns}
    first_line: dict[str, int] = {}
    for line, cells in rows:
        row, problems = _parse_row(line, cells, found, readers, labels)
        parsed.errors.extend(problems)
        if problems:
            continue
        if row[key] in first_line:
            parsed.errors.append(
                LineError(
                    line,
                    f"{_first_up(labels[key])} {row[key]} is also on line {first_line[row[key]]}",
                )
            )
            continue
        first_line[row[key]] = line
        parsed.rows.append(row)
    return parsed


def _first_up(label: str) -> str:
    return label[:1].upper() + label[1:]


def _missing_message(column: Column) -> str:
    spellings = " or ".join(f'"{alias}"' for alias in column.aliases[:3])
    return f"There is no {column.label} column. Haven looks for a column called {spellings}."


def _parse_row(
    line: int,
    cells: Sequence[str],
    found: Mapping[str, int],
    readers: Mapping[str, Callable[[str], Any]],
    labels: Mapping[str, str],
) -> tuple[dict[str, Any], list[LineError]]:
    row: dict[str, Any] = {"line": line}
    problems = []
    for name, index in found.items():
        value = cells[index] if index < len(cells) else ""
        try:
            row[name] = readers[name](value)
        except BadValue as error:
            problems.append(LineError(line, f"{_first_up(labels[name])} {error}"))
    return row, problems


def parse_pupils(text: str, *, today: date) -> Parsed:
    header, rows = read_rows(text)
    return parse_rows(header, rows, PUPIL_COLUMNS, key="upn", today=today)


def parse_staff(text: str, *, today: date) -> Parsed:
    header, rows = read_rows(text)
    return parse_rows(header, rows, STAFF_COLUMNS, key="email", today=today)
