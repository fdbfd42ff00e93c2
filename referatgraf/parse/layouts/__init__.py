"""Publishing layouts, registered by name (like rdflib plugins).

A layout is an object with ``name``, ``sniff(source) -> float`` (0 = not mine, 1 = surely mine)
and ``parse(source) -> Meeting``; optionally ``explain(source) -> str | None``, saying why it did
not claim a document that looks partly like its own (shown in the error). :func:`detect` picks the best-scoring one; a document no layout
claims raises :class:`~referatgraf.parse.errors.UnrecognisedLayout`.

The built-in readers are listed in :data:`READERS`, one line per publishing system: a new
system is one new module and one line there. Others can :func:`register` their own.

>>> names()[:3]
['acadre-pdf', 'acadre-xml', 'edoc-pdf']
"""

from __future__ import annotations

from typing import Protocol

from referatgraf.parse.errors import UnrecognisedLayout
from referatgraf.parse.model import Meeting
from referatgraf.parse.source import SourceText


class Layout(Protocol):
    name: str

    def sniff(self, source: SourceText) -> float: ...

    def parse(self, source: SourceText) -> Meeting: ...


_REGISTRY: dict[str, Layout] = {}


def register(layout: Layout) -> Layout:
    """Add (or replace) a layout under its name."""
    _REGISTRY[layout.name] = layout
    return layout


def get(name: str) -> Layout:
    _load_builtins()
    return _REGISTRY[name]


def names() -> list[str]:
    _load_builtins()
    return sorted(_REGISTRY)


def detect(source: SourceText) -> Layout:
    """The layout that claims ``source`` most strongly."""
    _load_builtins()
    scored = sorted(((lay.sniff(source), lay.name, lay) for lay in _REGISTRY.values()), key=lambda t: (-t[0], t[1]))
    if not scored or scored[0][0] <= 0:
        preview = [f"{n}: {text}" for n, text in source.first_content_lines(5)]
        hints = [h for lay in _REGISTRY.values() if (h := _explain(lay, source))]
        reason = f" ({'; '.join(hints)})" if hints else ""
        raise UnrecognisedLayout(
            f"unrecognised layout{reason}; could not place these first lines:\n  " + "\n  ".join(preview),
            file=source.name, line=preview and source.first_content_lines(1)[0][0] or None,
        )
    return scored[0][2]


def _explain(layout: Layout, source: SourceText) -> str | None:
    """A layout's optional word on why it did not claim ``source`` ("header but no items")."""
    explain = getattr(layout, "explain", None)
    return explain(source) if explain else None


#: reader name → the module that registers it (each module calls :func:`register` on import).
READERS: dict[str, str] = {
    "firstagenda-json": "firstagenda_json",  # FirstAgenda publication portal: meeting JSON
    "firstagenda-html": "firstagenda_html",  # FirstAgenda publication portal: meeting page as saved (HTML)
    "firstagenda-html": "firstagenda_html",  # FirstAgenda publication portal: meeting page as saved
    "referat": "referat",                    # "Punkt N:" minutes and agendas as text, markdown, PDF (FirstAgenda PDF)
    "edoc-pdf": "edoc_pdf",                  # eDoc: published PDF minutes
    "edoc-xml": "edoc_xml",                  # eDoc: agenda-publishing XML
    "acadre-pdf": "acadre_pdf",              # Acadre MM: published PDF minutes
    "acadre-xml": "acadre_xml",              # Acadre MM: table/field XML
    "sbsys-xml": "sbsys_xml",                # SBSYS eDagsorden publication XML (or its zip)
    "word-minutes": "word_minutes",          # minutes written in Word: "1", "1.1" items, Oplæg/Referat
    "export-json": "export_json",            # other systems' JSON exports, read heuristically
    "export-xml": "export_xml",              # other systems' XML exports, read heuristically
    "export-text": "export_text",            # other systems' key: value text exports
}

_loaded = False


def _load_builtins() -> None:
    """Import the built-in reader modules of :data:`READERS`."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    import importlib

    for module in dict.fromkeys(READERS.values()):
        importlib.import_module(f"{__name__}.{module}")
    missing = set(READERS) - set(_REGISTRY)
    if missing:  # pragma: no cover - a table line whose module registers another name
        raise RuntimeError(f"reader table names readers no module registered: {sorted(missing)}")
