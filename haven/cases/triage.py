"""`python -m haven.cases.triage`: the immediate-referral criteria from the command line.

Reads one JSON object (the facts) on standard input and writes one JSON object (the assessment)
on standard output, so that other systems and auditors can check Haven's rules without Haven.
Exit status: 0 on success, 2 on bad input (with a message on standard error naming the field).
docs/triage.md describes the facts and the assessment.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Final, TextIO

from haven.cases.rules import FactsError, assess, assessment_to_dict, parse_facts

EXIT_OK: Final = 0
EXIT_BAD_INPUT: Final = 2  # the usual status for a usage error, as argparse uses

USAGE: Final = """\
usage: python -m haven.cases.triage < facts.json

Reads the facts of an incident as one JSON object on standard input and writes the
assessment against the UKCIS immediate-referral criteria as one JSON object on standard
output. Exit status 2 means the input was refused; standard error says which field.
See docs/triage.md.
"""


class InputError(Exception):
    """Input refused before the rules run; the message is shown as is."""


def _reject_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
    # json keeps the last of two equal keys without a word; for a safeguarding record an answer
    # given twice is ambiguous, so refuse it.
    data: dict[str, object] = {}
    for key, value in pairs:
        if key in data:
            raise InputError(f"invalid JSON: the key {json.dumps(key)} appears twice in one object")
        data[key] = value
    return data


def _load(text: str) -> object:
    try:
        return json.loads(text, object_pairs_hook=_reject_duplicates)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise InputError(f"invalid JSON: {error.msg} ({where})") from error
    except RecursionError as error:
        raise InputError("invalid JSON: nested too deeply") from error
    except ValueError as error:  # e.g. an integer longer than Python will convert
        raise InputError("invalid JSON: a number is too long") from error


def _read(stdin: TextIO | None) -> str:
    if stdin is not None:
        return stdin.read()
    # Read bytes and decode ourselves so the locale cannot change what the facts say.
    try:
        return sys.stdin.buffer.read().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError("input is not valid UTF-8") from error


def _triage(text: str) -> str:
    try:
        facts = parse_facts(_load(text))
    except FactsError as error:
        raise InputError(str(error)) from error
    return json.dumps(assessment_to_dict(assess(facts)))


def main(
    argv: Sequence[str] | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the triage CLI; returns the exit status. Streams default to the process's own."""
    args = list(sys.argv[1:] if argv is None else argv)
    out = sys.stdout if stdout is None else stdout
    err = sys.stderr if stderr is None else stderr
    if args in (["-h"], ["--help"]):
        out.write(USAGE)
        return EXIT_OK
    if args:
        err.write(f"error: unexpected argument {args[0]!r}\n{USAGE}")
        return EXIT_BAD_INPUT
    try:
        result = _triage(_read(stdin))
    except InputError as error:
        err.write(f"error: {error}\n")
        return EXIT_BAD_INPUT
    out.write(result + "\n")
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
