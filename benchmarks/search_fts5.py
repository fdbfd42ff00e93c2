"""The engine not chosen, complete enough to compare like with like: a
:class:`~referatgraf.index.base.TextIndex` on SQLite FTS5 (stdlib ``sqlite3``).

* ``fts`` — an FTS5 table of the text fields (title, cases, decision, text, attachments), folded
  in Python with :func:`referatgraf.index.analysis.fold` (the package's one folding rule)
  before indexing and before querying; tokenizer ``unicode61`` without further diacritics work;
* ``items`` — rowid, item IRI, document, date and the record as JSON (hits are rebuilt from it);
* ``facets`` — (rowid, facet, value) per facet value, counted with GROUP BY over all matches.

Query syntax (as the contract's): words (each a prefix query, so "budget" finds
"budgetopfølgning"), "a phrase", ``-word`` / ``-"phrase"`` to exclude, case numbers
("00.01.00-A21-50-19", "21/12345") as exact token phrases, ISO dates ("2019-09-05") as the
meeting date. An unclosed quote is a :class:`QuerySyntaxError`.

The FTS table is contentless (``content=''``): the text is kept once, in the record JSON, and a
row is deleted by giving FTS5 its folded values again (SQLite 3.40 has no ``contentless_delete``).
No extra prefix indexes: prefix queries use the term index (smaller; fast enough for ≥ 3 letters).

>>> import tempfile, datetime as dt
>>> from referatgraf.index.model import ItemRecord, SearchRequest
>>> ix = Fts5Index(tempfile.mkdtemp())
>>> ix.replace_document("d", [ItemRecord("i1", "d", "m", title="Budgetopfølgning", text="Økonomi og stab",
...                                       body="Byrådet", date=dt.date(2020, 1, 2), cases=("21/123",))])
>>> a = ix.search(SearchRequest("budget oekonomi"))
>>> a.total, a.hits[0].matched_in, a.facets["body"][0].count
(1, ('title', 'text'), 1)
>>> ix.search(SearchRequest('"21/123"')).total, ix.search(SearchRequest("-budget")).total
(1, 0)
>>> ix.replace_document("d", []); ix.count(), ix.search(SearchRequest("budget")).total
(0, 0)
>>> ix.close()
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path

from referatgraf.index.base import IndexLockedError, QuerySyntaxError, TextIndex
from referatgraf.index.model import (FACETS, SORTS, FacetValue, Fragment, Hit, ItemRecord, SearchAnswer,
                                     SearchRequest)
from referatgraf.index.analysis import fold

COLUMNS = ("title", "cases", "decision", "text", "attachments")
WEIGHTS = (10.0, 10.0, 3.0, 1.0, 2.0)  # bm25 column weights: title and case numbers first
MATCHED = {"title": "title", "cases": "case", "decision": "decision", "text": "text", "attachments": "attachments"}
_TOKEN = re.compile(r'-?"[^"]*"|-?[^\s"]+|"')
_WORD = re.compile(r"[a-z0-9]+")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CASE = re.compile(r"^[0-9][0-9A-Za-z]*(?:[./-][0-9A-Za-z]+)+$")
_ORIG_WORD = re.compile(r"\w+")
FACET_LIMIT = 50


def _fields(r: ItemRecord) -> tuple[str, ...]:
    return (fold(r.title), fold(" ".join(r.cases)), fold(r.decision), fold(r.text), fold(" ".join(r.attachments)))


def _to_json(r: ItemRecord) -> str:
    d = {k: getattr(r, k) for k in r.__dataclass_fields__}
    d["date"] = r.date.isoformat() if r.date else None
    return json.dumps(d, ensure_ascii=False, separators=(",", ":"))


def _from_json(s: str) -> ItemRecord:
    d = json.loads(s)
    d["date"] = dt.date.fromisoformat(d["date"]) if d["date"] else None
    for k in ("attachments", "cases", "kle", "kle_groups", "people"):
        d[k] = tuple(d[k])
    return ItemRecord(**d)


class _Query:
    """A parsed query: positive FTS terms, negative FTS terms, dates; each term a list of words
    and whether it is a phrase (exact) or a prefix word."""

    def __init__(self, q: str) -> None:
        self.positive: list[tuple[list[str], bool]] = []  # (words, prefix)
        self.negative: list[tuple[list[str], bool]] = []
        self.dates: list[str] = []
        for token in _TOKEN.findall(q):
            neg = token.startswith("-") and len(token) > 1
            raw = token[1:] if neg else token
            if raw == '"' or (raw.startswith('"') and (len(raw) < 2 or not raw.endswith('"'))):
                raise QuerySyntaxError("Et citat mangler sit afsluttende anførselstegn (\").")
            if raw.startswith('"'):
                words, prefix = _WORD.findall(fold(raw[1:-1])), False
            elif _DATE.match(raw) and not neg:
                self.dates.append(raw)
                continue
            elif _CASE.match(raw):
                words, prefix = _WORD.findall(fold(raw)), False
            else:  # a word; "Økonomi-udvalg" and the like: a phrase whose last word is a prefix
                words, prefix = _WORD.findall(fold(raw)), True
            if words:
                (self.negative if neg else self.positive).append((words, prefix))

    @staticmethod
    def _fts(term: tuple[list[str], bool]) -> str:
        words, prefix = term
        phrase = " + ".join(f'"{w}"' for w in words)
        return phrase + ("*" if prefix else "")

    def match(self) -> str | None:
        if not self.positive:
            return None
        expr = " AND ".join(self._fts(t) for t in self.positive)
        for t in self.negative:
            expr = f"({expr}) NOT {self._fts(t)}"
        return expr

    def negative_only(self) -> str | None:
        if self.positive or not self.negative:
            return None
        return " OR ".join(self._fts(t) for t in self.negative)

    def terms(self) -> list[tuple[list[str], bool]]:
        return self.positive


class Fts5Index(TextIndex):
    """A full-text index in ``<path>/index.sqlite``."""

    def __init__(self, path: str | Path, timeout: float = 0.5) -> None:
        self.path = Path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path / "index.sqlite", timeout=timeout, isolation_level=None,
                                  check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(f"""
            CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5({", ".join(COLUMNS)},
                content = '', tokenize = 'unicode61 remove_diacritics 0');
            CREATE TABLE IF NOT EXISTS items (rowid INTEGER PRIMARY KEY, item TEXT UNIQUE NOT NULL,
                document TEXT NOT NULL, date TEXT, record TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS items_document ON items(document);
            CREATE INDEX IF NOT EXISTS items_date ON items(date);
            CREATE TABLE IF NOT EXISTS facets (rowid INTEGER NOT NULL, facet TEXT NOT NULL, value TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS facets_value ON facets(facet, value, rowid);
            CREATE INDEX IF NOT EXISTS facets_rowid ON facets(rowid);
        """)

    # -- writing ---------------------------------------------------------------------------------

    def _begin(self) -> None:
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as e:
            if "locked" in str(e) or "busy" in str(e):
                raise IndexLockedError("Et andet program skriver i søgeindekset lige nu.") from e
            raise

    def _replace(self, document: str, records: Sequence[ItemRecord]) -> None:
        db = self.db
        rows = db.execute("SELECT rowid, record FROM items WHERE document = ?", (document,)).fetchall()
        old = [rowid for rowid, _ in rows]
        if old:
            marks = ",".join("?" * len(old))
            # a contentless table forgets a row by being told its indexed values once more
            db.executemany(f"INSERT INTO fts(fts, rowid, {', '.join(COLUMNS)}) VALUES ('delete', ?, ?, ?, ?, ?, ?)",
                           [(rowid, *_fields(_from_json(rec))) for rowid, rec in rows])
            db.execute(f"DELETE FROM facets WHERE rowid IN ({marks})", old)
            db.execute(f"DELETE FROM items WHERE rowid IN ({marks})", old)
        for r in records:
            cur = db.execute("INSERT INTO items(item, document, date, record) VALUES (?, ?, ?, ?)",
                             (r.item, document, r.date.isoformat() if r.date else None, _to_json(r)))
            rowid = cur.lastrowid
            db.execute(f"INSERT INTO fts(rowid, {', '.join(COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?)",
                       (rowid, *_fields(r)))
            db.executemany("INSERT INTO facets VALUES (?, ?, ?)",
                           [(rowid, f, v) for f in FACETS for v in dict.fromkeys(r.facet_values(f))])

    def replace_document(self, document: str, records: Sequence[ItemRecord]) -> None:
        self.replace_documents([(document, records)])

    def replace_documents(self, batch: Iterable[tuple[str, Sequence[ItemRecord]]]) -> None:
        """Several documents in one transaction (a rebuild); atomic as a whole."""
        self._begin()
        try:
            for document, records in batch:
                self._replace(document, records)
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def optimize(self) -> None:
        self.db.execute("INSERT INTO fts(fts) VALUES ('optimize')")

    def close(self) -> None:
        """Fold the write-ahead log back into the database file and close it."""
        try:
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.OperationalError:
            pass
        self.db.close()

    def clear(self) -> None:
        self._begin()
        try:
            self.db.execute("INSERT INTO fts(fts) VALUES ('delete-all')")
            for table in ("items", "facets"):
                self.db.execute(f"DELETE FROM {table}")
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    # -- reading ---------------------------------------------------------------------------------

    def documents(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT document, count(*) FROM items GROUP BY document"))

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM items").fetchone()[0]

    def search(self, request: SearchRequest) -> SearchAnswer:
        if request.sort not in SORTS:
            raise QuerySyntaxError(f"Ukendt sortering: {request.sort!r}.")
        for name, _ in request.filters:
            if name not in FACETS:
                raise QuerySyntaxError(f"Ukendt facet: {name!r}.")
        query = _Query(request.q)
        where: list[str] = []
        args: list[object] = []
        match = query.match()
        if match:
            source = "fts JOIN items ON items.rowid = fts.rowid"
            where.append("fts MATCH ?")
            args.append(match)
            score = f"bm25(fts, {', '.join(map(str, WEIGHTS))})"
        else:
            source, score = "items", "0.0"
        neg = query.negative_only()
        if neg:
            where.append("items.rowid NOT IN (SELECT rowid FROM fts WHERE fts MATCH ?)")
            args.append(neg)
        for d in query.dates:
            where.append("items.date = ?")
            args.append(d)
        if request.date_from:
            where.append("items.date >= ?")
            args.append(request.date_from.isoformat())
        if request.date_to:
            where.append("items.date <= ?")
            args.append(request.date_to.isoformat())
        for name, values in request.filters:
            if values:
                where.append(f"items.rowid IN (SELECT rowid FROM facets WHERE facet = ? AND value IN "
                             f"({','.join('?' * len(values))}))")
                args += [name, *values]
        sql_where = " WHERE " + " AND ".join(where) if where else ""
        order = {"relevance": "m.score, m.date DESC, m.rowid", "date": "m.date, m.rowid",
                 "-date": "m.date DESC, m.rowid"}[request.sort]
        db = self.db
        try:
            db.execute("DROP TABLE IF EXISTS temp.m")
            db.execute(f"CREATE TEMP TABLE m AS SELECT items.rowid AS rowid, {score} AS score, items.date AS date "
                       f"FROM {source}{sql_where}", args)
        except sqlite3.OperationalError as e:
            raise QuerySyntaxError(f"Søgningen kunne ikke læses: {e}") from e
        total = db.execute("SELECT count(*) FROM m").fetchone()[0]
        page = db.execute(f"SELECT m.rowid, m.score, items.record FROM m JOIN items ON items.rowid = m.rowid "
                          f"ORDER BY {order} LIMIT ? OFFSET ?", (request.limit, request.offset)).fetchall()
        facets: dict[str, tuple[FacetValue, ...]] = {}
        if request.facets and total:
            counts: dict[str, list[FacetValue]] = {}
            for facet, value, n in db.execute(
                    "SELECT facet, value, count(*) AS n FROM facets WHERE rowid IN (SELECT rowid FROM m) "
                    "GROUP BY facet, value ORDER BY facet, n DESC, value"):
                bucket = counts.setdefault(facet, [])
                if len(bucket) < FACET_LIMIT:
                    bucket.append(FacetValue(value, n))
            facets = {f: tuple(counts[f]) for f in FACETS if f in counts}
        db.execute("DROP TABLE IF EXISTS temp.m")
        terms = query.terms()
        hits = tuple(self._hit(_from_json(rec), -score, terms) for _, score, rec in page)
        return SearchAnswer(request, total, hits, facets)

    @staticmethod
    def _hit(record: ItemRecord, score: float, terms: list[tuple[list[str], bool]]) -> Hit:
        fields = dict(zip(COLUMNS, (record.title, " ".join(record.cases), record.decision, record.text,
                                    " ".join(record.attachments))))
        matched = []
        for column, text in fields.items():
            ws = set(_WORD.findall(fold(text)))
            if any(any(w == t or (p and w.startswith(t)) for w in ws for t in words) for words, p in terms):
                matched.append(MATCHED[column])
        where = next((f for f in ("decision", "text") if MATCHED[f] in matched), None)
        snippet = _snippet(fields[where] if where else (record.decision or record.text), terms)
        return Hit(record, score, snippet, tuple(matched))


def _snippet(text: str, terms: list[tuple[list[str], bool]], width: int = 28) -> tuple[Fragment, ...]:
    """About ``width`` words of ``text`` around the first matching word, matches highlighted."""
    if not text:
        return ()
    exact = {w for words, p in terms if not p for w in words}
    prefixes = tuple(w for words, p in terms if p for w in words)
    spans = [(m.start(), m.end(), fold(m.group())) for m in _ORIG_WORD.finditer(text)]
    flags = [f in exact or (bool(prefixes) and f.startswith(prefixes)) for _, _, f in spans]
    first = next((k for k, hit in enumerate(flags) if hit), 0)
    lo = max(0, first - width // 3)
    hi = min(len(spans), lo + width)
    if not spans:
        return (Fragment(text[:200]),)
    out: list[Fragment] = []
    pos = spans[lo][0]
    if lo > 0:
        out.append(Fragment("…"))
    for k in range(lo, hi):
        s, e, _ = spans[k]
        if flags[k]:
            if s > pos:
                out.append(Fragment(" ".join(text[pos:s].split(" ")).replace("\n", " ")))
            out.append(Fragment(text[s:e], True))
            pos = e
    end = spans[hi - 1][1]
    if end > pos:
        out.append(Fragment(text[pos:end].replace("\n", " ")))
    if hi < len(spans):
        out.append(Fragment("…"))
    return tuple(out)


__all__ = ["Fts5Index"]
