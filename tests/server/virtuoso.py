"""A private Virtuoso open source server (Debian ``virtuoso-opensource``) loaded with a build's N-Quads.

Used by ``tests/server/test_virtuoso_remote.py`` and ``bench/bench_remote.py``. The server runs in
a temporary directory with its own ``virtuoso.ini``: its own database files (the Debian default
database is never touched), two free loopback ports (ISQL and HTTP), no SPARQL cost-estimate
refusal. Each named graph of the N-Quads is loaded into the same named graph by the bulk loader
(``ld_dir`` + ``rdf_loader_run``).

The union default graph: a Virtuoso query without ``FROM`` already reads every graph of the
store, but that includes Virtuoso's own system graphs (``virtrdf#``, ``ldp#``,
``localuriqaserver/sparql``: 2,496 triples). The recipe denies the anonymous SPARQL user
(``nobody``) every graph by default (``RDF_DEFAULT_USER_PERMS_SET('nobody', 0)``) and grants it
read on each loaded graph (``RDF_GRAPH_USER_PERMS_SET(g, 'nobody', 1)``): the default graph of
``/sparql`` is then exactly the union of the build's named graphs, as in the embedded store.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

VIRTUOSO = shutil.which("virtuoso-t")
ISQL = shutil.which("isql-vt") or shutil.which("isql-v")
NOT_INSTALLED = ("Virtuoso open source is not installed (no virtuoso-t/isql-vt on PATH): "
                 "install the Debian package virtuoso-opensource (scripts/debian-packages.sh --tests)")

INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{isql_port}
DisableUnixSocket = 1
CaseMode = 2
DirsAllowed = ., {d}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
CheckpointInterval = 0
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {d}
ServerThreads = 4
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = {max_seconds}
"""


def free_port() -> int:
    """A TCP port free on 127.0.0.1 at the time of the call."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Virtuoso:
    """A running private Virtuoso: ``endpoint`` is its ``/sparql`` URL."""

    directory: Path
    isql_port: int
    http_port: int
    process: subprocess.Popen

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    def isql(self, *statements: str, timeout: float = 300) -> str:
        """Run SQL statements as ``dba`` (the private database's default password); their output."""
        script = "\n".join(s.rstrip(";") + ";" for s in statements) + "\n"
        done = subprocess.run([ISQL, f"127.0.0.1:{self.isql_port}", "dba", "dba", "VERBOSE=OFF",
                               "ERRORS=STDOUT", "BANNER=OFF", "PROMPT=OFF"], input=script, text=True,
                              capture_output=True, timeout=timeout, check=False)
        if done.returncode != 0 or "*** Error" in done.stdout:
            raise RuntimeError(f"isql-vt failed on {script!r}: {done.stdout}{done.stderr}")
        return done.stdout

    def stop(self) -> None:
        """Shut the server down (checkpoint-free), then make sure the process is gone."""
        if self.process.poll() is None:
            with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
                self.isql("raw_exit()", timeout=20)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def start_virtuoso(directory: Path, nquads: Path, *, max_seconds: int = 60) -> Virtuoso:
    """Start Virtuoso in ``directory``, bulk-load ``nquads`` (one named graph per graph), open read.

    Raises RuntimeError if the server does not answer within 120 s or the load reports an error.
    """
    directory.mkdir(parents=True, exist_ok=True)
    shutil.copy(nquads, directory / "data.nq")
    isql_port, http_port = free_port(), free_port()
    (directory / "virtuoso.ini").write_text(INI.format(d=directory, isql_port=isql_port,
                                                       http_port=http_port, max_seconds=max_seconds))
    log = (directory / "stdout.log").open("wb")
    process = subprocess.Popen([VIRTUOSO, "+configfile", str(directory / "virtuoso.ini"), "+foreground"],
                               cwd=directory, stdout=log, stderr=subprocess.STDOUT)
    server = Virtuoso(directory, isql_port, http_port, process)
    deadline = time.monotonic() + 120
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"virtuoso-t exited with {process.returncode}: "
                               + (directory / "virtuoso.log").read_text(errors="replace")[-2000:])
        try:
            ask = urllib.parse.urlencode({"query": "ASK {}"})
            with urllib.request.urlopen(f"{server.endpoint}?{ask}", timeout=2):
                break
        except (urllib.error.URLError, OSError):
            if time.monotonic() > deadline:
                server.stop()
                raise RuntimeError("Virtuoso did not answer within 120 s") from None
            time.sleep(0.5)
    graphs = sorted({q.graph_name.value for q in ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS)
                     if isinstance(q.graph_name, ox.NamedNode)})
    try:
        server.isql(f"ld_dir('{directory}', 'data.nq', 'urn:sens-graph:no-default-graph')",
                    "rdf_loader_run()", "checkpoint")
        errors = server.isql("SELECT ll_file, ll_error FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL")
        if "data.nq" in errors:
            raise RuntimeError(f"the bulk loader failed: {errors}")
        server.isql("DB.DBA.RDF_DEFAULT_USER_PERMS_SET('nobody', 0)",
                    *(f"DB.DBA.RDF_GRAPH_USER_PERMS_SET('{g}', 'nobody', 1)" for g in graphs))
    except BaseException:
        server.stop()
        raise
    return server
