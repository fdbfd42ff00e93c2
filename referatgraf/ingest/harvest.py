"""Harvest a FirstAgenda publication portal: list its meetings, fetch each one's JSON, keep every
response on disk exactly as received, and ingest the new and changed meetings.

The portal answers ``GET <portal>/api/agenda/udvalgsliste`` with its committees (``Udvalg`` →
groups → ``[{Navn, Id, Moeder: [{Id, Dato}]}]``; the grouping is not documented, so every object
with an ``Id`` and a ``Moeder`` list anywhere in the answer is a committee) and
``GET <portal>/api/agenda/dagsorden/<meeting Id>`` with one meeting, the JSON the
``firstagenda-json`` layout reads.

On disk (the harvest folder, default ``./referatgraf-harvest/<host>/``)::

    udvalgsliste.json             the committee list, as last fetched
    dagsorden/<meeting id>.json   each meeting, bytes as received (``referatgraf ingest`` reads it)
    previous/<id>.<sha12>.json    a meeting's earlier version, when the portal changed it
    state.json                    which bytes (sha256) were fetched, and ingested into which store

A meeting whose bytes equal those last ingested into the same store is "unchanged" and skipped;
new and changed ones are ingested, each in one transaction (ingest.pipeline). The state is written
after every step, so a run that was interrupted (or failed) resumes: a meeting fetched but not
ingested is ingested the next time. Politeness: one request at a time, ``delay`` seconds between
requests, a User-Agent naming referatgraf and its version, retries with exponential back-off on
5xx/429, timeouts and connection errors. Progress goes to callbacks (ingest.progress): each
meeting's :class:`MeetingOutcome`, then the :class:`HarvestReport`.

>>> [(m.id, m.body, str(m.date)) for m in list_meetings(
...     {"Udvalg": {"Aktuelle": [{"Navn": "Byråd", "Id": "b1", "Moeder": [{"Id": "m1", "Dato": "2024-04-17T19:00:00+02:00"}]}]}})]
[('m1', 'Byråd', '2024-04-17')]
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import json
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit, urlunsplit

import httpx

from referatgraf.errors import ReferatgrafError
from referatgraf.ingest.progress import SILENT, Progress

if TYPE_CHECKING:
    from referatgraf.index.base import TextIndex
    from referatgraf.store.base import Store
    from referatgraf.settings import Settings

LIST_PATH = "/api/agenda/udvalgsliste"
MEETING_PATH = "/api/agenda/dagsorden/"
LIST_FILE = "udvalgsliste.json"
MEETINGS_DIR = "dagsorden"
PREVIOUS_DIR = "previous"
STATE_FILE = "state.json"
DEFAULT_ROOT = Path("referatgraf-harvest")
#: this many meetings in a row that could not be fetched or stored: the portal (or the store) is
#: down; stop instead of trying every remaining meeting
ABORT_AFTER = 5
MAX_RETRY_AFTER = 60.0


class HarvestError(ReferatgrafError):
    """The harvest cannot start or go on; the message names the URL or file."""


class FetchError(HarvestError):
    """A request failed for good (after the retries); ``url`` is what was asked for."""

    def __init__(self, url: str, message: str) -> None:
        super().__init__(message)
        self.url = url


def user_agent() -> str:
    """``referatgraf/<version> (+https://github.com/referatgraf)``."""
    try:
        version = importlib.metadata.version("referatgraf")
    except importlib.metadata.PackageNotFoundError:  # running from a source tree
        from referatgraf import __version__ as version
    return f"referatgraf/{version} (+https://github.com/referatgraf)"


def portal_base(url: str) -> str:
    """The portal's root URL: no trailing slash, query or API path.

    >>> portal_base("https://dagsordener.greve.dk/api/agenda/udvalgsliste?x=1")
    'https://dagsordener.greve.dk'
    """
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise HarvestError(f"not a portal URL (http:// or https://): {url!r}")
    path = parts.path.rstrip("/")
    for suffix in (LIST_PATH, "/api/agenda", "/api"):
        if path.endswith(suffix):
            path = path[: -len(suffix)]
            break
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def default_folder(url: str) -> Path:
    """``./referatgraf-harvest/<host>/`` (port and path, if any, joined with ``_``).

    >>> default_folder("http://127.0.0.1:8080/").as_posix()
    'referatgraf-harvest/127.0.0.1_8080'
    """
    parts = urlsplit(portal_base(url))
    return DEFAULT_ROOT / re.sub(r"[^A-Za-z0-9.-]+", "_", (parts.netloc + parts.path).lower()).strip("_")


def parse_date(text: str) -> dt.date:
    """A ``--since`` value: YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise HarvestError(f"not a date (YYYY-MM-DD): {text!r}") from None


# -- the committee list -----------------------------------------------------------------------


@dataclass(frozen=True)
class ListedMeeting:
    """One meeting as the committee list names it."""

    id: str
    body: str
    dato: str  # as listed, e.g. "2024-04-17T19:00:00+02:00"

    @property
    def date(self) -> dt.date | None:
        """The local date as written (the first ten characters of ``Dato``)."""
        try:
            return dt.date.fromisoformat(self.dato[:10])
        except ValueError:
            return None


def list_meetings(data: Any) -> list[ListedMeeting]:
    """Every meeting of every committee (an object with ``Id`` and a ``Moeder`` list, at any depth),
    once each, by date (undated last)."""
    found: dict[str, ListedMeeting] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            moeder = node.get("Moeder")
            if "Id" in node and isinstance(moeder, list):
                body = str(node.get("Navn") or node["Id"])
                for entry in moeder:
                    if isinstance(entry, dict) and entry.get("Id"):
                        mid = str(entry["Id"])
                        found.setdefault(mid.lower(), ListedMeeting(mid, body, str(entry.get("Dato") or "")))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data)
    return sorted(found.values(), key=lambda m: (m.date or dt.date.max, m.body, m.id))


def has_committees(data: Any) -> bool:
    """Whether any object with ``Id`` and a ``Moeder`` list is in ``data``."""
    if isinstance(data, dict):
        if "Id" in data and isinstance(data.get("Moeder"), list):
            return True
        return any(has_committees(v) for v in data.values())
    if isinstance(data, list):
        return any(has_committees(v) for v in data)
    return False


def meeting_problem(data: bytes, meeting_id: str, media_type: str = "") -> str | None:
    """Why ``data`` is not a FirstAgenda meeting's JSON (None when it is one)."""
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        start = data[:40].decode("utf-8", "replace").strip()
        return f"not JSON ({media_type or 'no content type'}; starts {start!r})"
    if not (isinstance(doc, dict) and isinstance(doc.get("Dagsordenpunkter"), list)
            and isinstance(doc.get("Moede"), dict)):
        return "not a FirstAgenda meeting (expected an object with 'Dagsordenpunkter' and 'Moede')"
    got = str(doc.get("Id") or "")
    if got and got.lower() != meeting_id.lower():
        return f"the answer is meeting {got}, not {meeting_id}"
    return None


# -- polite HTTP --------------------------------------------------------------------------------


class Fetcher:
    """One request at a time, at least ``delay`` seconds apart; up to ``tries`` attempts on
    5xx/429, timeouts and connection errors, waiting ``backoff``·2ⁿ seconds (or the server's
    Retry-After, up to a minute) between them. A body over ``max_bytes`` is a LimitExceeded
    (parse.limits) as soon as it is seen to be, the rest not read."""

    def __init__(self, client: httpx.Client, delay: float = 1.0, tries: int = 4, backoff: float = 1.0,
                 sleep: Callable[[float], None] = time.sleep, max_bytes: int | None = None) -> None:
        self.client, self.delay, self.tries, self.backoff, self.sleep = client, delay, max(1, tries), backoff, sleep
        self.max_bytes = max_bytes
        self.requests = 0
        self._last: float | None = None

    def _pause(self) -> None:
        if self._last is not None and self.delay > 0:
            wait = self.delay - (time.monotonic() - self._last)
            if wait > 0:
                self.sleep(wait)

    def get(self, url: str) -> tuple[bytes, str]:
        """The body and media type of a successful GET; :class:`FetchError` naming ``url`` when it
        finally fails."""
        problem = ""
        for attempt in range(1, self.tries + 1):
            self._pause()
            retry_after = None
            try:
                self.requests += 1
                response = self._get(url)
            except httpx.TimeoutException as exc:
                problem = f"timed out ({type(exc).__name__})"
            except httpx.TransportError as exc:
                problem = f"connection failed ({type(exc).__name__}: {exc})"
            except httpx.HTTPError as exc:  # too many redirects, bad URL…: retrying will not help
                raise FetchError(url, f"GET {url}: {type(exc).__name__}: {exc}") from None
            else:
                status = response.status_code
                if status < 400:
                    return response.content, response.headers.get("content-type", "")
                problem = f"HTTP {status} {response.reason_phrase}".rstrip()
                if status != 429 and status < 500:
                    raise FetchError(url, f"GET {url}: {problem}")
                retry_after = _retry_after(response)
            finally:
                self._last = time.monotonic()
            if attempt < self.tries:
                self.sleep(retry_after if retry_after is not None else self.backoff * 2 ** (attempt - 1))
        tries = "1 try" if self.tries == 1 else f"{self.tries} tries"
        raise FetchError(url, f"GET {url} failed after {tries}: {problem}")


    def _get(self, url: str) -> httpx.Response:
        """The response, its body read up to ``max_bytes``."""
        if self.max_bytes is None:
            return self.client.get(url)
        from referatgraf.parse.limits import Limits

        limits = Limits(max_document_bytes=self.max_bytes)
        with self.client.stream("GET", url) as response:
            if response.status_code >= 400:
                response.read()
                return response
            declared = response.headers.get("content-length", "")
            limits.check("max_document_bytes", int(declared) if declared.isdigit() else 0, file="the response")
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                limits.check("max_document_bytes", size, file="the response")
                chunks.append(chunk)
        headers = [(k, v) for k, v in response.headers.items() if k not in ("content-encoding", "content-length")]
        return httpx.Response(response.status_code, headers=headers, content=b"".join(chunks),  # decoded already
                              request=response.request)


def _retry_after(response: httpx.Response) -> float | None:
    try:
        return min(MAX_RETRY_AFTER, max(0.0, float(response.headers["retry-after"])))
    except (KeyError, ValueError):
        return None


# -- what was done --------------------------------------------------------------------------------


@dataclass
class MeetingOutcome:
    meeting: ListedMeeting
    url: str
    status: str  # "ingested" (new), "changed" (re-ingested), "unchanged", "failed"
    items: int = 0
    message: str = ""

    def describe(self) -> str:
        if self.status == "ingested":
            return f"ingested ({self.items} items)"
        if self.status == "changed":
            return f"changed, re-ingested ({self.items} items)"
        if self.status == "failed":
            return f"failed: {self.message}"
        return self.status


@dataclass
class HarvestReport:
    portal: str
    folder: Path
    listed: int = 0
    since: dt.date | None = None
    selected: list[ListedMeeting] = field(default_factory=list)
    outcomes: list[MeetingOutcome] = field(default_factory=list)
    aborted: str | None = None  # why the run stopped before the end
    interrupted: bool = False
    requests: int = 0

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)

    @property
    def failures(self) -> list[str]:
        """One message per failed meeting (naming its URL), and why the run stopped, if it did."""
        messages = [o.message for o in self.outcomes if o.status == "failed"]
        if self.aborted and not self.interrupted:
            messages.append(self.aborted)
        return messages

    def render(self) -> str:
        since = f", {len(self.selected)} on or after {self.since}" if self.since else ""
        text = (f"harvested {self.portal}: {self.listed} meeting(s) listed{since}; "
                f"{self.count('ingested')} ingested, {self.count('changed')} changed, "
                f"{self.count('unchanged')} unchanged, {self.count('failed')} failed "
                f"({self.requests} requests); responses kept in {self.folder}")
        left = len(self.selected) - len(self.outcomes)
        if self.aborted:
            text += f"\nstopped: {self.aborted}; {left} meeting(s) not attempted (run again to resume)"
        return text


# -- the state file -----------------------------------------------------------------------------


class HarvestState:
    """``state.json``: per meeting the sha256 of the kept bytes, and per target store the sha256 (and
    graph) last ingested there. Written atomically after every change."""

    def __init__(self, path: Path, portal: str) -> None:
        self.path = path
        self.data: dict[str, Any] = {"portal": portal, "meetings": {}, "ingested": {}}
        if path.exists():
            try:
                loaded = json.loads(path.read_text(encoding="utf-8"))
                if not isinstance(loaded, dict):
                    raise ValueError("not a JSON object")
            except (OSError, ValueError) as exc:
                raise HarvestError(f"cannot read harvest state {path}: {exc} "
                                   "(delete it to start over; kept responses are compared again)") from None
            if loaded.get("portal") not in (None, portal):
                raise HarvestError(f"{path.parent} holds the harvest of {loaded['portal']}, not {portal}: "
                                   "choose another --dir")
            self.data.update(loaded)
            self.data["portal"] = portal

    def fetched(self, meeting: ListedMeeting, sha: str) -> None:
        self.data["meetings"][meeting.id] = {
            "sha256": sha, "date": meeting.dato, "body": meeting.body,
            "fetched": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}
        self.save()

    def ingested_into(self, target: str) -> dict[str, dict[str, Any]]:
        return self.data["ingested"].setdefault(target, {})

    def save(self) -> None:
        write_atomic(self.path, json.dumps(self.data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8"))


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that it holds either the old or the new bytes, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def file_name(meeting_id: str) -> str:
    """``<meeting id>.json``; characters unsafe in a file name are replaced (plus a hash, so two
    ids never share a file)."""
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", meeting_id).lstrip(".")
    if safe != meeting_id:
        safe = f"{safe}-{hashlib.sha256(meeting_id.encode()).hexdigest()[:8]}"
    return f"{safe}.json"


def target_key(store: "Store", settings: "Settings") -> str:
    """Names where meetings were ingested: the store plus the IRI settings (another base IRI or
    municipality mints other graphs, so the meetings must be ingested again)."""
    path = getattr(store, "path", None)
    if path is not None:
        where = f"store {Path(path).resolve()}"
    else:
        where = f"endpoint {getattr(store, 'update_endpoint', None) or settings.endpoint or type(store).__name__}"
    return f"{where} | base {settings.base_iri} | municipality {settings.municipality or ''}"


# -- the harvest ----------------------------------------------------------------------------------


def harvest_firstagenda(url: str, store: "Store", settings: "Settings", *, folder: Path | None = None,
                        since: dt.date | None = None, delay: float = 1.0, tries: int = 4,
                        backoff: float = 1.0, timeout: float = 30.0,
                        progress: Progress | None = None,
                        sleep: Callable[[float], None] = time.sleep, index: "TextIndex | None" = None,
                        force: bool = False) -> HarvestReport:
    """Harvest the portal at ``url`` into ``store``; see the module docstring.

    Meetings that fail (not fetched after the retries, not a FirstAgenda meeting, refused by the
    reader) are in the report's ``failures``, each naming its URL; the others go on. Raises
    :class:`HarvestError` only when nothing can be done: a bad URL, the committee list cannot be
    fetched or read, a state file of another portal. With an ``index``, every stored meeting's
    items are indexed with it (ingest.indexing): both or neither. A changed meeting whose new
    version has less than the stored one is refused (ingest.keep), unless ``force``.
    """
    portal = portal_base(url)
    folder = Path(folder) if folder is not None else default_folder(portal)
    state = HarvestState(folder / STATE_FILE, portal)
    report = HarvestReport(portal, folder, since=since)
    progress = progress or SILENT
    headers = {"User-Agent": user_agent(), "Accept": "application/json"}
    with httpx.Client(headers=headers, timeout=timeout, follow_redirects=True) as client:
        fetcher = Fetcher(client, delay=delay, tries=tries, backoff=backoff, sleep=sleep,
                          max_bytes=settings.max_document_bytes)
        try:
            meetings = _fetch_list(fetcher, portal, folder)
            state.save()  # the folder now belongs to this portal
            report.listed = len(meetings)
            report.selected = [m for m in meetings if since is None or m.date is None or m.date >= since]
            progress.started(len(report.selected))
            _harvest_meetings(report, fetcher, state, store, settings, progress, index, force)
        except KeyboardInterrupt:
            report.aborted, report.interrupted = "interrupted", True
        finally:
            report.requests = fetcher.requests
    progress.finished(report)
    return report


def _fetch_list(fetcher: Fetcher, portal: str, folder: Path) -> list[ListedMeeting]:
    from referatgraf.parse.limits import LimitExceeded

    list_url = portal + LIST_PATH
    try:
        data, media = fetcher.get(list_url)
    except LimitExceeded as exc:
        raise HarvestError(f"{list_url}: {exc}") from None
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise HarvestError(f"{list_url}: not JSON ({media or 'no content type'}): "
                           "is this a FirstAgenda publication portal?") from None
    if not has_committees(doc):
        raise HarvestError(f"{list_url}: not a FirstAgenda committee list "
                           "(expected objects with 'Id' and a 'Moeder' list under 'Udvalg')")
    write_atomic(folder / LIST_FILE, data)
    return list_meetings(doc)


def _harvest_meetings(report: HarvestReport, fetcher: Fetcher, state: HarvestState, store: "Store",
                      settings: "Settings", progress: Progress, index: "TextIndex | None" = None,
                      force: bool = False) -> None:
    from referatgraf.ingest.keep import WouldLoseData
    from referatgraf.ingest.pipeline import ingest_bytes
    from referatgraf.store.base import StoreError
    from referatgraf.parse.errors import ParseError

    done = state.ingested_into(target_key(store, settings))
    total, in_a_row = len(report.selected), 0
    for number, meeting in enumerate(report.selected, 1):
        url = report.portal + MEETING_PATH + quote(meeting.id, safe="")
        outcome = MeetingOutcome(meeting, url, "failed")
        systemic = False  # a failure of the portal or the store, not of this document
        try:
            data, media = fetcher.get(url)
            problem = meeting_problem(data, meeting.id, media)
            if problem:
                raise _MeetingFailed(f"{url}: {problem}; nothing stored from it")
            sha = hashlib.sha256(data).hexdigest()
            path = report.folder / MEETINGS_DIR / file_name(meeting.id)
            _keep(path, data, sha, report.folder)
            if (state.data["meetings"].get(meeting.id) or {}).get("sha256") != sha:
                state.fetched(meeting, sha)
            before = done.get(meeting.id) or {}
            if before.get("sha256") == sha:
                outcome.status = "unchanged"
            else:
                _, result = ingest_bytes(data, path.name, store, settings, index, force)
                old_graph = before.get("graph")
                if old_graph and old_graph != result.graph and not any(
                        v.get("graph") == old_graph for k, v in done.items() if k != meeting.id):
                    store.drop_graph(old_graph)  # the meeting moved (another date or body): no stale copy
                    if index is not None:
                        index.remove_document(old_graph)
                done[meeting.id] = {"sha256": sha, "graph": result.graph, "items": result.items,
                                    "ingested": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}
                state.save()
                outcome.status, outcome.items = ("changed" if before else "ingested"), result.items
        except _MeetingFailed as exc:
            outcome.message = str(exc)
        except FetchError as exc:
            outcome.message, systemic = str(exc), True
        except StoreError as exc:
            outcome.message, systemic = f"{url}: store error: {exc}", True
        except (ParseError, WouldLoseData) as exc:
            outcome.message = f"{url}: {exc}"
        except OSError as exc:  # the harvest folder: a full disk stops everything
            outcome.message = f"{url}: cannot keep the response: {exc}"
            report.outcomes.append(outcome)
            progress.document_done(url, outcome)
            report.aborted = f"cannot write to {report.folder}: {exc}"
            return
        except Exception as exc:  # noqa: BLE001 - one bad document must not stop the harvest
            outcome.message = f"{url}: {type(exc).__name__}: {exc}"
        report.outcomes.append(outcome)
        progress.document_done(url, outcome)
        in_a_row = in_a_row + 1 if systemic else 0
        if in_a_row >= ABORT_AFTER and number < total:
            report.aborted = f"{ABORT_AFTER} meetings in a row could not be fetched or stored"
            return


class _MeetingFailed(Exception):
    pass


def _keep(path: Path, data: bytes, sha: str, folder: Path) -> None:
    """Keep ``data`` as ``path``; an earlier, different version moves to ``previous/``."""
    if path.exists():
        old = path.read_bytes()
        old_sha = hashlib.sha256(old).hexdigest()
        if old_sha == sha:
            return
        write_atomic(folder / PREVIOUS_DIR / f"{path.stem}.{old_sha[:12]}.json", old)
    write_atomic(path, data)

