"""Run by the sandbox tests in a child (haven.lib.sandbox targets: bytes to bytes)."""

import json
import os
import time


def echo(payload: bytes) -> bytes:
    return payload


def environment(payload: bytes) -> bytes:
    return json.dumps(dict(os.environ)).encode()


def write_file(payload: bytes) -> bytes:
    with open(payload.decode(), "wb") as file:
        file.write(b"a picture's bytes" * 1000)
        file.flush()
    return b"written"


def wait(payload: bytes) -> bytes:
    time.sleep(float(payload))
    return b"done"


def fill_memory(payload: bytes) -> bytes:
    hoard = [bytearray(1024 * 1024) for _ in range(int(payload))]
    return b"%d" % len(hoard)


def fail(payload: bytes) -> bytes:
    raise ValueError("a parser's own error")
