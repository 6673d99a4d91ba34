"""Starting `nomenklatur serve` as a user does, on a free port, for the tests that talk to the real server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def command() -> list[str]:
    script = Path(sys.executable).parent / "nomenklatur"
    return [str(script)] if script.exists() else [sys.executable, "-m", "nomenklatur"]


@contextmanager
def started(*args: str, cwd: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """The server's address once /sehat answers; the server is stopped on leaving."""
    port = free_port()
    process = subprocess.Popen([*command(), "serve", "--port", str(port), *args], cwd=cwd,
                               env={**os.environ, **(env or {})}, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            if process.poll() is not None:
                raise RuntimeError(f"nomenklatur serve stopped: {process.stderr.read()}")
            try:
                with urllib.request.urlopen(f"{url}/sehat", timeout=1) as answer:
                    if answer.read() == b"ok":
                        break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("nomenklatur serve did not answer within 15 s")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)
