"""Command line: `python -m haven.language` checks one text per line of standard input.

Each input line gives one JSON object per output line, in the same order:
    {"flagged": true, "findings": [{"start": 4, "end": 10, "text": "silly", ...}]}
Offsets count characters (code points) of the line, without its line ending.
`python -m haven.language --evaluate` measures the guard instead (see evaluate.py); add
`--benchmark` to time 2,000-word texts, or `--bench` for sentences per second.
"""

import argparse
import io
import json
import sys
from collections.abc import Iterable, Sequence
from typing import TextIO

from haven.language import evaluate
from haven.language.guard import check_text


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m haven.language",
        description="Check text for victim-blaming language: one text per line in, "
        "one JSON object per line out.",
    )
    parser.add_argument(
        "--evaluate",
        action="store_true",
        help="measure precision and recall per kind, and speed, instead (add --quiet to hide "
        "the mistakes, --set dev|fresh|test for one part, --benchmark to time 2,000-word texts, "
        "--bench for sentences per second)",
    )
    parser.add_argument(
        "--bench", action="store_true", help="print how many sentences a second it checks"
    )
    args, rest = parser.parse_known_args(argv)
    if args.bench:
        return evaluate.main(["--bench", *rest])
    if args.evaluate:
        return evaluate.main(rest)
    if rest:
        parser.error(f"unrecognised arguments: {' '.join(rest)}")
    # Read and write UTF-8 whatever the locale: notes hold curly quotes, accents and emoji.
    stdin = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace", newline="\n")
    stdout = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="\n")
    check_lines(stdin, stdout)
    stdout.flush()
    stdout.detach()  # leave sys.stdout usable after we are done with our wrapper
    return 0


def check_lines(lines: Iterable[str], out: TextIO) -> None:
    """Write one JSON result per input line, flushing each so the command can run as a pipe."""
    for line in lines:
        findings = check_text(line.rstrip("\r\n"))
        result = {"flagged": bool(findings), "findings": [f.to_dict() for f in findings]}
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
        out.flush()


if __name__ == "__main__":
    sys.exit(main())
