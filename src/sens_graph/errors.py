"""Exceptions raised by sens-graph, in one place."""

from __future__ import annotations


class SensGraphError(Exception):
    """Base class of every error sens-graph raises on purpose."""


class DataSyntaxError(SensGraphError):
    """A data, ontology or shapes file does not parse; names the file, the line and the column."""

    def __init__(self, path: str, message: str, line: int | None = None, column: int | None = None) -> None:
        self.path = path
        self.line = line
        self.column = column
        where = f"{path}:{line}" if line else path
        if line and column:
            where += f":{column}"
        super().__init__(f"{where}: {message}")


class MappingFileError(SensGraphError):
    """An SSSOM TSV file is malformed; names the file and line."""

    def __init__(self, path: str, line: int, message: str) -> None:
        self.path = path
        self.line = line
        super().__init__(f"{path}:{line}: {message}")


class ValidationFailed(SensGraphError):
    """SHACL or QC validation found violations; carries the typed report."""

    def __init__(self, report: object) -> None:
        self.report = report
        super().__init__(str(report))


class ReasonerUnavailable(SensGraphError):
    """The OWL reasoner cannot run (for instance Java is missing)."""


class InconsistentOntology(SensGraphError):
    """The OWL reasoner found the ontology and data inconsistent."""


class QueryError(SensGraphError):
    """A library query was asked with an unknown name, parameter or value."""


class SearchError(SensGraphError):
    """The search index is missing or unreadable, or a search text cannot be searched."""


class ReportError(SensGraphError):
    """The report cannot be generated (missing query or column, unreadable build…)."""


class AnalyticsError(SensGraphError):
    """A graph analytic cannot be computed (for instance a cycle in the learning progression)."""


class ConfigurationError(SensGraphError):
    """A setting (an environment variable such as ``SENS_GRAPH_BUILD_WORKERS``) holds a value that cannot
    be used; the message names the setting, the value and what is expected."""


class BuildWorkerLost(SensGraphError):
    """A process the build forked for its per-programme work died (killed from outside, out of memory);
    the message says how to build in one process."""


class ProgrammeFileError(SensGraphError):
    """A programme workbook or CSV folder is invalid; carries every located problem at once.

    ``problems`` is a list of :class:`sens_graph.programmes.reader.Problem` (sheet, row, column,
    value, expected); the message lists them all, one per line."""

    def __init__(self, source: str, problems: list) -> None:
        self.source = source
        self.problems = list(problems)
        lines = [f"{source}: {len(self.problems)} problème(s)"] + [f"  {p}" for p in self.problems]
        super().__init__("\n".join(lines))


class ReferenceUnavailable(SensGraphError):
    """The served build holds no frameworks or professions to check a workbook against
    (``dist/graphs/professions.ttl`` or ``dist/graphs/referentiel/*.ttl`` missing)."""


class ExportError(SensGraphError):
    """A standard export (CASE, CTDL-ASN, Moodle) cannot be written faithfully; names the resource."""


class ProtocolError(SensGraphError):
    """A request the SPARQL protocol (or another HTTP route) does not allow; carries its HTTP status."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        self.status = status
        self.message = message
        self.headers = headers or {}
        super().__init__(message)


# The store's errors (sens_graph.store): the server maps each subclass to one HTTP status.


class StoreError(SensGraphError):
    """A query could not be answered; the server maps each subclass to one HTTP status."""


class QuerySyntaxError(StoreError):
    """The query does not parse (the message is the parser's)."""


class UpdateRefused(StoreError):
    """The request is a SPARQL Update: the store is read-only."""


class ServiceRefused(StoreError):
    """The query has a federated ``SERVICE`` clause: the server opens no outbound connection."""


class QueryTimeout(StoreError):
    """The query ran past its time limit and was stopped."""


class ResultTooLarge(StoreError):
    """The serialized result passed the configured size cap."""


class NotAcceptable(StoreError):
    """The result's kind (solutions, boolean or graph) has no format the client accepts."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        super().__init__(f"no acceptable media type for a {kind} result")


class StoreBusy(StoreError):
    """No query worker became free in time."""


class StoreFailure(StoreError):
    """The store failed while evaluating (worker crash, evaluation error, remote endpoint error)."""


class QueryTooComplex(StoreError):
    """The query nests deeper, or chains more operators, than the store can evaluate safely.

    pyoxigraph parses and evaluates recursively: a query nested a few thousand levels deep
    overflows the worker's native stack (SIGSEGV). The limits are :data:`MAX_QUERY_DEPTH` and
    :data:`MAX_QUERY_OPERATORS`, checked by the lexer before anything is evaluated.
    """


class InvalidGraphIri(StoreError):
    """A ``default-graph-uri`` or ``named-graph-uri`` is not an absolute IRI (RFC 3987)."""


class StoreUnavailable(StoreError):
    """The store cannot answer now (shutting down, or no usable store); the client may retry."""


class StoreLocked(StoreFailure):
    """Another process (a second server) holds the store directory's lock."""
