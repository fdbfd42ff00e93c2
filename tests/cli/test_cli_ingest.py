"""What the ingest and harvest commands print, built from ingest's callbacks (console.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SEED_FILES
from referatgraf.console import harvest_line, harvest_progress, progress_bar, render_summary
from referatgraf.ingest.harvest import ListedMeeting, MeetingOutcome
from referatgraf.ingest.pipeline import ingest_paths
from referatgraf.settings import Settings
from referatgraf.store.embedded import EmbeddedStore

SETTINGS = Settings(municipality="Albertslund", base_iri="https://example.org/")


@pytest.mark.parametrize("enabled", [False, True])
def test_the_progress_bar_follows_an_ingest(tmp_path: Path, enabled: bool, capsys: pytest.CaptureFixture) -> None:
    with EmbeddedStore(tmp_path / "s") as store, progress_bar(enabled) as progress:
        summary = ingest_paths(SEED_FILES[:2], store, SETTINGS, progress)
    assert summary.failures == [] and render_summary(summary).startswith("2 meeting(s), ")
    assert capsys.readouterr().out == ""  # the bar is on stderr, and gone when done


def test_harvest_lines_count_the_meetings() -> None:
    lines: list[str] = []
    progress = harvest_progress(lines.append)
    progress.started(2)
    dated = ListedMeeting("m1", "Byråd", "2024-04-17T19:00:00+02:00")
    undated = ListedMeeting("m2", "Økonomiudvalget", "")
    progress.document_done("u1", MeetingOutcome(dated, "u1", "changed", 4))
    progress.document_done("u2", MeetingOutcome(undated, "u2", "failed", message="GET u2: HTTP 404"))
    assert lines == ["[1/2] 2024-04-17 Byråd: changed, re-ingested (4 items)",
                     "[2/2] no date Økonomiudvalget: failed: GET u2: HTTP 404"]
    assert harvest_line(7, 9, MeetingOutcome(dated, "u1", "unchanged")) == "[7/9] 2024-04-17 Byråd: unchanged"


def test_a_reingest_that_would_lose_items_exits_1_and_force_replaces(tmp_path: Path) -> None:
    """A truncated copy of a real seed (made here, in tmp_path) does not replace the stored one."""
    from typer.testing import CliRunner

    from referatgraf.cli import app

    seed = SEED_FILES[1]
    lines = seed.read_text(encoding="utf-8").split("\n")
    cut = tmp_path / "cut" / seed.name
    cut.parent.mkdir()
    cut.write_text("\n".join(lines[: next(i for i, line in enumerate(lines) if "Punkt 8:" in line)]), encoding="utf-8")
    store = tmp_path / "store"
    run = lambda *args: CliRunner().invoke(app, ["ingest", "--store", str(store), "-m", "Albertslund", *args])  # noqa: E731
    assert run(str(seed)).exit_code == 0
    refused = run(str(cut))
    assert refused.exit_code == 1
    assert f"referatgraf: {cut}: not stored" in refused.stderr and "3 of 10 agenda items would be removed: 8 " in refused.stderr
    forced = run("--force", str(cut))
    assert forced.exit_code == 0 and forced.stdout.startswith("1 meeting(s), 7 item(s)"), forced.stdout
