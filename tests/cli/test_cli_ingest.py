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
