"""Running one risky function in a separate process, with a time limit and a memory limit.

Reading a document someone sent means running a parser (pypdf, the XML parser) on bytes they
chose. A file built to do so can make a parser work for minutes or eat memory: in the web process
that ties up a worker, or the whole machine. So the parsing runs in a child process:

- a fresh Python interpreter (`-I`: no environment variables, no user site, no current
  directory on the path), started with an empty environment, so the child holds none of Haven's
  secrets (keys, database address) and cannot reach the database;
- `RLIMIT_AS` caps its memory and `RLIMIT_CPU` its processor time (a backstop should the parent
  die); `RLIMIT_FSIZE` of 0 means it cannot write a file; `RLIMIT_NOFILE` keeps it to a few;
- the parent waits at most `Limits.seconds` of wall-clock time, then kills it.

Bytes in on stdin, bytes out on stdout: the target function is `bytes -> bytes`. No Django.
"""

import importlib
import math
import os
import resource
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import haven

# Where the `haven` package lives (a checkout or site-packages): the child puts it on its path.
_ROOT = str(Path(haven.__file__).resolve().parent.parent)
_BOOT = "import sys; sys.path.insert(0, sys.argv[1]); from haven.lib.sandbox import child; child()"
_OUT_OF_MEMORY = 3
_ENVIRONMENT = {"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}


@dataclass(frozen=True)
class Limits:
    """How long (wall clock, seconds, the interpreter's start included) and how much memory
    (bytes of address space) the child may take."""

    seconds: float = 10.0
    memory_bytes: int = 768 * 1024 * 1024


class SandboxFailed(Exception):
    """The child did not give an answer."""


class TookTooLong(SandboxFailed):
    """The child was still working when its time ran out, and was killed."""


class RanOutOfMemory(SandboxFailed):
    """The child needed more memory than its limit."""


class Crashed(SandboxFailed):
    """The child ended without an answer (an error, or a signal)."""


def run(target: str, payload: bytes, limits: Limits) -> bytes:
    """`target` ("package.module:function", a function of bytes to bytes) applied to `payload`
    in a child process within `limits`; SandboxFailed (a subclass saying why) if it gives no
    answer."""
    command = [
        sys.executable,
        "-I",
        "-c",
        _BOOT,
        _ROOT,
        target,
        str(limits.memory_bytes),
        str(math.ceil(limits.seconds) + 1),
    ]
    try:
        done = subprocess.run(  # noqa: S603 - our own interpreter and module, no shell
            command,
            input=payload,
            capture_output=True,
            timeout=limits.seconds,
            env=_ENVIRONMENT,
            cwd="/",
            check=False,
        )
    except subprocess.TimeoutExpired:  # subprocess.run has killed it and waited for it
        raise TookTooLong from None
    if done.returncode == _OUT_OF_MEMORY:
        raise RanOutOfMemory
    if done.returncode != 0:
        raise Crashed(done.returncode)
    return done.stdout


def child() -> None:
    """The child's side: limits first, then read stdin, run the target, write stdout."""
    _, _, target, memory, cpu_seconds = sys.argv
    resource.setrlimit(resource.RLIMIT_AS, (int(memory), int(memory)))
    resource.setrlimit(resource.RLIMIT_CPU, (int(cpu_seconds), int(cpu_seconds)))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    resource.setrlimit(resource.RLIMIT_NOFILE, (16, 16))
    try:
        function = _target(target)
        answer = function(sys.stdin.buffer.read())
    except MemoryError:
        os._exit(_OUT_OF_MEMORY)  # no clean-up that could itself need memory
    sys.stdout.buffer.write(answer)
    sys.stdout.buffer.flush()


def _target(target: str) -> Callable[[bytes], bytes]:
    module_name, _, function_name = target.partition(":")
    function: Callable[[bytes], bytes] = getattr(
        importlib.import_module(module_name), function_name
    )
    return function
