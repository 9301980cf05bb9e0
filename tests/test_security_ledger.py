"""docs/security.md, the OWASP ASVS 5.0 ledger, stays complete and true to the repository.

Every level 1 and 2 requirement in docs/asvs-5.0-requirements.csv (OWASP's own list) has a row
with a status; every test it cites exists (found by reading the test file, as pytest would
collect it); every document it cites exists.
"""

import ast
import csv
import re
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEDGER = ROOT / "docs" / "security.md"
REQUIREMENTS = ROOT / "docs" / "asvs-5.0-requirements.csv"
STATUSES = {"test", "doc", "n/a", "gap"}
ROW = re.compile(r"^\| (V\d+\.\d+\.\d+) \| (\d) \| (.*?) \| (\S+) \| (.*) \|$")
CITED = re.compile(r"`([^`]+)`")


@cache
def required() -> dict[str, str]:
    """Requirement id to level, for levels 1 and 2."""
    with REQUIREMENTS.open(newline="", encoding="utf-8") as f:
        return {row["req_id"]: row["L"] for row in csv.DictReader(f) if row["L"] in {"1", "2"}}


@cache
def ledger() -> dict[str, tuple[str, str, list[str], str]]:
    """Requirement id to (level, status, cited paths and test ids, note)."""
    rows: dict[str, tuple[str, str, list[str], str]] = {}
    for line in LEDGER.read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if not match:
            continue
        req_id, level, _wording, status, evidence = match.groups()
        assert req_id not in rows, f"{req_id} has two rows in docs/security.md"
        cited = CITED.findall(evidence)
        note = CITED.sub("", evidence).replace("<br>", " ").strip()
        rows[req_id] = (level, status, cited, note)
    return rows


@cache
def collected_in(path: Path) -> frozenset[str]:
    """The test ids pytest would collect from a file: test_ functions and Test classes' methods."""
    names: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            if node.name.startswith("test"):
                names.add(node.name)
        elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and item.name.startswith("test"):
                    names.add(f"{node.name}::{item.name}")
    return frozenset(names)


def cited_tests() -> list[tuple[str, str]]:
    return [(req, c) for req, (_, _, cited, _) in ledger().items() for c in cited if "::" in c]


def cited_documents() -> list[tuple[str, str]]:
    return [(req, c) for req, (_, _, cited, _) in ledger().items() for c in cited if "::" not in c]


def test_the_requirement_list_is_asvs_5_levels_1_and_2():
    ids = required()
    # OWASP ASVS 5.0.0: 70 requirements at level 1 and 183 at level 2.
    assert sum(level == "1" for level in ids.values()) == 70
    assert sum(level == "2" for level in ids.values()) == 183


def test_every_level_1_and_2_requirement_has_a_row_with_a_status():
    missing = sorted(set(required()) - set(ledger()))
    assert not missing, f"no row in docs/security.md for {missing}"
    bad = {req: row[1] for req, row in ledger().items() if row[1] not in STATUSES}
    assert not bad, f"statuses must be one of {sorted(STATUSES)}: {bad}"


def test_every_row_names_a_requirement_of_the_standard_at_its_level():
    wrong = {req: level for req, (level, *_) in ledger().items() if required().get(req) != level}
    assert not wrong, f"not an ASVS 5.0 level 1 or 2 requirement at that level: {wrong}"


def test_each_status_carries_its_evidence():
    problems = []
    for req, (_, status, cited, note) in ledger().items():
        if status == "test" and not any("::" in c for c in cited):
            problems.append(f"{req}: 'test' cites no test")
        if status == "doc" and not cited:
            problems.append(f"{req}: 'doc' cites no document")
        if status in {"n/a", "gap"} and len(note) < 10:
            problems.append(f"{req}: '{status}' needs a reason")
    assert not problems, problems


def test_every_cited_test_exists():
    assert cited_tests(), "the ledger cites no tests at all"
    absent = []
    for req, node in cited_tests():
        file, _, name = node.partition("::")
        path = ROOT / file
        if not path.is_file() or name not in collected_in(path):
            absent.append(f"{req}: {node}")
    assert not absent, f"cited tests that do not exist: {absent}"


def test_every_cited_document_exists():
    absent = [f"{req}: {doc}" for req, doc in cited_documents() if not (ROOT / doc).exists()]
    assert not absent, f"cited documents that do not exist: {absent}"


def test_the_checks_catch_a_missing_test_and_a_missing_document():
    # The existence checks must fail on something absent, not pass on anything.
    here = collected_in(Path(__file__))
    assert "test_no_such_thing" not in here
    assert "test_every_cited_test_exists" in here
    assert not (ROOT / "docs" / "no-such-page.md").exists()
    line = "| V1.1.1 | 2 | Input is decoded… | test | `a/b.py::test_c`<br>Why. |"
    match = ROW.match(line)
    assert match
    assert CITED.findall(match.group(5)) == ["a/b.py::test_c"]
