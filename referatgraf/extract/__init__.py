"""Stage 2: find actors, references, dates and amounts in a parsed meeting and resolve them.

``extract(meeting) -> Extraction``. Reads only the typed model (never raw files), writes no RDF.
"""

from __future__ import annotations

from referatgraf.extract.model import Entity, Extraction, Mention, PostHolding, Span
from referatgraf.parse.model import Meeting

__all__ = ["Entity", "Extraction", "Mention", "PostHolding", "Span", "extract"]


def extract(meeting: Meeting, settings=None) -> Extraction:  # noqa: ANN001 - replaced by issue 4
    """Placeholder until the extraction pipeline lands: finds nothing."""
    return Extraction()
