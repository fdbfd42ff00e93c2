"""The README's first command — the main job on the embedded store — runs as written (without
its ``pip install`` step, which the test environment has done) and prints a case history; every
command the README's table names exists in the CLI."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    return [line[4:] for line in README.splitlines()[:4] if line.startswith("    ")]


def test_the_readme_opens_with_two_commands() -> None:
    main, tests = _commands()
    assert "referatgraf ingest" in main and "pytest" in tests


def test_the_main_job_runs_on_a_fresh_embedded_store(tmp_path: Path) -> None:
    main = _commands()[0].replace("pip install -e . && ", "")
    exe = Path(sys.executable).parent
    env = {**os.environ, "REFERATGRAF_STORE": str(tmp_path / "store"), "PATH": f"{exe}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(["bash", "-c", main], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "0 failed" in done.stderr + done.stdout and re.search(r"\d+ row\(s\)", done.stdout + done.stderr)
    assert (tmp_path / "store").exists()  # the settings reached every command


def test_every_command_in_the_readme_table_exists() -> None:
    named = set(re.findall(r"^\| `referatgraf ([a-z-]+)", README, re.MULTILINE))
    done = subprocess.run([sys.executable, "-m", "referatgraf.cli", "--help"], capture_output=True, text=True,
                          env={**os.environ, "COLUMNS": "200"})
    listed = done.stdout
    assert named and all(name in listed for name in named), (named, listed[-500:])
