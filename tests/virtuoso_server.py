"""A real Virtuoso (Debian's ``virtuoso-opensource``) on loopback for remote-store tests (no mocks).

Each server gets its own database folder and free ports, so tests never touch a system
instance. The SPARQL user is granted update rights (Debian's default is read-only), and
``ResultSetMaxRows`` can be lowered to make a small store hit the cap a big one hits at 10,000.

>>> import tempfile
>>> if shutil.which("virtuoso-t"):
...     with tempfile.TemporaryDirectory() as folder, virtuoso_server(Path(folder)) as endpoint:
...         r = httpx.post(endpoint, data={"query": "SELECT (1 AS ?one) {}"},
...                        headers={"Accept": "application/sparql-results+json"})
...         assert r.json()["results"]["bindings"][0]["one"]["value"] == "1"
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx

from oxigraph_server import free_port, stop_process, wait_ready

VIRTUOSO = "virtuoso-t"
ISQL = "isql-vt"
_INI = """[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
CheckpointInterval = 0
DirsAllowed = .
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {db}
MaxClientConnections = 4
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 60
"""


def available() -> bool:
    """Whether Debian's Virtuoso binaries are installed (``apt-get install virtuoso-opensource``)."""
    return shutil.which(VIRTUOSO) is not None and shutil.which(ISQL) is not None


@contextlib.contextmanager
def virtuoso_server(folder: Path, max_rows: int = 10_000) -> Iterator[str]:
    """Start Virtuoso with its database in ``folder``; yields the SPARQL endpoint (``…/sparql``)."""
    folder.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(_INI.format(db=folder, sql_port=sql_port, http_port=http_port, max_rows=max_rows))
    proc = subprocess.Popen([VIRTUOSO, "+foreground", "+configfile", str(ini)], cwd=folder,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    endpoint = f"http://127.0.0.1:{http_port}/sparql"
    try:
        _wait_ready(endpoint, proc, folder)
        _grant_update(sql_port)
        yield endpoint
    finally:
        stop_process(proc, grace=20)


def _grant_update(sql_port: int) -> None:
    """Let the anonymous SPARQL user write (Debian's Virtuoso answers updates with 403 otherwise)."""
    script = 'GRANT SPARQL_UPDATE TO "SPARQL";\nDB.DBA.RDF_DEFAULT_USER_PERMS_SET (\'nobody\', 7);\n'
    subprocess.run([ISQL, f"127.0.0.1:{sql_port}", "dba", "dba"], input=script.encode(), check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=30)


def _wait_ready(endpoint: str, proc: subprocess.Popen, folder: Path, limit: float = 60.0) -> None:
    log = folder / "virtuoso.log"
    wait_ready(endpoint, proc, "virtuoso-t", limit,
               lambda: log.read_text(errors="replace")[-2000:] if log.exists() else "")
