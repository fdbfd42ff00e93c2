"""Every command shown in README.md and docs/*.md runs as written, and every link resolves.

A command is a line of a shell code block (```sh / ```bash / ```console or an indented block)
that starts with ``referatgraf``, ``curl`` or ``python``. They run from the repository root
against real parts: a store filled with the seeds and the example minutes, a ``referatgraf
serve`` process where a command talks to ``http://127.0.0.1:8000``, a real ``oxigraph serve``
where it names ``http://127.0.0.1:7878/query``, and a local FirstAgenda portal where it names
the Greve portal. Only those addresses are replaced (with the local ones) — the rest of each
command is run as written. The README's two opening commands are run by test_readme.py.
"""

from __future__ import annotations

import http.server
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from oxigraph_server import oxigraph_server
from server_fixtures import free_port

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SHELL_FENCES = {"sh", "bash", "shell", "console", ""}
COMMAND = re.compile(r"^(?:\$ )?((?:referatgraf|curl|python) .*)$")
APP_URL = "http://127.0.0.1:8000"
OXIGRAPH_URL = "http://127.0.0.1:7878/query"
PORTAL_URL = "https://dagsordener.greve.dk"
TOKEN = "docs-test-token"
# Commands that take hours by design: their options are checked (``--help`` parses), not the run.
TOO_LONG = {"python benchmarks/run.py": "builds corpora of 1,000-100,000 meetings (30 min to 1 h)"}


def shell_commands(text: str) -> list[tuple[int, str]]:
    """(line, command) of each command line in the shell code blocks of a Markdown text;
    a trailing ``\\`` joins the next line, a trailing ``# comment`` is dropped.

    >>> shell_commands("x\\n\\n```sh\\nreferatgraf stats   # counts\\n```\\n\\n    python a.py \\\\\\n      --b\\n")
    [(4, 'referatgraf stats'), (7, 'python a.py --b')]
    """
    out: list[tuple[int, str]] = []
    fence: str | None = None
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line, number = lines[i], i + 1
        i += 1
        if line.startswith("```"):
            fence = None if fence is not None else line[3:].strip()
            continue
        in_block = (fence in SHELL_FENCES) if fence is not None else line.startswith("    ")
        m = COMMAND.match(line.strip()) if in_block else None
        if m is None:
            continue
        command = m[1]
        while command.endswith("\\") and i < len(lines):
            command = command[:-1].rstrip() + " " + lines[i].strip()
            i += 1
        out.append((number, re.sub(r"\s{2,}#.*$", "", command).strip()))
    return out


def all_commands() -> list[tuple[str, str]]:
    found = []
    for doc in DOCS:
        commands = shell_commands(doc.read_text(encoding="utf-8"))
        if doc.name == "README.md":
            commands = commands[2:]  # the two opening commands: test_readme.py
        found += [(f"{doc.relative_to(ROOT)}:{line}", command) for line, command in commands]
    return found


COMMANDS = all_commands()


def test_the_docs_show_commands():
    assert len(COMMANDS) >= 10 and any(c.startswith("curl") for _, c in COMMANDS)


# ---- the real parts the commands talk to


def _run(command: str, env: dict[str, str], timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-c", command], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=timeout)


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict[str, str]:
    store = tmp_path_factory.mktemp("docs") / "store"
    exe = Path(sys.executable).parent
    environ = {**os.environ, "REFERATGRAF_STORE": str(store), "TOKEN": TOKEN,
               "PATH": f"{exe}{os.pathsep}{os.environ['PATH']}"}
    for command in ("referatgraf ingest ../shared/seeds -m Albertslund",
                    "referatgraf ingest examples/minutes -m Egebjerg"):
        done = _run(command, environ)
        assert done.returncode == 0, done.stderr
    return environ


@pytest.fixture(scope="module")
def oxigraph_endpoint(env, tmp_path_factory) -> Iterator[str]:
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as endpoint:
        done = _run(f"referatgraf ingest ../shared/seeds -m Albertslund --endpoint {endpoint}", _remote(env))
        assert done.returncode == 0, done.stderr
        yield endpoint


def _remote(env: dict[str, str]) -> dict[str, str]:
    """With --endpoint the index would live in ./referatgraf-index, here the repository: put it
    beside the test's store instead."""
    return {**env, "REFERATGRAF_INDEX": env["REFERATGRAF_STORE"] + ".remote-index"}


def _serve(args: list[str], env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen([*args, "--port", str(port)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        if proc.poll() is not None:
            raise AssertionError(f"{' '.join(args)} exited: {proc.stderr.read().decode()[-2000:]}")
        try:
            if httpx.get(url + "/", timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.1)
    raise AssertionError(f"{' '.join(args)} did not answer on {url}")


def _stop(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def app_url(env, tmp_path_factory) -> Iterator[str]:
    """``referatgraf serve`` on a copy of the store (the embedded store allows one writer)."""
    copy = tmp_path_factory.mktemp("served") / "store"
    shutil.copytree(env["REFERATGRAF_STORE"], copy)
    index = Path(env["REFERATGRAF_STORE"] + ".index")  # the search index beside it (Settings.index_dir)
    if index.exists():
        shutil.copytree(index, copy.with_name(copy.name + ".index"))
    proc, url = _serve(["referatgraf", "serve", "--write-token", TOKEN], {**env, "REFERATGRAF_STORE": str(copy)})
    yield url
    _stop(proc)


@pytest.fixture(scope="module")
def portal_url() -> Iterator[str]:
    """A local FirstAgenda portal serving two Greve meetings of the corpus in the portal's shape."""
    files = sorted((SHARED / "corpus" / "firstagenda-json").glob("greve_oekonomiudvalget_*.json"))[:2]
    docs = {json.loads(p.read_bytes())["Id"]: p.read_bytes() for p in files}
    first = json.loads(files[0].read_bytes())
    listing = {"Udvalg": {"Aktuelle politiske udvalg": [
        {"Navn": first["Udvalg"]["Navn"], "Id": first["Udvalg"]["Id"],
         "Moeder": [{"Id": i, "Dato": json.loads(d)["Moede"]["Dato"]} for i, d in docs.items()]}]}}

    class Portal(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            doc_id = self.path.rsplit("/", 1)[-1]
            body = (json.dumps(listing).encode() if self.path == "/api/agenda/udvalgsliste"
                    else docs.get(doc_id) if self.path.startswith("/api/agenda/dagsorden/") else None)
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.end_headers()
            self.wfile.write(body or b"{}")

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.HTTPServer(("127.0.0.1", 0), Portal)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


# ---- the commands


@pytest.mark.parametrize(("where", "command"), COMMANDS, ids=[w for w, _ in COMMANDS])
def test_the_command_runs_as_written(where: str, command: str, request, env, tmp_path) -> None:
    if any(command.startswith(prefix) for prefix in TOO_LONG):
        done = _run(command.split(" --")[0] + " --help", env)
        assert done.returncode == 0, f"{where}: {done.stderr[-2000:]}"
        return
    if OXIGRAPH_URL in command:
        command = command.replace(OXIGRAPH_URL, request.getfixturevalue("oxigraph_endpoint"))
    if PORTAL_URL in command:
        command = command.replace(PORTAL_URL, request.getfixturevalue("portal_url"))
        command += f" --dir {tmp_path / 'harvest'} --delay 0"
    if command.startswith("referatgraf serve"):
        served = [os.path.expandvars(part) for part in shlex.split(command)]
        if "--endpoint" in command:
            served[served.index("--endpoint") + 1] = request.getfixturevalue("oxigraph_endpoint")
        proc, url = _serve(served, _remote(env) if "--endpoint" in command else env)
        try:
            assert httpx.get(url + "/api/meetings", timeout=30).status_code == 200, where
        finally:
            _stop(proc)
        return
    if APP_URL in command:
        command = command.replace(APP_URL, request.getfixturevalue("app_url"))
        command = command.replace("curl ", "curl --fail-with-body -sS ", 1)
    own = {**env, "REFERATGRAF_STORE": str(_own_store(env, tmp_path))}
    done = _run(command, _remote(own) if "--endpoint" in command else own)
    assert done.returncode == 0, f"{where}: {command}\n{done.stdout[-1000:]}\n{done.stderr[-2000:]}"
    assert done.stdout.strip() or done.stderr.strip(), f"{where}: printed nothing"


def _own_store(env: dict[str, str], tmp_path: Path) -> Path:
    """A copy of the filled store per command, so a command that writes never changes another's."""
    copy = tmp_path / "store"
    shutil.copytree(env["REFERATGRAF_STORE"], copy)
    index = Path(env["REFERATGRAF_STORE"] + ".index")  # the search index beside it (Settings.index_dir)
    if index.exists():
        shutil.copytree(index, copy.with_name(copy.name + ".index"))
    return copy


# ---- the links

LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def _links() -> list[tuple[str, str]]:
    return [(f"{doc.relative_to(ROOT)}", target) for doc in DOCS
            for target in LINK.findall(doc.read_text(encoding="utf-8"))]


@pytest.mark.parametrize(("doc", "target"), _links(), ids=[f"{d}->{t}" for d, t in _links()])
def test_every_link_resolves(doc: str, target: str) -> None:
    if target.startswith(("https://", "http://")):
        # no network in CI: an outside link must at least be a well-formed https address
        assert re.match(r"^https://[a-z0-9.-]+\.[a-z]{2,}(/\S*)?$", target), target
        return
    path, _, anchor = target.partition("#")
    file = (ROOT / doc).parent / path if path else ROOT / doc
    assert file.exists(), f"{doc}: link to {target} names no file"
    if anchor and file.suffix == ".md":
        headings = {_slug(h) for h in re.findall(r"^#+\s+(.*)$", file.read_text(encoding="utf-8"), re.M)}
        assert anchor in headings, f"{doc}: no heading for #{anchor} in {path or doc}"


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
