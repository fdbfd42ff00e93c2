"""Gazetteers: the lists of known departments, bodies, organisations, posts and names, as data.

The defaults live in ``referatgraf/extract/data``; every folder in ``Settings.gazetteer_dirs``
is read after them with the same file names, so a user extends the lists without touching code
(a row whose canonical name is already known adds its aliases to it). Formats are described at
the top of each data file and in docs/actors.md.

>>> g = load_gazetteer()
>>> g.lookup("department", "ØS")
'Økonomi & Stab'
>>> g.lookup("body", "chefforum")
'Chefforum'
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

# file name → entity kind, for the name/aliases/case tables
TABLES = {
    "departments.tsv": "department",
    "bodies.tsv": "body",
    "organisations.tsv": "organisation",
    "posts.tsv": "post",
}


@dataclass
class GazetteerEntry:
    kind: str
    name: str
    aliases: list[str] = field(default_factory=list)
    exact_case: bool = False

    @property
    def forms(self) -> list[str]:
        return [self.name, *self.aliases]


@dataclass
class PostTitle:
    """A title that makes a post with a department: "Chefen for X" → ("Chef", "for")."""

    title: str
    preposition: str


@dataclass
class NameTitle:
    """A word before a name ("konsulent", "kommunaldirektør", "ph.d.")."""

    kind: str  # post | function | degree
    post: str | None = None


@dataclass
class Gazetteer:
    entries: list[GazetteerEntry] = field(default_factory=list)
    post_titles: dict[str, PostTitle] = field(default_factory=dict)
    name_titles: dict[str, NameTitle] = field(default_factory=dict)
    first_names: frozenset[str] = frozenset()
    _index: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)

    def add(self, entry: GazetteerEntry) -> None:
        """Add an entry, or merge its aliases into a known one of the same kind and name."""
        known = self._index.get((entry.kind, entry.name.casefold()))
        target = next((e for e in self.entries if e.kind == entry.kind and e.name == known), None)
        if target is None:
            self.entries.append(entry)
            target = entry
        else:
            target.aliases.extend(a for a in entry.aliases if a not in target.forms)
        for form in target.forms:
            self._index[(target.kind, form.casefold())] = target.name

    def lookup(self, kind: str, form: str) -> str | None:
        """Canonical name of ``form`` (any case, spaces normalised) for ``kind``, or None."""
        return self._index.get((kind, normalise_space(form).casefold()))

    def is_first_name(self, token: str) -> bool:
        """True for a listed first name; a hyphenated one needs each part listed ("Anne-Mette")."""
        if token in self.first_names:
            return True
        parts = token.split("-")
        return len(parts) > 1 and all(p in self.first_names for p in parts)


def normalise_space(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _rows(path: Path):
    """Non-comment, non-blank rows of a TSV file, split on tabs."""
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        yield [c.strip() for c in raw.split("\t")]


def _read_folder(gaz: Gazetteer, folder: Path, first_names: set[str]) -> None:
    for file_name, kind in TABLES.items():
        path = folder / file_name
        if not path.is_file():
            continue
        for row in _rows(path):
            aliases = [a.strip() for a in (row[1] if len(row) > 1 else "").split("|") if a.strip()]
            exact = len(row) > 2 and row[2].lower() == "exact"
            gaz.add(GazetteerEntry(kind, normalise_space(row[0]), aliases, exact))
    if (path := folder / "post_titles.tsv").is_file():
        for row in _rows(path):
            gaz.post_titles[row[0].lower()] = PostTitle(row[1], row[2] if len(row) > 2 else "for")
    if (path := folder / "name_titles.tsv").is_file():
        for row in _rows(path):
            post = row[2] if len(row) > 2 and row[2] else None
            gaz.name_titles[row[0].lower()] = NameTitle(row[1] if len(row) > 1 else "function", post)
    if (path := folder / "first_names.txt").is_file():
        for raw in path.read_text(encoding="utf-8").splitlines():
            if raw.strip() and not raw.startswith("#"):
                first_names.add(raw.strip())


@functools.lru_cache(maxsize=8)
def _load(dirs: tuple[Path, ...]) -> Gazetteer:
    gaz = Gazetteer()
    first_names: set[str] = set()
    for folder in (DATA_DIR, *dirs):
        _read_folder(gaz, folder, first_names)
    gaz.first_names = frozenset(first_names)
    return gaz


def load_gazetteer(extra_dirs: list[Path] | tuple[Path, ...] = ()) -> Gazetteer:
    """The default gazetteer merged with the user's folders (cached per folder list)."""
    return _load(tuple(Path(d).resolve() for d in extra_dirs))
