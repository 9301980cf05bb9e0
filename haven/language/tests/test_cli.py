"""The command line, run as a real subprocess the way other tools will call it."""

# ruff: noqa: RUF001 - curly quotes, apostrophes and dashes are what this module reads.

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "haven.language", *args],
        input=stdin.encode("utf-8"),
        capture_output=True,
        cwd=REPO,
        check=True,
        timeout=60,
    )


def test_the_command_writes_one_json_object_per_input_line_in_the_same_order() -> None:
    lines = [
        "She was asking for it.",
        "",
        "I passed the concern to the DSL.",
        "Pupil said “I was so stupid”.",
        "It’s child porn 😢",
    ]
    result = run(stdin="\n".join(lines) + "\n")
    output = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
    assert [item["flagged"] for item in output] == [True, False, False, False, True]
    assert output[1] == {"flagged": False, "findings": []}
    assert output[0]["findings"][0]["text"] == "asking for it"
    finding = output[4]["findings"][0]
    assert lines[4][finding["start"] : finding["end"]] == "child porn"


def test_the_command_handles_windows_line_endings_and_a_missing_final_newline() -> None:
    result = run(stdin="She was silly.\r\nAll fine.")
    output = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
    assert [item["flagged"] for item in output] == [True, False]


def test_the_command_writes_utf8_whatever_the_locale() -> None:
    result = run(stdin="Naïve of her.\n")
    assert json.loads(result.stdout.decode("utf-8"))["findings"][0]["text"] == "Naïve"


def test_the_evaluate_option_ends_with_precision_and_recall() -> None:
    result = run("--evaluate")
    last = result.stdout.decode("utf-8").splitlines()[-1]
    words = last.split()
    assert words[0] == "precision"
    assert words[2] == "recall"


def test_an_unknown_option_is_refused_with_status_2() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "haven.language", "--bogus"],
        capture_output=True,
        cwd=REPO,
        check=False,
        timeout=60,
    )
    assert result.returncode == 2
    assert b"--bogus" in result.stderr


def test_the_guard_and_its_command_work_without_django() -> None:
    # The core must stay pure Python: only the web side (apps.py, views.py, urls.py) imports Django.
    code = (
        "import sys; sys.modules['django'] = None; "
        "import haven.language, haven.language.__main__, haven.language.evaluate; "
        "print(bool(haven.language.check_text('She was silly.')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, cwd=REPO, check=True, timeout=60
    )
    assert result.stdout.strip() == b"True"


def test_empty_input_gives_empty_output() -> None:
    assert run(stdin="").stdout == b""


def test_bench_on_its_own_prints_sentences_per_second(capsys) -> None:
    from haven.language.__main__ import main

    assert main(["--bench"]) == 0
    assert "sentences per second" in capsys.readouterr().out
