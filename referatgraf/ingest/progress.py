"""What a running ingest tells its caller: three callbacks, so ingest never writes to a terminal.

Atomic ingest, bulk ingest and the harvest call ``started`` once with the number of documents
(None when not known up front: bulk streams its folders), ``document_done`` after each document
with its path (or URL) and outcome, and ``finished`` with the summary they return. The command
line gives its progress bar and per-meeting lines; tests and other callers pass what they need.

>>> seen = []
>>> progress = Progress(document_done=lambda path, outcome: seen.append(path))
>>> progress.started(2); progress.document_done("a.txt", None); progress.finished(None)
>>> seen
['a.txt']
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


def _ignore(*args: object) -> None:
    """A callback nobody asked for."""


@dataclass(frozen=True)
class Progress:
    """Callbacks of one ingest run; each defaults to doing nothing.

    Outcomes: atomic ingest passes a ``DocumentResult`` or an ``IngestFailure``
    (ingest.pipeline), bulk a ``LoadedDocument`` or an ``IngestFailure`` (ingest.bulk), the
    harvest a ``MeetingOutcome`` (ingest.harvest). Summaries: ``IngestSummary``,
    ``BulkSummary``, ``HarvestReport``.
    """

    started: Callable[[int | None], None] = _ignore
    document_done: Callable[[str, Any], None] = _ignore
    finished: Callable[[Any], None] = _ignore


#: what runs when the caller gives no callbacks
SILENT = Progress()
