"""Publishing layouts, registered by name (like rdflib plugins).

A layout is an object with ``name``, ``sniff(source) -> float`` (0 = not mine, 1 = surely mine)
and ``parse(source) -> Meeting``; optionally ``explain(source) -> str | None``, saying why it did
not claim a document that looks partly like its own (shown in the error). :func:`detect` picks the best-scoring one; a document no layout
claims raises :class:`~referatgraf.parse.errors.UnrecognisedLayout`.

Register a new one with :func:`register` (built-ins register themselves on import below).
"""

from __future__ import annotations

from typing import Protocol

from referatgraf.parse.errors import UnrecognisedLayout
from referatgraf.parse.model import Meeting
from referatgraf.parse.reader import SourceText


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


_loaded = False


def _load_builtins() -> None:
    """Import the built-in layout modules; each calls :func:`register` at import time."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    import importlib
    import pkgutil

    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")
