"""A real `referatgraf bulk-ingest` killed half way: no worker outlives it, the store says it is
incomplete (`stats`, `validate` exit 1), a plain rerun is refused, and `--resume` finishes it.

Processes are read from /proc (Linux), so nothing beyond the standard library is needed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import generated_minutes

MEETINGS = 150  # several seconds of parsing for two workers on an idle machine: killed well before the end
pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")


def cli(err: Path, *args: str) -> subprocess.Popen:
    """The real command; stderr to a file (a worker left alive would hold a pipe open)."""
    with err.open("w") as sink:
        return subprocess.Popen([sys.executable, "-m", "referatgraf.cli", *args], stdout=subprocess.DEVNULL,
                                stderr=sink)


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "referatgraf.cli", *args], capture_output=True, text=True,
                          timeout=300)


def _stat(pid: int) -> tuple[str, int] | None:
    """(state, parent id) of a process, None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()
    return fields[0], int(fields[1])


def children(parent: int) -> list[int]:
    return [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit() and (_stat(int(p.name)) or ("", 0))[1] == parent]


def alive(pid: int) -> bool:
    stat = _stat(pid)
    return stat is not None and stat[0] not in ("Z", "X")


def wait_or_kill(proc: subprocess.Popen, limit: float = 30) -> None:
    """Wait for the killed CLI to end; one that hangs is killed (not left behind) and fails the test."""
    try:
        proc.wait(timeout=limit)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise


def wait_for(condition, limit: float) -> bool:  # noqa: ANN001 - a callable
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_minutes(tmp_path_factory.mktemp("bulk") / "corpus", MEETINGS, seed=3)


def start_and_kill(corpus: Path, store: Path, signum: int) -> tuple[subprocess.Popen, list[int]]:
    """Start a bulk load with two workers, and send ``signum`` once they are parsing."""
    proc = cli(store.parent / "stderr.txt", "bulk-ingest", str(corpus), "--store", str(store), "--index", str(store.parent / "index"),
               "-m", "Egebjerg", "--workers", "2")
    assert wait_for(lambda: len(children(proc.pid)) >= 2, 60), (store.parent / "stderr.txt").read_text()
    workers = children(proc.pid)
    time.sleep(0.3)  # mid-load: the workers have chunks in hand
    assert proc.poll() is None, "the load finished before it could be killed: use a bigger corpus"
    os.kill(proc.pid, signum)
    return proc, workers


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT], ids=lambda s: s.name)
def test_no_worker_outlives_a_killed_bulk_ingest(tmp_path: Path, corpus: Path, signum: int) -> None:
    proc, workers = start_and_kill(corpus, tmp_path / "store", signum)
    wait_or_kill(proc)
    err = (tmp_path / "stderr.txt").read_text()
    assert wait_for(lambda: not any(alive(pid) for pid in workers), 5), [_stat(p) for p in workers]
    if signum == signal.SIGKILL:
        assert proc.returncode == -signal.SIGKILL
    else:  # handled: one line, no traceback
        assert proc.returncode == 130, err
        assert "interrupted" in err and "--resume" in err and "Traceback" not in err


def test_an_interrupted_load_is_reported_incomplete_and_resumed(tmp_path: Path, corpus: Path) -> None:
    store = tmp_path / "store"
    proc, _ = start_and_kill(corpus, store, signal.SIGKILL)
    wait_or_kill(proc)
    stats = run("stats", "--store", str(store))
    assert stats.returncode == 0 and stats.stdout.startswith("warning: the store is incomplete"), stats
    validate = run("validate", "--store", str(store))
    assert validate.returncode == 1 and "the store is incomplete" in validate.stderr, validate
    again = run("bulk-ingest", str(corpus), "--store", str(store), "-m", "Egebjerg")
    assert again.returncode == 1 and "--resume" in again.stderr and "--replace" in again.stderr, again
    index = str(tmp_path / "index")
    resumed = run("bulk-ingest", str(corpus), "--store", str(store), "--index", index, "-m", "Egebjerg",
                  "--resume", "--workers", "2")
    assert resumed.returncode == 0, resumed.stderr
    search = run("search", "", "--store", str(store), "--index", index, "--format", "json")
    assert search.returncode == 0 and search.stderr == "", search  # the index is in step with the store
    assert "incomplete" not in run("stats", "--store", str(store)).stdout  # (validate reads the same mark)
    graphs = run("query", "--store", str(store), "--format", "csv",
                 "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").stdout.split()
    assert graphs == ["n", str(MEETINGS + 1)]  # the meetings and the shared graph, the mark gone


def test_serve_warns_about_an_incomplete_store(tmp_path: Path) -> None:
    import pyoxigraph as ox

    from oxigraph_server import free_port
    from referatgraf.ingest import load_mark

    store = ox.Store(str(tmp_path / "store"))
    load_mark.begin(store)  # as a bulk load does before its first batch
    del store
    serve = subprocess.Popen([sys.executable, "-m", "referatgraf.cli", "serve", "--store", str(tmp_path / "store"),
                              "--port", str(free_port())], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        first = serve.stderr.readline()  # written before the server listens
    finally:
        serve.terminate()
        serve.wait(timeout=30)
    assert first.startswith("referatgraf: warning: the store is incomplete: a bulk load started "), first
