"""A real ``oxigraph serve`` process on loopback for remote-store tests (no mocks).

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as folder, oxigraph_server(Path(folder)) as endpoint:
...     httpx.get(endpoint, params={"query": "ASK {}"}, headers={"Accept": "application/sparql-results+json"}).json()
{'head': {}, 'boolean': True}
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def oxigraph_server(location: Path, timeout_s: int = 30, union: bool = True) -> Iterator[str]:
    """Start ``oxigraph serve`` (with the union default graph unless ``union=False``); yields the
    query endpoint."""
    exe = shutil.which("oxigraph")
    if exe is None:  # the test extra installs it; missing means a broken environment
        raise RuntimeError("the `oxigraph` command is not installed (pip install oxigraph)")
    port = free_port()
    proc = subprocess.Popen(
        [exe, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}",
         *(["--union-default-graph"] if union else []), "--timeout-s", str(timeout_s)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    endpoint = f"http://127.0.0.1:{port}/query"
    try:
        _wait_ready(endpoint, proc)
        yield endpoint
    finally:
        stop_process(proc)


def stop_process(proc: subprocess.Popen, grace: float = 10.0) -> None:
    """Terminate a server process, killing it when it does not end within ``grace`` seconds."""
    proc.terminate()
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


def _wait_ready(endpoint: str, proc: subprocess.Popen, limit: float = 15.0) -> None:
    wait_ready(endpoint, proc, "oxigraph serve", limit)


def wait_ready(endpoint: str, proc: subprocess.Popen, name: str, limit: float,
               log: Callable[[], str] = lambda: "") -> None:
    """Poll a SPARQL server until it answers ``ASK {}``; its stderr (and ``log()``) when it exits."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{name} exited: {proc.stderr.read().decode(errors='replace')} {log()}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.post(endpoint, data={"query": "ASK {}"}, timeout=2).status_code == 200:
                return
        time.sleep(0.05)
    raise RuntimeError(f"{name} did not answer at {endpoint}")
