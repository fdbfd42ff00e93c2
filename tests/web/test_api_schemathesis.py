"""schemathesis against the app's OpenAPI schema: generated requests for every operation, and no
answer may be a server error (5xx).

It runs schemathesis' own command line against the live server rather than its pytest plugin:
the plugin breaks with each new pytest release, the command line does not. Bounded: few
examples per operation, a fixed seed, a time budget well under a minute."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import httpx

from server_fixtures import live_server  # noqa: F401


def schemathesis_command() -> list[str]:
    exe = shutil.which("schemathesis", path=str(Path(sys.executable).parent)) or shutil.which("schemathesis")
    assert exe, "schemathesis is a test dependency (pip install -e '.[test]')"
    return [exe]


def test_no_server_errors(live_server, tmp_path):
    operations = len([m for p in httpx.get(f"{live_server.url}/openapi.json").json()["paths"].values() for m in p])
    assert operations >= 8, "the schema lost its operations"
    report = tmp_path / "report.json"
    run = subprocess.run(
        [*schemathesis_command(), "run", f"{live_server.url}/openapi.json",
         "--checks", "not_a_server_error", "--max-examples", "6", "--seed", "1",
         "--workers", "1", "--request-timeout", "30", "--max-time", "25", "--no-color",
         "--phases", "examples,coverage,fuzzing", "--suppress-health-check", "all",
         "--report", "ndjson", "--report-ndjson-path", str(report)],
        capture_output=True, text=True, timeout=240,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    events = [json.loads(line) for line in report.read_text().splitlines() if line.strip()]
    assert events, "schemathesis reported nothing"
    assert "not_a_server_error" in run.stdout or "passed" in run.stdout.lower(), run.stdout[-2000:]
