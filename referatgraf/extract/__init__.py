"""Stage 2: find actors, references, dates and amounts in a parsed meeting and resolve them.

``extract(meeting) -> Extraction``. Reads only the typed model (never raw files), writes no RDF.
See extract.pipeline for the steps and docs/actors.md for the rules and the data files.
"""

from __future__ import annotations

from referatgraf.extract.model import Entity, Extraction, Mention, PostHolding, Span
from referatgraf.extract.pipeline import extract

__all__ = ["Entity", "Extraction", "Mention", "PostHolding", "Span", "extract"]
