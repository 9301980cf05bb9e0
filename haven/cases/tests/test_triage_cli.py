"""`python -m haven.cases.triage`: one JSON object in, one out, status 2 and the field on bad input.

The first tests run the real command as auditors would; the rest call `main` in-process.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from haven.cases.tests.facts import DESIGN_FACTS
from haven.cases.triage import main

# tests/ -> cases/ -> haven/ -> the repository root, where `-m haven...` resolves.
ROOT = Path(__file__).resolve().parents[3]

DESIGN_ASSESSMENT = {
    "immediate_referral": False,
    "criteria": [],
    "to_consider": [],
    "unanswered": [],
    "manage_in_school_allowed": True,
    "call_999": False,
    "override_allowed": False,
}
SEXTORTION = {
    "people": [{"role": "pictured", "age": 15}, {"role": "requester", "age": None}],
    "content": {"sexual_acts": True},
    "circumstances": {"money_or_more_images_demanded": True, "online_contact_unverified": True},
    "risk": {"suicidal_or_self_harming": None, "immediate_danger": None},
}


def run(stdin: bytes, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "haven.cases.triage", *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )


def run_in_process(stdin: str, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(args), stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def test_the_command_turns_the_designs_example_facts_into_its_example_assessment():
    result = run(json.dumps(DESIGN_FACTS).encode())
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    assert json.loads(result.stdout) == DESIGN_ASSESSMENT
    assert list(json.loads(result.stdout)) == list(DESIGN_ASSESSMENT)
    assert result.stdout.count(b"\n") == 1  # one JSON object, one line


def test_the_command_assesses_a_sextortion_report():
    result = run(json.dumps(SEXTORTION).encode())
    assert result.returncode == 0, result.stderr
    assessment = json.loads(result.stdout)
    assert assessment["immediate_referral"] is True
    assert assessment["criteria"] == ["COERCION_OR_CAPACITY"]
    assert [item["criterion"] for item in assessment["to_consider"]] == [
        "ADULT_INVOLVED",  # the unverified contact
        "COERCION_OR_CAPACITY",  # money demanded: may be sextortion
    ]
    assert assessment["override_allowed"] is False
    assert assessment["unanswered"] == [
        "people[1].age",
        "content.violence",
        "content.unusual_for_developmental_stage",
        "risk.suicidal_or_self_harming",
        "risk.immediate_danger",
    ]
    assert assessment["manage_in_school_allowed"] is False
    assert assessment["call_999"] is False


def test_the_command_names_the_field_of_bad_facts_and_exits_2():
    facts = {"people": [{"role": "pictured", "age": True}]}
    result = run(json.dumps(facts).encode())
    assert result.returncode == 2
    assert result.stdout == b""
    assert result.stderr == b"error: people[0].age: must be a whole number of years or null\n"


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        (b"", b"error: invalid JSON: Expecting value (line 1, column 1)\n"),
        (b"{", b"error: invalid JSON:"),
        (b"{} {}", b"error: invalid JSON: Extra data (line 1, column 4)\n"),
        (b'{"risk": {}, "risk": {}}', b'error: invalid JSON: the key "risk" appears twice'),
        (b"\xff\xfe{}", b"error: input is not valid UTF-8\n"),
        (b"[1, 2]", b"error: the facts must be a JSON object\n"),
    ],
    ids=["empty", "truncated", "two objects", "duplicate key", "not UTF-8", "a list"],
)
def test_the_command_refuses_input_that_is_not_one_json_object(stdin, message):
    result = run(stdin)
    assert result.returncode == 2
    assert result.stdout == b""
    assert result.stderr.startswith(message)


def test_the_command_accepts_a_byte_order_mark():
    result = run(b"\xef\xbb\xbf" + json.dumps(DESIGN_FACTS).encode())
    assert result.returncode == 0, result.stderr


def test_the_command_explains_itself_on_help():
    result = run(b"", "--help")
    assert result.returncode == 0
    assert result.stdout.startswith(b"usage: python -m haven.cases.triage")


def test_the_command_refuses_arguments():
    result = run(b"{}", "--pretty")
    assert result.returncode == 2
    assert result.stderr.startswith(b"error: unexpected argument '--pretty'")


@pytest.mark.parametrize(
    ("facts", "message"),
    [
        ({"content": {"nudity": True}}, "error: content.nudity: unknown field"),
        ({"people": [{"role": "victim"}]}, "error: people[0].role: must be one of"),
        ({"people": [{"age": 14}]}, "error: people[0].roles: is required"),
        (
            {"people": [{"role": "sender", "roles": ["sender", "pictured"]}]},
            "error: people[0].roles: give roles or role, not both",
        ),
        ({"people": [{"roles": ["pictured", "dealer"]}]}, "error: people[0].roles[1]: must be"),
        (
            {"people": [{"roles": ["pictured"], "age": 13, "age_in_image": 14}]},
            "error: people[0].age_in_image: cannot be more than their age",
        ),
        ({"people": [{"role": "pictured", "age": 121}]}, "error: people[0].age: must be between"),
        (
            {"circumstances": {"pressure_or_coercion": "yes"}},
            "error: circumstances.pressure_or_coercion: must be true, false or null",
        ),
    ],
    ids=[
        "unknown field",
        "unknown role",
        "no role",
        "role and roles",
        "unknown part in roles",
        "image made after today",
        "absurd age",
        "string for a yes/no",
    ],
)
def test_main_names_the_field_in_its_error(facts, message):
    status, out, err = run_in_process(json.dumps(facts))
    assert (status, out) == (2, "")
    assert err.startswith(message)
    assert err.count("\n") == 1


def test_main_refuses_a_number_too_long_to_read():
    status, _, err = run_in_process('{"people": [{"role": "pictured", "age": ' + "9" * 5000 + "}]}")
    assert status == 2
    assert err == "error: invalid JSON: a number is too long\n"


def test_main_refuses_input_nested_too_deeply():
    status, _, err = run_in_process("[" * 100_000)
    assert status == 2
    assert err == "error: invalid JSON: nested too deeply\n"


def test_main_in_process_gives_what_the_command_gives():
    status, out, err = run_in_process(json.dumps(SEXTORTION))
    assert (status, err) == (0, "")
    assert out.encode() == run(json.dumps(SEXTORTION).encode()).stdout


def test_main_treats_an_empty_object_as_nothing_known_yet():
    status, out, _ = run_in_process("{}")
    assert status == 0
    assessment = json.loads(out)
    assert assessment["criteria"] == []
    assert assessment["manage_in_school_allowed"] is False
    assert "risk.immediate_danger" in assessment["unanswered"]


def test_the_command_takes_a_list_of_parts_and_the_age_in_the_image():
    facts = {
        "people": [{"roles": ["pictured", "taker", "sender"], "age": 13, "age_in_image": 12}],
        "content": {"sexual_acts": True},
    }
    status, out, err = run_in_process(json.dumps(facts))
    assert (status, err) == (0, "")
    assessment = json.loads(out)
    assert assessment["criteria"] == ["UNDER_13_SEXUAL_ACTS"]
    assert assessment["override_allowed"] is True
