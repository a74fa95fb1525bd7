"""The query library: named, documented SPARQL queries (``queries/*.rq``) and how to run them.

Each ``queries/<name>.rq`` file starts with a machine-readable header of ``# key: value``
comment lines (a line starting with ``#`` and at least two spaces continues the previous
field)::

    # title: Référentiel d'une profession
    # question-fr: Quel référentiel s'applique à une profession, avec quels domaines … ?
    # question-en: Which framework applies to a profession, with which domains … ?
    # param: profession (text) = "Infirmier" — libellé de la profession / profession label
    # param: version (text) — clé ou libellé de version ; absent : toutes / version key; absent: all
    # choices: profession = SELECT DISTINCT ?value WHERE { ?p a sens:Profession ; skos:prefLabel ?value }
    # returns: profession, referentiel, domaine, competence, capacite, heures

A parameter is ``name (kind) [= default] — description`` where *kind* is ``text``, ``iri``,
``integer``, ``decimal``, ``boolean`` or ``choice: a|b|c``. A parameter without a default is
optional: when it is not given, its variable is left unbound (``UNDEF``) and the query treats
it as "no filter". ``choices:`` gives a one-line SPARQL query whose ``?value`` column lists the
valid values of a text parameter (compared case-insensitively); an invalid value is refused
with the list of valid ones.

How parameters reach the query (safely)
---------------------------------------
User input is never pasted into the query text. Each value is first parsed and checked
against its parameter's kind (and choices), then turned into an RDF term object
(``pyoxigraph.Literal`` / ``NamedNode``) whose ``str()`` is the term's escaped N-Triples form.
The body of a parameterised query holds at least one line ending with the marker ``# @params``::

    VALUES (?profession ?version) { ("Infirmier" UNDEF) }  # @params

The library regenerates every such line from the terms (defaults for parameters not given).
A query repeats the line inside each sub-select or ``UNION`` branch that needs the parameters,
since a ``VALUES`` block only binds the group it is in. The file as written is therefore valid
SPARQL that runs with the defaults (a test checks that the lines match the header's defaults),
and any SPARQL client (the server's YASGUI examples) can run it unchanged.

We use a ``VALUES`` block rather than pyoxigraph's ``substitutions=`` because, in the
pyoxigraph version we use, substituted variables must appear in the SELECT projection, which
grouped queries cannot always do; ``VALUES`` is also standard SPARQL 1.1 and works on any store.

Relative IRIs in the queries resolve against the ``BASE`` declared in the file (the default
entity base ``https://w3id.org/sens-graph/``); when the graph is built with another public
base, :meth:`Query.sparql` rewrites the ``BASE`` line.

Queries run over the union of the named graphs (``use_default_graph_as_union=True``) and may
use ``GRAPH ?g`` to report provenance. Oxigraph's union default graph yields one solution per
graph a triple is in (the framework triples, for instance, are in both version files), so the
queries use ``SELECT DISTINCT`` and aggregate over ``DISTINCT`` sub-selections.

Writing queries for this library: a variable that may be unbound must never be the subject of
a later ``OPTIONAL`` (an unbound subject matches every resource), and a ``BIND`` or ``FILTER``
inside an ``OPTIONAL``/``UNION`` group only sees that group's own variables.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD

from .config import Settings
from .errors import QueryError
from .layout import NQUADS
from .memstore import from_oxigraph_term, to_oxigraph
from .namespaces import DEFAULT_BASE_IRI
from .release_info import is_stale
from .values import json_value, machine_text

PARAMS_MARKER = "# @params"
KINDS = ("text", "iri", "integer", "decimal", "boolean", "choice")
FORMATS = ("table", "csv", "json")
_TRUE = {"true", "1", "yes", "oui", "vrai"}
_FALSE = {"false", "0", "no", "non", "faux"}
_HEADER_FIELD = re.compile(r"^#\s?(?P<key>[a-z][a-z-]*):\s*(?P<value>.*)$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\((?P<kind>[^)]*)\)\s*(?:=\s*(?P<default>.*?))?\s*[—–-]{1,2}\s+(?P<doc>.+)$"
)
_BASE_LINE = re.compile(r"^BASE\s*<[^>]*>\s*$", re.MULTILINE)
_VALUES_LINE = re.compile(r"^(?P<indent>\s*)VALUES\s.*" + re.escape(PARAMS_MARKER) + r"\s*$", re.MULTILINE)


def _fold(text: str) -> str:
    """Case- and accent-insensitive comparison key (for error-checking parameter values)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


# --------------------------------------------------------------------------------------------
# Parameters and queries
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Parameter:
    """One declared parameter of a library query."""

    name: str
    kind: str
    description: str
    default: str | None = None
    choices: tuple[str, ...] = ()
    choices_query: str | None = None

    @property
    def optional(self) -> bool:
        return self.default is None

    def parse(self, value: object, base_iri: str = DEFAULT_BASE_IRI) -> ox.NamedNode | ox.Literal:
        """The RDF term for a user value, or :class:`QueryError` if the value does not fit."""
        text = value if isinstance(value, str) else _plain(value)
        text = text.strip()
        if self.kind == "text":
            return ox.Literal(text)
        if self.kind == "choice":
            for choice in self.choices:
                if _fold(choice) == _fold(text):
                    return ox.Literal(choice)
            raise QueryError(f"parameter {self.name!r}: unknown value {text!r}; valid values: "
                             + ", ".join(self.choices))
        if self.kind == "boolean":
            if text.lower() in _TRUE:
                return ox.Literal("true", datatype=ox.NamedNode(str(XSD.boolean)))
            if text.lower() in _FALSE:
                return ox.Literal("false", datatype=ox.NamedNode(str(XSD.boolean)))
            raise QueryError(f"parameter {self.name!r}: {text!r} is not a boolean; valid values: true, false")
        if self.kind == "integer":
            if not re.fullmatch(r"[+-]?\d+", text):
                raise QueryError(f"parameter {self.name!r}: {text!r} is not an integer")
            return ox.Literal(str(int(text)), datatype=ox.NamedNode(str(XSD.integer)))
        if self.kind == "decimal":
            try:
                number = Decimal(text)
            except ArithmeticError as exc:
                raise QueryError(f"parameter {self.name!r}: {text!r} is not a number") from exc
            if not number.is_finite():
                raise QueryError(f"parameter {self.name!r}: {text!r} is not a number")
            plain = format(number, "f")
            return ox.Literal(plain if "." in plain else plain + ".0", datatype=ox.NamedNode(str(XSD.decimal)))
        # iri: absolute, or relative to the entity base
        iri = text if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", text) else base_iri + text.lstrip("/")
        try:
            return ox.NamedNode(iri)
        except ValueError as exc:
            raise QueryError(f"parameter {self.name!r}: {text!r} is not a valid IRI") from exc

    def signature(self) -> str:
        kind = f"choice: {'|'.join(self.choices)}" if self.kind == "choice" else self.kind
        default = f" = {self.default}" if self.default is not None else " (optional)"
        return f"{self.name} ({kind}){default}"


def _plain(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@dataclass(frozen=True)
class Query:
    """A query of the library: its header metadata and its SPARQL text."""

    name: str
    path: Path
    title: str
    question_fr: str
    question_en: str
    returns: tuple[str, ...]
    parameters: tuple[Parameter, ...]
    text: str
    notes: str = ""
    has_header: bool = True
    """False for a file read by :func:`read_any_query_file` without the library's header."""

    def parameter_lines(self) -> list[str]:
        """Each parameter as one line, ``signature — description`` (the editor's examples)."""
        return [f"{p.signature()} — {p.description}" for p in self.parameters]

    def parameter(self, name: str) -> Parameter:
        for param in self.parameters:
            if param.name == name:
                return param
        valid = ", ".join(p.name for p in self.parameters) or "(none)"
        raise QueryError(f"query {self.name!r} has no parameter {name!r}; valid parameters: {valid}")

    def terms(self, params: Mapping[str, object] | None = None,
              base_iri: str = DEFAULT_BASE_IRI) -> dict[str, ox.NamedNode | ox.Literal | None]:
        """Parameter name → RDF term (None = unbound), defaults filled in, every value checked."""
        given = dict(params or {})
        for name in given:
            self.parameter(name)  # raises on an unknown name
        out: dict[str, ox.NamedNode | ox.Literal | None] = {}
        for param in self.parameters:
            value = given.get(param.name)
            if value is None or (isinstance(value, str) and not value.strip()):
                value = param.default
            out[param.name] = None if value is None else param.parse(value, base_iri)
        return out

    def sparql(self, params: Mapping[str, object] | None = None, *, base_iri: str = DEFAULT_BASE_IRI) -> str:
        """The query text with the parameters bound (see the module docstring) and the base set."""
        text = self.text
        if base_iri != DEFAULT_BASE_IRI:
            text = _BASE_LINE.sub(lambda _m: f"BASE {ox.NamedNode(base_iri)}", text, count=1)
        if not self.parameters:
            return text
        terms = self.terms(params, base_iri)
        line = values_line(self.parameters, terms)
        return _VALUES_LINE.sub(lambda m: m.group("indent") + line, text)

    def describe(self) -> str:
        """Plain-text documentation of the query (for ``sens-graph query --list``)."""
        lines = [f"{self.name}: {self.title}", f"  fr: {self.question_fr}", f"  en: {self.question_en}"]
        for p in self.parameters:
            lines.append(f"  param {p.signature()} — {p.description}")
        lines.append(f"  returns: {', '.join(self.returns)}")
        return "\n".join(lines)


def values_line(parameters: Iterable[Parameter], terms: Mapping[str, ox.NamedNode | ox.Literal | None]) -> str:
    """``VALUES (?a ?b) { (term UNDEF) }  # @params`` from escaped RDF terms."""
    names = [p.name for p in parameters]
    variables = " ".join(f"?{n}" for n in names)
    cells = " ".join(_term_text(terms.get(n)) for n in names)
    return f"VALUES ({variables}) {{ ({cells}) }}  {PARAMS_MARKER}"


_SHORT_FORMS = {str(XSD.boolean), str(XSD.integer), str(XSD.decimal)}


def _term_text(term: ox.NamedNode | ox.Literal | None) -> str:
    """SPARQL text of a checked term: its escaped N-Triples form, or the short form of a number or boolean."""
    if term is None:
        return "UNDEF"
    if isinstance(term, ox.Literal) and term.datatype.value in _SHORT_FORMS:
        return term.value  # produced by Parameter.parse from a validated value: digits, sign, point, true/false
    return str(term)


def read_query_text(path: Path) -> str:
    """The text of a ``.rq`` file (UTF-8), without the byte-order mark some editors write first.

    A BOM before ``# title:`` or ``SELECT`` would hide the header and fail the SPARQL parser
    with a message that does not say why.
    """
    return path.read_text(encoding="utf-8-sig")


def parse_query_file(path: Path) -> Query:
    """Read one ``.rq`` file and its header; :class:`QueryError` if the header is malformed."""
    text = read_query_text(path)
    name = path.stem
    fields: list[tuple[str, str]] = []
    for raw in text.splitlines():
        if not raw.startswith("#"):
            break
        match = _HEADER_FIELD.match(raw)
        if match:
            fields.append((match["key"], match["value"].strip()))
        elif raw.startswith("#  ") and fields:
            key, value = fields[-1]
            fields[-1] = (key, f"{value} {raw[1:].strip()}".strip())
    meta: dict[str, str] = {}
    params: list[Parameter] = []
    choice_queries: dict[str, str] = {}
    for key, value in fields:
        if key == "param":
            params.append(_parse_param(name, value))
        elif key == "choices":
            pname, _, q = value.partition("=")
            choice_queries[pname.strip()] = q.strip()
        else:
            meta[key] = f"{meta[key]} {value}" if key in meta else value
    for key in ("title", "question-fr", "question-en", "returns"):
        if not meta.get(key):
            raise QueryError(f"{path}: header field {key!r} is missing")
    by_name = {p.name: p for p in params}
    for pname, q in choice_queries.items():
        if pname not in by_name:
            raise QueryError(f"{path}: 'choices' for undeclared parameter {pname!r}")
        by_name[pname] = Parameter(**{**by_name[pname].__dict__, "choices_query": q})
    params = [by_name[p.name] for p in params]
    if params and not _VALUES_LINE.search(text):
        raise QueryError(f"{path}: a query with parameters needs a 'VALUES … {PARAMS_MARKER}' line")
    return Query(
        name=name, path=path, title=meta["title"], question_fr=meta["question-fr"],
        question_en=meta["question-en"], returns=tuple(c.strip() for c in meta["returns"].split(",") if c.strip()),
        parameters=tuple(params), text=text, notes=meta.get("notes", ""),
    )


def read_any_query_file(path: Path, *, use_header: bool = True) -> Query:
    """Any ``.rq`` file as a :class:`Query`, for the server's editor and its examples.

    A file that starts with the library header (``# title:``) is read by :func:`parse_query_file`
    (:class:`QueryError` if that header is malformed). Any other file has no parameters; its first
    leading comment line is the title (the file name when there is none), the following ones are
    ``question_fr`` (the description), and ``has_header`` is False. ``use_header=False`` reads a
    file with a header that way too (to show a file whose header is malformed as it is).
    """
    text = read_query_text(path)
    if use_header and text.startswith("# title:"):
        return parse_query_file(path)
    header: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            header.append(stripped.lstrip("#").strip())
        elif stripped:
            break
    header = [h for h in header if h]
    title = header[0] if header else path.stem.replace("-", " ").replace("_", " ")
    return Query(name=path.stem, path=path, title=title, question_fr=" ".join(header[1:]), question_en="",
                 returns=(), parameters=(), text=text, has_header=False)


def _parse_param(query_name: str, spec: str) -> Parameter:
    match = _PARAM.match(spec)
    if not match:
        raise QueryError(f"{query_name}: malformed parameter declaration {spec!r}")
    kind = match["kind"].strip()
    choices: tuple[str, ...] = ()
    if kind.startswith("choice"):
        choices = tuple(c.strip() for c in kind.partition(":")[2].split("|") if c.strip())
        kind = "choice"
        if not choices:
            raise QueryError(f"{query_name}: parameter {match['name']!r} declares no choices")
    if kind not in KINDS:
        raise QueryError(f"{query_name}: parameter {match['name']!r} has unknown kind {kind!r}; "
                         f"valid kinds: {', '.join(KINDS)}")
    default = match["default"]
    if default is not None:
        default = default.strip()
        if len(default) >= 2 and default[0] == default[-1] == '"':
            default = default[1:-1]
    return Parameter(name=match["name"], kind=kind, description=match["doc"].strip(), default=default,
                     choices=choices)


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------

Term = URIRef | Literal | BNode | None


def to_python(term: Term) -> Any:
    """A plain Python value: IRIs as strings, typed literals as their value (Decimal, int, bool…)."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return str(term) if isinstance(value, Literal) else value
    return str(term)


@dataclass
class QueryResult:
    """The answer of a library query: column names and rows of rdflib terms (None = unbound)."""

    query: str
    columns: list[str]
    rows: list[tuple[Term, ...]]
    params: dict[str, Any] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)

    def records(self) -> list[dict[str, Any]]:
        """Rows as dicts of plain Python values."""
        return [dict(zip(self.columns, (to_python(t) for t in row), strict=True)) for row in self.rows]

    def column(self, name: str) -> list[Any]:
        """One column as plain Python values."""
        if name not in self.columns:
            raise QueryError(f"no column {name!r} in the result of {self.query!r}; columns: {', '.join(self.columns)}")
        i = self.columns.index(name)
        return [to_python(row[i]) for row in self.rows]

    def to_csv(self) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(self.columns)
        for record in self.records():
            writer.writerow([machine_text(record[c]) for c in self.columns])
        return buffer.getvalue()

    def to_json(self) -> str:
        payload = {
            "query": self.query,
            "params": {k: json_value(v) for k, v in self.params.items()},
            "columns": self.columns,
            "rows": [{k: json_value(v) for k, v in r.items()} for r in self.records()],
        }
        return json.dumps(payload, ensure_ascii=False, indent=2)

    def to_table(self, width: int = 160) -> str:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=self.query, show_lines=False, title_justify="left")
        for column in self.columns:
            table.add_column(column, overflow="fold")
        for record in self.records():
            table.add_row(*(machine_text(record[c]) for c in self.columns))
        console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
        console.print(table)
        console.print(f"{len(self.rows)} row(s)")
        return console.export_text()

    def render(self, fmt: str = "table") -> str:
        if fmt == "csv":
            return self.to_csv()
        if fmt == "json":
            return self.to_json()
        if fmt == "table":
            return self.to_table()
        raise QueryError(f"unknown format {fmt!r}; valid formats: {', '.join(FORMATS)}")


# --------------------------------------------------------------------------------------------
# The library
# --------------------------------------------------------------------------------------------

QueryableGraph = ox.Store | Dataset | Graph
"""What a library query runs on: the in-memory graph store (pyoxigraph), an rdflib dataset or graph."""
Store = QueryableGraph
"""Former name of :data:`QueryableGraph` (kept for callers)."""


class QueryLibrary:
    """The named queries of a ``queries/`` folder (its ``qc/`` checks are not part of it)."""

    def __init__(self, queries: Iterable[Query], directory: Path | None = None) -> None:
        self.directory = directory
        self._queries = {q.name: q for q in sorted(queries, key=lambda q: q.name)}

    @classmethod
    def load(cls, queries_dir: Path | str) -> QueryLibrary:
        directory = Path(queries_dir)
        if not directory.is_dir():
            raise QueryError(f"query folder {directory} does not exist")
        return cls((parse_query_file(p) for p in sorted(directory.glob("*.rq"))), directory)

    def list(self) -> list[Query]:
        return list(self._queries.values())

    def names(self) -> list[str]:
        return list(self._queries)

    def get(self, name: str) -> Query:
        try:
            return self._queries[name]
        except KeyError:
            raise QueryError(f"unknown query {name!r}; valid queries: {', '.join(self._queries)}") from None

    def run(self, store: QueryableGraph, name: str, params: Mapping[str, object] | None = None, *,
            base_iri: str = DEFAULT_BASE_IRI) -> QueryResult:
        query = self.get(name)
        oxstore = as_oxigraph(store)
        query.terms(params, base_iri)  # names and kinds first, then the values found in the data
        check_choices(oxstore, query, params, base_iri=base_iri)
        text = query.sparql(params, base_iri=base_iri)
        try:
            solutions = oxstore.query(text, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise QueryError(f"query {name!r} ({query.path}) does not parse: {exc}") from exc
        if not isinstance(solutions, ox.QuerySolutions):
            raise QueryError(f"query {name!r} is not a SELECT query")
        columns = [v.value for v in solutions.variables]
        converted: dict = {None: None}  # an answer repeats its IRIs and labels: each term converted once

        def convert(term):
            found = converted.get(term, converted)
            if found is converted:
                found = converted[term] = from_oxigraph_term(term)
            return found

        rows = [tuple(convert(sol[c]) for c in columns) for sol in solutions]
        return QueryResult(query=name, columns=columns, rows=rows,
                           params={k: to_python(_to_rdflib(t)) for k, t in query.terms(params, base_iri).items()})


def _to_rdflib(term: ox.NamedNode | ox.Literal | None) -> Term:
    return None if term is None else from_oxigraph_term(term)


def check_choices(store: ox.Store, query: Query, params: Mapping[str, object] | None,
                  *, base_iri: str = DEFAULT_BASE_IRI) -> None:
    """Refuse a text value that is not among the parameter's valid values (from the data)."""
    for name, value in (params or {}).items():
        param = query.parameter(name)
        if param.choices_query is None or value is None or (isinstance(value, str) and not value.strip()):
            continue
        valid = valid_values(store, query, param, base_iri=base_iri)
        if _fold(_plain(value)) not in {_fold(v) for v in valid}:
            shown = ", ".join(valid[:60]) + (" …" if len(valid) > 60 else "")
            raise QueryError(f"parameter {name!r} of {query.name!r}: unknown value {_plain(value)!r}; "
                             f"valid values: {shown or '(none in the data)'}")


def valid_values(store: QueryableGraph, query: Query, param: Parameter, *,
                 base_iri: str = DEFAULT_BASE_IRI) -> list[str]:
    """The valid values of a parameter: its choices, or the ``?value`` column of its choices query."""
    if param.kind == "choice":
        return list(param.choices)
    if param.choices_query is None:
        return []
    solutions = as_oxigraph(store).query(choices_sparql(query, param, base_iri=base_iri),
                                         use_default_graph_as_union=True)
    return sorted({sol["value"].value for sol in solutions if sol["value"] is not None}, key=_fold)


def choices_sparql(query: Query, param: Parameter, *, base_iri: str = DEFAULT_BASE_IRI) -> str | None:
    """The runnable text of a parameter's ``choices:`` query (the file's prologue, then the query), or None.

    Its ``?value`` column lists the valid values; :func:`valid_values` runs it on a pyoxigraph
    store, the server on its own store.
    """
    if param.choices_query is None:
        return None
    prologue = "\n".join(line for line in query.text.splitlines()
                         if re.match(r"^\s*(PREFIX|BASE)\b", line, re.IGNORECASE))
    if base_iri != DEFAULT_BASE_IRI:
        prologue = _BASE_LINE.sub(lambda _m: f"BASE {ox.NamedNode(base_iri)}", prologue, count=1)
    return f"{prologue}\n{param.choices_query}"


def as_oxigraph(store: QueryableGraph) -> ox.Store:
    """A pyoxigraph store for ``store`` (rdflib datasets and graphs are copied in memory)."""
    if isinstance(store, ox.Store):
        return store
    if isinstance(store, Dataset):
        return to_oxigraph(store)
    if isinstance(store, Graph):
        ds = Dataset()
        target = ds.graph(URIRef(f"{DEFAULT_BASE_IRI}graph/inline"))
        for triple in store:
            target.add(triple)
        return to_oxigraph(ds)
    raise TypeError(f"cannot query a {type(store).__name__}")


def load_graph_store(settings: Settings, *, prefer_dist: bool = True) -> ox.Store:
    """The graph store: an in-memory Oxigraph store of the whole graph, derived graphs included.

    Loads ``dist/sens-graph.nq`` when it is up to date with the sources; otherwise loads the
    sources (``data/``, ontology) and computes the derived graphs, without writing ``dist/``.

    Not the server's SPARQL backend (:mod:`.store`, on disk or remote) nor the rdflib dataset of the
    build (:func:`.sources.load_dataset`): the three are named apart in ``docs/architecture.md``.
    """
    nq = settings.dist_dir / NQUADS
    if prefer_dist and nq.is_file() and not is_stale(settings):
        store = ox.Store()
        store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
        return store
    from .derive import add_derived_graphs
    from .sources import load_dataset

    ds = load_dataset(settings)
    add_derived_graphs(ds, settings)
    return to_oxigraph(ds)


open_store = load_graph_store
"""Former name of :func:`load_graph_store` (kept: scripts and tests call it)."""


@lru_cache(maxsize=8)
def _library_for(directory: str) -> QueryLibrary:
    return QueryLibrary.load(directory)


def library_for(directory: Path | str) -> QueryLibrary:
    """The library of a query folder, read once per folder (``queries/``, ``queries/analytics/``…)."""
    return _library_for(str(directory))


def default_library(settings: Settings | None = None) -> QueryLibrary:
    """The library of the project's ``queries/`` folder (cached per folder)."""
    return _library_for(str((settings or Settings()).queries_dir))


def run(store: QueryableGraph, name: str, params: Mapping[str, object] | None = None, *,
        library: QueryLibrary | None = None, settings: Settings | None = None) -> QueryResult:
    """Run the library query ``name`` with ``params`` on ``store`` (Oxigraph store or rdflib dataset)."""
    settings = settings or Settings()
    lib = library or default_library(settings)
    return lib.run(store, name, params, base_iri=settings.base_iri)


__all__ = [
    "FORMATS", "PARAMS_MARKER", "Parameter", "Query", "QueryLibrary", "QueryResult", "QueryableGraph", "as_oxigraph",
    "choices_sparql", "default_library", "library_for", "load_graph_store", "open_store", "parse_query_file",
    "read_any_query_file", "run", "to_python", "valid_values", "values_line",
]
