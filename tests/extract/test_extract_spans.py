"""Every mention's span points at its text in the source file (line and offsets)."""

from __future__ import annotations

import re

from referatgraf.extract import extract
from referatgraf.parse import parse_file

_MARKUP = re.compile(r"<[^>]+>|\*|^#+ ")  # markup the parser removes shifts offsets


def test_spans_point_at_the_mention(seed_file):
    lines = seed_file.read_text(encoding="utf-8").split("\n")
    extraction = extract(parse_file(seed_file))
    assert extraction.mentions
    for m in extraction.mentions:
        raw = lines[m.span.line - 1]
        assert m.text in raw, (m, raw)
        assert 0 <= m.span.start < m.span.end
        assert m.span.end - m.span.start == len(m.text)
        if m.section != "title" and not _MARKUP.search(raw):
            assert raw[m.span.start:m.span.end] == m.text, (m, raw)


def test_mentions_come_from_titles_and_every_section_kind(seed_file):
    meeting = parse_file(seed_file)
    sections = {m.section for m in extract(meeting).mentions}
    assert "title" in sections
    assert "indstilling" in sections
    assert sections & {"beslutning", "sagsfremstilling", "baggrund"}
