"""The French pages for people who do not write SPARQL (issue 14), server-rendered with Jinja2.

- ``/``: home (search box, "quel référentiel s'applique à ma profession ?", the framework
  versions with their key figures, the programmes); RDF clients get a 303 to the VoID.
- The HTML documents of framework versions, competences and capacities (chosen by ``rdf:type``
  from :func:`entity_page`, which ``linked_data`` calls before its generic page).
- ``/comparer?a=<key>&b=<key>``: two framework versions side by side through the crosswalks.
- ``/queries/<name>``: a library question as a form, its answer as a table, CSV and XLSX.

Every page reads the store through its async API (a few SELECT queries run together); user
text never reaches a query: keys and names are looked up among the values the data gives, and
library parameters are bound by :meth:`sens_graph.queries.Query.sparql`.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from ..errors import QueryError
from ..iri import sparql_iri, sparql_values
from ..queries import QueryLibrary, choices_sparql, parse_query_file
from ..store import select
from . import i18n, urls
from .caching import build_validators, not_modified
from .context import ServerContext, context
from .http import GRAPH_MEDIA_TYPES
from .negotiation import negotiate

router = APIRouter()
log = logging.getLogger("sens_graph.server")

SENS = "https://w3id.org/sens-graph/def#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"

PREFIXES = f"""PREFIX sens: <{SENS}>
PREFIX skos: <{SKOS}>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX sssom: <https://w3id.org/sssom/>
"""

TWINS: dict[str, tuple[str, str]] = {
    "ttl": ("Turtle", "text/turtle"),
    "jsonld": ("JSON-LD", "application/ld+json"),
    "rdf": ("RDF/XML", "application/rdf+xml"),
    "nt": ("N-Triples", "application/n-triples"),
}
"""The machine twins of every entity page: extension → (name, media type)."""

MAPPING_WORDS: dict[str, str] = {
    SKOS + "exactMatch": "équivalent",
    SKOS + "closeMatch": "proche",
    SKOS + "broadMatch": "plus large",
    SKOS + "narrowMatch": "plus étroit",
    SKOS + "relatedMatch": "lié",
}
"""SKOS mapping predicate → French words (read from the page's element to its counterpart)."""

INVERSE_MAPPING = {SKOS + "broadMatch": SKOS + "narrowMatch", SKOS + "narrowMatch": SKOS + "broadMatch"}

STATUS_WORDS: dict[str, str] = {
    "Stated": "énoncée par la source", "StatedBySource": "énoncée par la source", "Curated": "établie par l'équipe",
    "Reconstructed": "reconstituée",
}
JUSTIFICATION_WORDS: dict[str, str] = {
    "ManualMappingCuration": "curation manuelle", "LexicalMatching": "correspondance lexicale",
    "LogicalReasoning": "raisonnement logique", "MappingReview": "revue de correspondance",
    "UnspecifiedMatching": "non précisée",
}
CHANGE_WORDS: dict[str, str] = {
    "reworded": "reformulé", "retitled": "renommé", "moved": "déplacé", "added": "ajouté", "removed": "retiré",
}
GAP_WORDS: dict[str, str] = {
    "present": "présente", "adapted": "adaptée", "absent": "absente", "added": "ajoutée",
}
"""Categories of /comparer, in the words of the accreditation report (reports/content.py)."""
GAP_PLURALS: dict[str, str] = {"present": "Présentes", "adapted": "Adaptées", "absent": "Absentes", "added": "Ajoutées"}
"""The column titles of the summary of /comparer (one per category of :data:`GAP_WORDS`)."""

KIND_NAMES: dict[str, str] = {
    SENS + "FrameworkVersion": "version de référentiel", SENS + "Domain": "domaine",
    SENS + "Competence": "compétence", SENS + "Capacity": "capacité",
}


# --------------------------------------------------------------------------------------------
# Values: SPARQL JSON terms to plain, French-formatted values
# --------------------------------------------------------------------------------------------


def plain(binding: dict[str, str] | None) -> str | None:
    """The lexical value of a SPARQL JSON term (None when unbound)."""
    return None if binding is None else binding["value"]


def french_number(value: str | int | float | Decimal | None) -> str:
    """``28.0`` → ``28``, ``1.5`` → ``1,5``, ``12000`` → ``12 000`` (narrow no-break space); text as is."""
    if value is None:
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if not number.is_finite():
        return str(value)
    sign, number = ("-" if number < 0 else ""), abs(number)
    whole = int(number)
    text = f"{whole:,}".replace(",", "\u202f")
    if number != whole:
        text += "," + format(number.normalize(), "f").partition(".")[2]
    return sign + text


MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre")


def french_date(text: str) -> str:
    """``2026-11-23`` → ``23 novembre 2026``; ``2025-02`` → ``février 2025``; other text as is."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            d = date.fromisoformat(text)
            return f"{d.day} {MONTHS[d.month - 1]} {d.year}"
        if re.fullmatch(r"\d{4}-\d{2}", text):
            year, month = text.split("-")
            return f"{MONTHS[int(month) - 1]} {year}"
    except (ValueError, IndexError):
        pass
    return text


NUMERIC_TYPES = {XSD + t for t in ("integer", "decimal", "double", "float", "int", "long", "nonNegativeInteger",
                                   "positiveInteger", "short")}


def display(binding: dict[str, str] | None) -> str:
    """A literal as people read it: numbers and dates in French, booleans as oui/non, no datatype."""
    if binding is None:
        return ""
    datatype = binding.get("datatype", "")
    value = binding["value"]
    if datatype in NUMERIC_TYPES:
        return french_number(value)
    if datatype == XSD + "boolean":
        return "oui" if value in ("true", "1") else "non"
    if datatype in (XSD + "date", XSD + "gYearMonth"):
        return french_date(value)
    if datatype == XSD + "dateTime":
        return french_date(value[:10]) + (" " + value[11:16] if len(value) >= 16 else "")
    return value


def local_name(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def version_key(ctx: ServerContext, iri: str) -> str | None:
    """``<base>referentiel/socle-postbac/v1.1.2022`` → ``socle-postbac/v1.1.2022``."""
    prefix = ctx.base_iri + "referentiel/"
    return iri[len(prefix):] if iri.startswith(prefix) else None


def href(ctx: ServerContext, iri: str | None) -> str | None:
    """The link to an IRI: its path on this server when under the base, else the IRI."""
    return ctx.urls.entity(iri)


async def rows(ctx: ServerContext, query: str) -> list[dict[str, dict[str, str]]]:
    """SPARQL JSON bindings of a SELECT (with the pages' prefixes) over the union of the named graphs."""
    return await select(ctx.store, PREFIXES + query, union_default_graph=True)


def french_first(candidates: list[tuple[str, str]]) -> str | None:
    """Of (text, language) pairs, the French one, else one without language, else any."""
    ranked = sorted(candidates, key=lambda c: ({"fr": 0, "": 1}.get(c[1].lower(), 2), c[0]))
    return ranked[0][0] if ranked else None


def json_ld(data: dict[str, Any]) -> str:
    """schema.org JSON-LD for a ``<script type="application/ld+json">`` (``</`` escaped)."""
    return json.dumps({"@context": "https://schema.org", **data}, ensure_ascii=False, indent=1).replace("</", "<\\/")


def render(request: Request, ctx: ServerContext, template: str, values: dict[str, Any], *, status: int = 200,
           headers: dict[str, str] | None = None) -> Response:
    """A page of this module (the template gets ``ctx`` and the formatting helpers).

    A 200 page carries validators from the build and its address (ETag, Last-Modified,
    Cache-Control) unless the caller gave its own, and a conditional GET/HEAD gets 304.
    """
    headers = dict(headers or {})
    if status == 200 and not any(k.lower() == "etag" for k in headers):
        validators = build_validators(ctx, "page", request.url.path, request.url.query)
        if (unchanged := not_modified(request, validators, {k: v for k, v in headers.items()
                                                             if k.lower() == "vary"})) is not None:
            return unchanged
        headers.update(validators.headers)
    values = {"ctx": ctx, "num": french_number, "date": french_date, **values}
    return ctx.templates.TemplateResponse(request, template, values, status_code=status, headers=headers)


# --------------------------------------------------------------------------------------------
# Home
# --------------------------------------------------------------------------------------------


@dataclass
class VersionSummary:
    """One framework version and its key figures (counts of distinct items; printed total hours)."""

    iri: str
    key: str
    label: str
    version: str
    domains: int = 0
    competences: int = 0
    capacities: int = 0
    macro_competences: int = 0
    micro_competences: int = 0
    total_hours: str | None = None
    family: str | None = None
    family_iri: str | None = None
    superseded_by: str | None = None
    href: str = ""


PER_BUILD_ANSWERS = 256
"""At most this many answers kept by :func:`per_build` (the oldest go first); the cache empties with each build."""


async def per_build(ctx: ServerContext, key: tuple, compute: Any) -> Any:
    """The value of ``await compute()`` for ``key``, computed once per build (kept in ``ctx.cache``).

    The data only change with the build, and ``ctx.cache`` is cleared when the build changes, so
    an answer stays right until then. At most :data:`PER_BUILD_ANSWERS` such answers are kept.
    """
    slot = ("per-build", ctx.dist_info().source_digest)
    answers: dict[tuple, Any] = ctx.cache.setdefault(slot, {})
    if key not in answers:
        value = await compute()
        while len(answers) >= PER_BUILD_ANSWERS:
            answers.pop(next(iter(answers)))
        answers[key] = value
    return answers[key]


async def framework_versions(ctx: ServerContext) -> list[VersionSummary]:
    """Every framework version with its counts of domains, competences, capacities and printed hours.

    Read once per build (kept in ``ctx.cache``, which is cleared when the build changes).
    """
    key = ("framework-versions", ctx.dist_info().source_digest)
    if key not in ctx.cache:
        ctx.cache[key] = await _framework_versions(ctx)
    return ctx.cache[key]


async def _framework_versions(ctx: ServerContext) -> list[VersionSummary]:
    found, counted = await asyncio.gather(rows(ctx, """
SELECT DISTINCT ?v ?label ?version ?hours ?family ?familyLabel ?newer WHERE {
  ?v a sens:FrameworkVersion ; skos:prefLabel ?label .
  OPTIONAL { ?v owl:versionInfo ?version }
  OPTIONAL { ?v sens:totalHours ?hours }
  OPTIONAL { ?v sens:appliesTo ?family . ?family skos:prefLabel ?familyLabel }
  OPTIONAL { ?newer prov:wasRevisionOf ?v }
} ORDER BY ?label ?version"""), rows(ctx, """
SELECT ?v ?t (COUNT(DISTINCT ?x) AS ?n) WHERE {
  VALUES ?t { sens:Domain sens:Competence sens:Capacity sens:MacroCompetence sens:MicroCompetence }
  ?x a ?t ; skos:inScheme ?v } GROUP BY ?v ?t"""))
    counts = {(plain(r["v"]), plain(r["t"])): int(plain(r["n"])) for r in counted}
    out: dict[str, VersionSummary] = {}
    for row in found:
        iri = plain(row["v"])
        if iri in out:
            continue
        out[iri] = VersionSummary(
            iri=iri, key=version_key(ctx, iri) or iri, label=plain(row["label"]),
            version=plain(row.get("version")) or "",
            domains=counts.get((iri, SENS + "Domain"), 0), competences=counts.get((iri, SENS + "Competence"), 0),
            capacities=counts.get((iri, SENS + "Capacity"), 0),
            macro_competences=counts.get((iri, SENS + "MacroCompetence"), 0),
            micro_competences=counts.get((iri, SENS + "MicroCompetence"), 0),
            total_hours=french_number(plain(row["hours"])) if row.get("hours") else None,
            family=plain(row.get("familyLabel")), family_iri=plain(row.get("family")),
            superseded_by=plain(row.get("newer")), href=href(ctx, iri) or iri)
    return list(out.values())


@dataclass
class ProfessionAnswer:
    """The answer to "quel référentiel s'applique à ma profession ?"."""

    iri: str
    label: str
    families: list[tuple[str, str]] = field(default_factory=list)
    versions: list[VersionSummary] = field(default_factory=list)


async def professions(ctx: ServerContext) -> list[dict[str, str]]:
    """Every profession (IRI, slug, French label), in alphabetical order (read once per build)."""
    key = ("professions", ctx.dist_info().source_digest)
    if key not in ctx.cache:
        ctx.cache[key] = await _professions(ctx)
    return ctx.cache[key]


async def _professions(ctx: ServerContext) -> list[dict[str, str]]:
    found = await rows(ctx, """
SELECT DISTINCT ?p ?label WHERE {
  ?p a sens:Profession ; skos:prefLabel ?label FILTER(LANGMATCHES(LANG(?label), "fr")) }""")
    seen: dict[str, dict[str, str]] = {}
    for row in found:
        iri = plain(row["p"])
        seen.setdefault(iri, {"iri": iri, "slug": local_name(iri), "label": plain(row["label"])})
    return sorted(seen.values(), key=lambda p: _fold(p["label"]))


def _fold(text: str) -> str:
    import unicodedata
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


async def profession_answer(ctx: ServerContext, profession: dict[str, str],
                            versions: list[VersionSummary]) -> ProfessionAnswer:
    """Families of a profession and the framework versions that apply to it (through a family or directly)."""
    iri = profession["iri"]
    found = await rows(ctx, f"""
SELECT DISTINCT ?family ?familyLabel ?v WHERE {{
  OPTIONAL {{ {sparql_iri(iri)} sens:inFamily ?family . ?family skos:prefLabel ?familyLabel }}
  OPTIONAL {{ ?v a sens:FrameworkVersion ; sens:appliesTo ?target .
             FILTER (?target = {sparql_iri(iri)} || EXISTS {{ {sparql_iri(iri)} sens:inFamily ?target }}) }}
}}""")
    answer = ProfessionAnswer(iri, profession["label"])
    by_iri = {v.iri: v for v in versions}
    for row in found:
        family = (plain(row.get("family")), plain(row.get("familyLabel")))
        if family[0] and family not in answer.families:
            answer.families.append(family)
        version = by_iri.get(plain(row.get("v")) or "")
        if version and version not in answer.versions:
            answer.versions.append(version)
    answer.families.sort(key=lambda f: f[1] or "")
    answer.versions.sort(key=lambda v: (v.superseded_by is not None, v.label))
    return answer


async def programmes(ctx: ServerContext) -> list[dict[str, str | None]]:
    """The programmes of the graph (sens:Programme, the DU CNS and imported ones) with their printed total hours."""
    found = await rows(ctx, """
SELECT DISTINCT ?x ?label ?hours WHERE {
  VALUES ?kind { sens:Programme sens:Diploma }
  ?x a ?kind ; skos:prefLabel ?label . OPTIONAL { ?x sens:totalHours ?hours } }""")
    seen: dict[str, dict[str, str | None]] = {}
    for row in found:
        iri = plain(row["x"])
        seen.setdefault(iri, {"iri": iri, "href": href(ctx, iri), "label": plain(row["label"]),
                              "hours": french_number(plain(row["hours"])) if row.get("hours") else None})
    return sorted(seen.values(), key=lambda p: p["label"] or "")


def library(ctx: ServerContext) -> QueryLibrary:
    """The query library of ``settings.queries_dir`` (read once per build).

    Each file is read on its own: a file without the library's header is left out of the forms
    (it stays in the editor's examples) instead of hiding every other question.
    """
    key = ("query-library", ctx.dist_info().source_digest)
    if key not in ctx.cache:
        queries = []
        directory = ctx.settings.queries_dir
        for path in sorted(directory.glob("*.rq")) if directory.is_dir() else []:
            try:
                queries.append(parse_query_file(path))
            except QueryError as exc:
                log.warning("question form left out: %s", exc)
        ctx.cache[key] = QueryLibrary(queries, directory)
    return ctx.cache[key]


@router.api_route("/", methods=["GET", "HEAD"], name="home")
async def home(request: Request) -> Response:
    """The home page for browsers; RDF clients → 303 /.well-known/void; ``?example=`` → the editor."""
    ctx = context(request)
    chosen = negotiate(request.headers.get("accept"), ["text/html", *GRAPH_MEDIA_TYPES])
    if chosen is not None and chosen != "text/html":
        return RedirectResponse(ctx.urls.void(), status_code=303, headers={"Vary": "Accept"})
    if "example" in request.query_params:  # the editor's old address: /?example=<name>&run=1
        return RedirectResponse(f"{ctx.urls.editor()}?{request.url.query}", status_code=301, headers={"Vary": "Accept"})
    versions, people, progs = await asyncio.gather(framework_versions(ctx), professions(ctx), programmes(ctx))
    wanted = (request.query_params.get("profession") or "").strip()
    answer, error = None, None
    if wanted:
        match = next((p for p in people if p["slug"] == wanted or _fold(p["label"]) == _fold(wanted)), None)
        if match is None:
            error = i18n.translator(i18n.language(request))(
                "Profession inconnue : « {wanted} ». Choisissez-la dans la liste.", wanted=wanted)
        else:
            answer = await profession_answer(ctx, match, versions)
    questions = [(q.name, q.title) for q in library(ctx).list()]
    data = json_ld({"@type": "WebSite", "name": "sens-graph", "inLanguage": "fr",
                    "potentialAction": {"@type": "SearchAction", "target": ctx.urls.search() + "?q={q}",
                                        "query-input": "required name=q"}})
    return render(request, ctx, "accueil.html", {
        "versions": versions, "professions": people, "programmes": progs, "answer": answer, "error": error,
        "wanted": wanted, "questions": questions, "jsonld": data,
    }, status=400 if error else 200, headers={"Vary": "Accept"})


# --------------------------------------------------------------------------------------------
# Entity pages: framework version, competence, capacity (chosen by rdf:type)
# --------------------------------------------------------------------------------------------


@dataclass
class Facts:
    """The statements of one entity, French first: predicate → values (SPARQL JSON terms + label)."""

    values: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    graphs: set[str] = field(default_factory=set)

    def all(self, predicate: str) -> list[dict[str, str]]:
        return self.values.get(predicate, [])

    def text(self, predicate: str) -> str | None:
        """The French (else untagged, else any) lexical value of a predicate."""
        return french_first([(v["value"], v.get("xml:lang", "")) for v in self.all(predicate)])

    def iri(self, predicate: str) -> str | None:
        found = [v["value"] for v in self.all(predicate) if v["type"] == "uri"]
        return sorted(found)[0] if found else None

    def iris(self, predicate: str) -> list[str]:
        return sorted({v["value"] for v in self.all(predicate) if v["type"] == "uri"})


LABEL_PATH = "skos:prefLabel|dcterms:title|rdfs:label"


async def facts(ctx: ServerContext, iri: str) -> tuple[Facts, dict[str, str]]:
    """The entity's statements (with their named graphs) and the French labels of the IRIs they link."""
    found = await rows(ctx, f"""
SELECT DISTINCT ?p ?o ?g ?label WHERE {{
  GRAPH ?g {{ {sparql_iri(iri)} ?p ?o }}
  OPTIONAL {{ ?o {LABEL_PATH} ?label }}
}}""")
    out, labels = Facts(), {}
    candidates: dict[str, list[tuple[str, str]]] = {}
    seen: set[tuple[str, str, str]] = set()
    for row in found:
        predicate, obj = plain(row["p"]), row["o"]
        out.graphs.add(plain(row["g"]))
        key = (predicate, obj["value"], obj.get("xml:lang", ""))
        if key not in seen:
            seen.add(key)
            out.values.setdefault(predicate, []).append(obj)
        if row.get("label") and obj["type"] == "uri":
            candidates.setdefault(obj["value"], []).append((row["label"]["value"], row["label"].get("xml:lang", "")))
    labels = {k: french_first(v) for k, v in candidates.items()}
    return out, labels


def twins(path: str) -> list[dict[str, str]]:
    """The machine twins of the page of ``/<path>``."""
    return [{"href": urls.document(path, ext), "name": name, "type": media} for ext, (name, media) in TWINS.items()]


def downloads_of(ctx: ServerContext, graphs: set[str]) -> list[dict[str, str]]:
    """Downloadable Turtle files of the named graphs (``dist/graphs/<rel>.ttl``) that exist."""
    out = []
    prefix = ctx.base_iri + "graph/"
    for graph in sorted(graphs):
        rel = graph[len(prefix):] if graph.startswith(prefix) else None
        if rel and (ctx.dist_dir / "graphs" / f"{rel}.ttl").is_file():
            out.append({"href": urls.download(f"graphs/{rel}.ttl"), "name": f"{rel}.ttl", "graph": graph,
                        "graph_href": href(ctx, graph)})
    return out


async def sources_of(ctx: ServerContext, fact: Facts, labels: dict[str, str]) -> list[dict[str, str | None]]:
    """The source documents of an entity (title) with the locations it gives (``sens:sourceLocation``)."""
    locations = [v["value"] for v in fact.all(SENS + "sourceLocation")]
    return [{"iri": s, "href": href(ctx, s), "title": labels.get(s) or s, "locations": locations}
            for s in fact.iris("http://www.w3.org/ns/prov#wasDerivedFrom")]


async def issues_about(ctx: ServerContext, iris: Iterable[str]) -> list[dict[str, Any]]:
    """Source issues (``sens:SourceIssue``) concerning any of ``iris`` (bound as a VALUES block;
    :class:`ValueError` for a value that is not an IRI)."""
    values = sparql_values(iris)
    found = await rows(ctx, f"""
SELECT DISTINCT ?i ?label ?description ?kindLabel ?x WHERE {{
  VALUES ?x {{ {values} }}
  ?i a sens:SourceIssue ; sens:concerns ?x .
  OPTIONAL {{ ?i rdfs:label ?label FILTER(LANGMATCHES(LANG(?label), "fr")) }}
  OPTIONAL {{ ?i dcterms:description ?description FILTER(LANGMATCHES(LANG(?description), "fr")) }}
  OPTIONAL {{ ?i sens:issueKind/(skos:prefLabel|rdfs:label) ?kindLabel FILTER(LANGMATCHES(LANG(?kindLabel), "fr")) }}
}}""")
    issues: dict[str, dict[str, Any]] = {}
    for row in found:
        iri = plain(row["i"])
        issue = issues.setdefault(iri, {"iri": iri, "href": href(ctx, iri), "label": plain(row.get("label")) or iri,
                                        "description": plain(row.get("description")),
                                        "kind": plain(row.get("kindLabel")), "concerns": set()})
        issue["concerns"].add(plain(row["x"]))
    return sorted(issues.values(), key=lambda i: i["label"])


@dataclass
class Item:
    """A domain, competence or capacity of a framework version, with its children."""

    iri: str
    kind: str
    label: str
    notation: str | None = None
    order: int = 0
    hours: str | None = None
    printed_figure: str | None = None
    parent: str | None = None
    children: list[Item] = field(default_factory=list)
    href: str = ""


def _items_from(ctx: ServerContext, found: list[dict[str, dict[str, str]]],
                fields: Any) -> dict[str, Item]:
    """The first row of each ``?x`` (with ``?t``, ``?label``, ``?order``) as an :class:`Item`, by IRI;
    ``fields(row, order)`` gives the fields the query adds (notation, parent, hours…)."""
    items: dict[str, Item] = {}
    for row in found:
        iri = plain(row["x"])
        if iri in items:
            continue
        order = plain(row.get("order"))
        items[iri] = Item(iri=iri, kind=local_name(plain(row["t"])), label=plain(row["label"]),
                          order=int(order) if order else 0, href=href(ctx, iri) or iri, **fields(row, order))
    return items


async def items_of(ctx: ServerContext, version: str) -> list[Item]:
    """The domains of a framework version, each with its competences, each with its capacities."""
    found = await rows(ctx, f"""
SELECT DISTINCT ?x ?t ?label ?notation ?order ?hours ?figure ?parent WHERE {{
  VALUES ?t {{ sens:Domain sens:Competence sens:Capacity }}
  ?x skos:inScheme {sparql_iri(version)} ; a ?t ; skos:prefLabel ?label .
  OPTIONAL {{ ?x skos:notation ?notation }}
  OPTIONAL {{ ?x sens:order ?order }}
  OPTIONAL {{ ?x sens:hours ?hours }}
  OPTIONAL {{ ?x rdf:value ?figure }}
  OPTIONAL {{ ?x sens:inDomain|sens:ofCompetence ?parent }}
}}""")
    items = _items_from(ctx, found, lambda row, order: {
        "notation": plain(row.get("notation")), "parent": plain(row.get("parent")),
        "hours": french_number(plain(row["hours"])) if row.get("hours") else None,
        "printed_figure": display(row.get("figure")) or None})
    roots = []
    for item in sorted(items.values(), key=lambda i: (i.order, _notation_key(i.notation), i.iri)):
        parent = items.get(item.parent or "")
        if parent is not None and parent is not item:
            parent.children.append(item)
        elif item.kind == "Domain":
            roots.append(item)
    orphans = [i for i in items.values() if i.kind != "Domain" and (i.parent or "") not in items]
    if orphans:  # items the source prints without a domain (kept, under their own heading)
        roots.append(Item(iri="", kind="Domain", label="Sans domaine", children=orphans))
    return roots


def _notation_key(notation: str | None) -> tuple:
    return tuple(int(p) if p.isdigit() else 0 for p in re.split(r"[.\-]", notation or ""))


async def framework_version_page(request: Request, ctx: ServerContext, iri: str, path: str,
                                 headers: dict[str, str]) -> Response | None:
    """The page of a framework version: tree, printed totals, issues, changes, downloads.

    None (the generic page) for a version without domains, competences or capacities (the DU
    CNS référentiel is made of macro- and micro-competences, a programme model of its own).
    """
    (fact, labels), tree, changes = await asyncio.gather(facts(ctx, iri), items_of(ctx, iri), rows(ctx, f"""
SELECT DISTINCT ?c ?label ?kind ?from ?old ?new WHERE {{
  ?c a sens:VersionChange ; sens:toVersion {sparql_iri(iri)} ; sens:changeKind ?kind .
  OPTIONAL {{ ?c sens:fromVersion ?from }} OPTIONAL {{ ?c sens:oldItem ?old }} OPTIONAL {{ ?c sens:newItem ?new }}
  OPTIONAL {{ ?c rdfs:label ?label FILTER(LANGMATCHES(LANG(?label), "fr")) }}
}} ORDER BY ?c"""))
    if not tree:
        return None
    all_items = [iri] + [i.iri for d in tree for i in _walk(d) if i.iri]
    issues = await issues_about(ctx, all_items)
    competences = [c for d in tree for c in d.children]
    capacities = [k for c in competences for k in c.children]
    label = fact.text(SKOS + "prefLabel") or iri
    version = fact.text("http://www.w3.org/2002/07/owl#versionInfo") or ""
    previous = fact.iri("http://www.w3.org/ns/prov#wasRevisionOf")
    family = fact.iri(SENS + "appliesTo")
    framework = fact.iri(SENS + "isVersionOfFramework")
    change_rows = sorted(({"label": plain(r.get("label")) or plain(r["c"]),
                           "kind": CHANGE_WORDS.get(plain(r["kind"]), plain(r["kind"])),
                           "old": href(ctx, plain(r.get("old"))), "new": href(ctx, plain(r.get("new")))}
                          for r in changes), key=lambda c: c["label"])
    data = json_ld({"@type": "DefinedTermSet", "@id": iri, "name": label, "version": version, "inLanguage": "fr",
                    "url": str(request.url), "isPartOf": framework,
                    "hasDefinedTerm": [{"@type": "DefinedTerm", "@id": c.iri, "name": c.label,
                                        "termCode": c.notation} for c in competences]})
    return render(request, ctx, "page-referentiel.html", {
        "iri": iri, "path": path, "label": label, "version": version, "tree": tree,
        "counts": {"domains": len(tree), "competences": len(competences), "capacities": len(capacities)},
        "total_hours": french_number(fact.text(SENS + "totalHours")) if fact.text(SENS + "totalHours") else None,
        "domain_hours": _sum_hours(tree), "family": (family, labels.get(family or "")),
        "framework": (framework, labels.get(framework or "")), "previous": (previous, labels.get(previous or "")),
        "notes": [v["value"] for v in fact.all(SKOS + "note") if v.get("xml:lang", "fr") == "fr"],
        "issues": issues, "changes": change_rows, "downloads": downloads_of(ctx, fact.graphs),
        "sources": await sources_of(ctx, fact, labels), "twins": twins(path), "jsonld": data,
        "key": version_key(ctx, iri),
    }, headers=headers)


def _walk(item: Item) -> list[Item]:
    return [item] + [d for c in item.children for d in _walk(c)]


def _sum_hours(tree: list[Item]) -> str | None:
    """The sum of the domains' printed hours (shown beside the printed total, never instead of it)."""
    values = [Decimal(d.hours.replace("\u202f", "").replace(",", ".")) for d in tree if d.hours]
    return french_number(sum(values)) if values else None


@dataclass
class Counterpart:
    """One crosswalk row seen from the page's element: the other element and the mapping's metadata."""

    iri: str
    label: str
    notation: str | None
    scheme: str | None
    scheme_label: str | None
    words: str
    predicate: str
    justification: str | None
    confidence: str | None
    status: str
    reconstructed: bool
    comment: str | None
    mapping: str
    via: str | None = None
    href: str = ""
    scheme_href: str | None = None
    kind: str | None = None


async def counterparts(ctx: ServerContext, iris: list[str]) -> list[Counterpart]:
    """Every SSSOM mapping (reified ``owl:Axiom``) touching one of ``iris``, read from that side."""
    values = sparql_values(iris)
    found = await rows(ctx, f"""
SELECT DISTINCT ?x ?ax ?other ?p ?forward ?st ?just ?conf ?comment ?label ?notation ?scheme ?schemeLabel
       ?kindLabel WHERE {{
  VALUES ?x {{ {values} }}
  {{ ?ax owl:annotatedSource ?x ; owl:annotatedTarget ?other . BIND(true AS ?forward) }}
  UNION {{ ?ax owl:annotatedTarget ?x ; owl:annotatedSource ?other . BIND(false AS ?forward) }}
  ?ax owl:annotatedProperty ?p ; sens:mappingStatus ?st .
  OPTIONAL {{ ?ax sssom:mapping_justification ?just }}
  OPTIONAL {{ ?ax sssom:confidence ?conf }}
  OPTIONAL {{ ?ax rdfs:comment ?comment }}
  OPTIONAL {{ ?other skos:prefLabel ?label }}
  OPTIONAL {{ ?other skos:notation ?notation }}
  OPTIONAL {{ ?other a ?kind FILTER(STRSTARTS(STR(?kind), STR(sens:)))
             ?kind rdfs:label ?kindLabel FILTER(LANGMATCHES(LANG(?kindLabel), "fr")) }}
  OPTIONAL {{ ?other skos:inScheme ?scheme . ?scheme a sens:FrameworkVersion ; skos:prefLabel ?schemeLabel }}
}}""")
    out: dict[tuple[str, str], Counterpart] = {}
    for row in found:
        ax, other = plain(row["ax"]), plain(row["other"])
        if (ax, other) in out:
            continue
        predicate = plain(row["p"])
        if plain(row["forward"]) == "false":
            predicate = INVERSE_MAPPING.get(predicate, predicate)
        status = local_name(plain(row["st"]))
        just = plain(row.get("just"))
        out[(ax, other)] = Counterpart(
            iri=other, label=plain(row.get("label")) or other, notation=plain(row.get("notation")),
            scheme=plain(row.get("scheme")), scheme_label=plain(row.get("schemeLabel")),
            words=MAPPING_WORDS.get(predicate, local_name(predicate)), predicate=predicate,
            justification=JUSTIFICATION_WORDS.get(local_name(just), local_name(just)) if just else None,
            confidence=french_number(plain(row["conf"])) if row.get("conf") else None,
            status=STATUS_WORDS.get(status, status), reconstructed=status == "Reconstructed",
            comment=plain(row.get("comment")), mapping=ax, via=plain(row["x"]),
            href=href(ctx, other) or other, scheme_href=href(ctx, plain(row.get("scheme"))),
            kind=plain(row.get("kindLabel")))
    return sorted(out.values(), key=lambda c: (c.scheme_label or "~", _notation_key(c.notation), c.label))


async def element_page(request: Request, ctx: ServerContext, iri: str, path: str, kind: str,
                       headers: dict[str, str]) -> Response:
    """The page of a competence or a capacity."""
    (fact, labels), ancestors, children, history = await asyncio.gather(facts(ctx, iri), rows(ctx, f"""
SELECT DISTINCT ?a ?t ?label ?notation WHERE {{
  {sparql_iri(iri)} (sens:ofCompetence|sens:inDomain|skos:inScheme)+ ?a .
  ?a a ?t ; skos:prefLabel ?label . VALUES ?t {{ sens:FrameworkVersion sens:Domain sens:Competence }}
  OPTIONAL {{ ?a skos:notation ?notation }}
}}"""), rows(ctx, f"""
SELECT DISTINCT ?k ?label ?order WHERE {{
  ?k sens:ofCompetence {sparql_iri(iri)} ; skos:prefLabel ?label . OPTIONAL {{ ?k sens:order ?order }}
}} ORDER BY ?order"""), rows(ctx, f"""
SELECT DISTINCT ?c ?label ?kind ?old ?new ?from ?to ?fromLabel ?toLabel WHERE {{
  {{ ?c sens:oldItem {sparql_iri(iri)} }} UNION {{ ?c sens:newItem {sparql_iri(iri)} }}
  ?c a sens:VersionChange ; sens:changeKind ?kind .
  OPTIONAL {{ ?c sens:oldItem ?old }} OPTIONAL {{ ?c sens:newItem ?new }}
  OPTIONAL {{ ?c sens:fromVersion ?from . ?from owl:versionInfo ?fromLabel }}
  OPTIONAL {{ ?c sens:toVersion ?to . ?to owl:versionInfo ?toLabel }}
  OPTIONAL {{ ?c rdfs:label ?label FILTER(LANGMATCHES(LANG(?label), "fr")) }}
}}"""))
    capacity_iris = [plain(r["k"]) for r in children]
    links, issues = await asyncio.gather(counterparts(ctx, [iri, *capacity_iris]),
                                         issues_about(ctx, [iri]))
    in_frameworks = [c for c in links if c.scheme and c.via == iri]
    courses = [c for c in links if not c.scheme]
    order = {SENS + "FrameworkVersion": 0, SENS + "Domain": 1, SENS + "Competence": 2}
    crumbs: dict[str, dict[str, str | None]] = {}
    for row in sorted(ancestors, key=lambda r: order.get(plain(r["t"]), 9)):
        a = plain(row["a"])
        crumbs.setdefault(a, {"href": href(ctx, a) + (".html" if plain(row["t"]) == SENS + "FrameworkVersion" else ""),
                              "label": plain(row["label"]), "notation": plain(row.get("notation")),
                              "kind": KIND_NAMES.get(plain(row["t"]))})
    label = fact.text(SKOS + "prefLabel") or iri
    notation = fact.text(SKOS + "notation")
    scheme = fact.iri(SKOS + "inScheme")
    capacity_notation = {k: f"{notation}/{plain(r.get('order'))}" if notation else plain(r.get("order"))
                         for r in children for k in [plain(r["k"])]}
    data = json_ld({"@type": "DefinedTerm", "@id": iri, "name": label, "termCode": notation, "inLanguage": "fr",
                    "url": str(request.url), "inDefinedTermSet": scheme,
                    "additionalType": "compétence" if kind == "Competence" else "capacité"})
    return render(request, ctx, "page-element.html", {
        "iri": iri, "path": path, "label": label, "notation": notation, "kind": kind,
        "kind_name": KIND_NAMES[SENS + kind], "crumbs": list(crumbs.values()),
        "order": fact.text(SENS + "order"),
        "hours": french_number(fact.text(SENS + "hours")) if fact.text(SENS + "hours") else None,
        "capacities": [{"href": href(ctx, plain(r["k"])), "label": plain(r["label"]), "order": plain(r.get("order"))}
                       for r in children],
        "counterparts": in_frameworks, "courses": courses, "capacity_notation": capacity_notation,
        "history": sorted(({"label": plain(r.get("label")) or plain(r["c"]),
                            "kind": CHANGE_WORDS.get(plain(r["kind"]), plain(r["kind"])),
                            "old": href(ctx, plain(r.get("old"))), "new": href(ctx, plain(r.get("new"))),
                            "from": plain(r.get("fromLabel")), "to": plain(r.get("toLabel"))}
                           for r in history), key=lambda h: h["label"]),
        "issues": issues, "sources": await sources_of(ctx, fact, labels),
        "reconstructed": fact.text(SENS + "isReconstruction") == "true",
        "downloads": downloads_of(ctx, fact.graphs), "twins": twins(path), "jsonld": data,
    }, headers=headers)


ENTITY_KINDS = (SENS + "FrameworkVersion", SENS + "Competence", SENS + "Capacity")


async def entity_page(request: Request, ctx: ServerContext, iri: str, path: str,
                      headers: dict[str, str]) -> Response | None:
    """The kind-specific HTML page of ``iri`` (framework version, competence, capacity), or None.

    Called by ``linked_data`` for ``/<path>.html`` before its generic page; None means "no
    page of its own: use the generic one". ``headers`` are the document's (Link, Vary).
    """
    found = await rows(ctx, f"SELECT DISTINCT ?t WHERE {{ GRAPH ?g {{ {sparql_iri(iri)} a ?t }} }}")
    kinds = {plain(r["t"]) for r in found}
    if SENS + "FrameworkVersion" in kinds:
        return await framework_version_page(request, ctx, iri, path, headers)
    for kind in ("Competence", "Capacity"):
        if SENS + kind in kinds:
            return await element_page(request, ctx, iri, path, kind, headers)
    if SENS + "Programme" in kinds:
        return await programme_page(request, ctx, iri, path, headers)
    return None


# --------------------------------------------------------------------------------------------
# The generic entity page, made readable
# --------------------------------------------------------------------------------------------

PREDICATE_WORDS: dict[str, str] = {
    SKOS + "prefLabel": "libellé", SKOS + "altLabel": "autre libellé", SKOS + "hiddenLabel": "libellé caché",
    SKOS + "notation": "notation", SKOS + "inScheme": "dans le référentiel", SKOS + "topConceptOf": "domaine de",
    SKOS + "hasTopConcept": "domaines", SKOS + "member": "membre", SKOS + "note": "note",
    SKOS + "scopeNote": "note d'application", SKOS + "definition": "définition",
    SKOS + "editorialNote": "note éditoriale",
    SKOS + "broader": "plus générique", SKOS + "narrower": "plus spécifique", SKOS + "related": "lié à",
    **{k: f"correspondance : {v}" for k, v in MAPPING_WORDS.items()},
    "http://www.w3.org/2000/01/rdf-schema#label": "libellé",
    "http://www.w3.org/2000/01/rdf-schema#comment": "commentaire",
    "http://www.w3.org/2000/01/rdf-schema#seeAlso": "voir aussi",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#value": "valeur imprimée",
    "http://purl.org/dc/terms/title": "titre", "http://purl.org/dc/terms/description": "description",
    "http://purl.org/dc/terms/isPartOf": "fait partie de", "http://purl.org/dc/terms/hasVersion": "versions",
    "http://purl.org/dc/terms/publisher": "éditeur", "http://purl.org/dc/terms/creator": "auteur",
    "http://purl.org/dc/terms/contributor": "contributeur", "http://purl.org/dc/terms/language": "langue",
    "http://purl.org/dc/terms/references": "fait référence à", "http://purl.org/dc/terms/source": "source",
    "http://purl.org/dc/terms/issued": "publié le", "http://purl.org/dc/terms/license": "licence",
    "http://www.w3.org/2002/07/owl#versionInfo": "version", "http://www.w3.org/2002/07/owl#annotatedSource": "sujet",
    "http://www.w3.org/2002/07/owl#annotatedProperty": "relation",
    "http://www.w3.org/2002/07/owl#annotatedTarget": "objet",
    "http://www.w3.org/ns/prov#wasDerivedFrom": "tiré de", "http://www.w3.org/ns/prov#wasRevisionOf": "révision de",
    "http://www.w3.org/ns/prov#wasGeneratedBy": "produit par",
    "http://www.w3.org/ns/prov#wasAttributedTo": "attribué à",
    "http://www.w3.org/ns/prov#hadPrimarySource": "source première",
    "https://w3id.org/sssom/subject_label": "libellé du sujet",
    "https://w3id.org/sssom/object_label": "libellé de l'objet",
    "https://w3id.org/sssom/mapping_justification": "justification", "https://w3id.org/sssom/confidence": "confiance",
    "https://w3id.org/sssom/author_id": "auteur", "https://w3id.org/sssom/mapping_date": "date",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type": "type",
    "http://www.w3.org/2002/07/owl#Axiom": "correspondance (axiome réifié)",
}
"""French words for the predicates of other vocabularies (the ``sens:`` ones have French labels in the ontology)."""


def term_text(term: Any, lang: str = "fr") -> str:
    """The text of a term on the generic page: its label, the word of a known IRI, or its value.

    In English (``lang="en"``) a known IRI without label is said by the catalogue's English for its
    French word, else by its CURIE; labels (the data's, French) and literals are never translated.
    """
    if getattr(term, "is_iri", False):
        word = None
        name = local_name(term.value)
        if term.value in PREDICATE_WORDS and not term.label:
            word = PREDICATE_WORDS[term.value]
        elif term.value in MAPPING_WORDS:
            word = MAPPING_WORDS[term.value]
        elif not term.label and (name in STATUS_WORDS or name in JUSTIFICATION_WORDS):
            word = STATUS_WORDS.get(name) or JUSTIFICATION_WORDS[name]
        if word is not None:
            return word if lang == "fr" else i18n.CATALOGUE.get(word) or term.curie or term.value
        return term.label or term.curie or term.value
    if getattr(term, "kind", "") == "literal":
        return display({"value": term.value, "datatype": term.datatype or ""})
    return term.value


def install(env: Any) -> None:
    """Give the templates the French formatting helpers (called once by ``create_app``)."""
    env.globals.update(term_text=term_text, json_ld=json_ld, french_number=french_number)
    i18n.install(env)  # interface text in English on request


# --------------------------------------------------------------------------------------------
# /comparer: two framework versions side by side through the crosswalks
# --------------------------------------------------------------------------------------------


@dataclass
class CompareRow:
    """One element of A with its counterparts in B (or one element of B that nothing in A links)."""

    category: str
    level: str
    a: Item | None
    b: list[tuple[Item, Counterpart | None]] = field(default_factory=list)


async def _compare_items(ctx: ServerContext, a: str, b: str) -> dict[str, Item]:
    found = await rows(ctx, f"""
SELECT DISTINCT ?x ?v ?t ?label ?notation ?order ?competenceNotation WHERE {{
  VALUES ?v {{ {sparql_values([a, b])} }} VALUES ?t {{ sens:Competence sens:Capacity }}
  ?x skos:inScheme ?v ; a ?t ; skos:prefLabel ?label .
  OPTIONAL {{ ?x skos:notation ?notation }} OPTIONAL {{ ?x sens:order ?order }}
  OPTIONAL {{ ?x sens:ofCompetence/skos:notation ?competenceNotation }}
}}""")
    def fields(row: dict[str, dict[str, str]], order: str | None) -> dict[str, Any]:
        notation = plain(row.get("notation"))
        if notation is None and row.get("competenceNotation"):  # a capacity: <competence>/<order>
            notation = f"{plain(row['competenceNotation'])}/{order}"
        return {"notation": notation, "parent": plain(row["v"])}
    return _items_from(ctx, found, fields)


async def _compare_links(ctx: ServerContext, a: str, b: str) -> list[dict[str, dict[str, str]]]:
    return await rows(ctx, f"""
SELECT DISTINCT ?ax ?s ?p ?o ?st ?conf ?comment WHERE {{
  VALUES (?vs ?vo) {{ ({sparql_values([a, b])}) ({sparql_values([b, a])}) }}
  ?s skos:inScheme ?vs . ?ax owl:annotatedSource ?s ; owl:annotatedTarget ?o . ?o skos:inScheme ?vo .
  ?ax owl:annotatedProperty ?p ; sens:mappingStatus ?st .
  OPTIONAL {{ ?ax sssom:confidence ?conf }}
  OPTIONAL {{ ?ax rdfs:comment ?comment }}
}}""")


def compare(items: dict[str, Item], links: list[dict[str, dict[str, str]]], a: str,
            b: str) -> dict[str, list[CompareRow]]:
    """Rows per level (``Competence``, ``Capacity``): A's elements present, adapted or absent in B, then B's added.

    present = linked by ``skos:exactMatch``; adapted = any other mapping predicate (the closest
    link wins); absent = element of A linked to nothing of B (same class); added = element of B
    linked to nothing of A. As in the accreditation report (``reports/content.py``).
    """
    pairs: dict[str, list[tuple[str, Counterpart]]] = {}
    for row in links:
        s, o, predicate = plain(row["s"]), plain(row["o"]), plain(row["p"])
        if s not in items or o not in items or items[s].kind != items[o].kind:
            continue
        # read every link from A's element to B's
        a_item, b_item = (s, o) if items[s].parent == a else (o, s)
        read = predicate if a_item == s else INVERSE_MAPPING.get(predicate, predicate)
        status = local_name(plain(row["st"]))
        link = Counterpart(iri=b_item, label=items[b_item].label, notation=items[b_item].notation, scheme=b,
                           scheme_label=None, words=MAPPING_WORDS.get(read, local_name(read)), predicate=read,
                           justification=None,
                           confidence=french_number(plain(row["conf"])) if row.get("conf") else None,
                           status=STATUS_WORDS.get(status, status), reconstructed=status == "Reconstructed",
                           comment=plain(row.get("comment")), mapping=plain(row["ax"]))
        pairs.setdefault(a_item, []).append((b_item, link))
    linked_b = {b_item for links_of in pairs.values() for b_item, _ in links_of}
    out: dict[str, list[CompareRow]] = {"Competence": [], "Capacity": []}
    ordered = sorted(items.values(), key=lambda i: (_notation_key(i.notation), i.order, i.iri))
    for item in ordered:
        if item.parent != a:
            continue
        found = sorted(pairs.get(item.iri, []), key=lambda p: _notation_key(items[p[0]].notation))
        if not found:
            category = "absent"
        elif any(link.predicate == SKOS + "exactMatch" for _, link in found):
            category = "present"
        else:
            category = "adapted"
        out[item.kind].append(CompareRow(category, item.kind, item, [(items[i], link) for i, link in found]))
    for item in ordered:
        if item.parent == b and item.iri not in linked_b:
            out[item.kind].append(CompareRow("added", item.kind, None, [(item, None)]))
    return out


async def _compare_table(ctx: ServerContext, a: str, b: str) -> dict[str, list[CompareRow]]:
    items, links = await asyncio.gather(_compare_items(ctx, a, b), _compare_links(ctx, a, b))
    return compare(items, links, a, b)


@router.api_route("/comparer", methods=["GET", "HEAD"], name="compare")
async def compare_page(request: Request) -> Response:
    """``/comparer?a=<key>&b=<key>``: the versions are chosen among the data's (keys never reach a query)."""
    ctx = context(request)
    versions = await framework_versions(ctx)
    by_key = {v.key: v for v in versions}
    key_a = (request.query_params.get("a") or "").strip().strip("/")
    key_b = (request.query_params.get("b") or "").strip().strip("/")
    say = i18n.translator(i18n.language(request))
    errors = [say("Version de référentiel inconnue : « {key} ».", key=k)
              for k in (key_a, key_b) if k and k not in by_key]
    a, b = by_key.get(key_a), by_key.get(key_b)
    if a and b and a.iri == b.iri:
        errors.append(say("Choisissez deux versions différentes."))
    table: dict[str, list[CompareRow]] = {}
    summary: dict[str, dict[str, int]] = {}
    if a and b and not errors:
        table = await per_build(ctx, ("compare", a.iri, b.iri), lambda: _compare_table(ctx, a.iri, b.iri))
        summary = {level: {c: sum(1 for r in found if r.category == c) for c in GAP_WORDS}
                   for level, found in table.items()}
    return render(request, ctx, "comparer.html", {
        "versions": sorted(versions, key=lambda v: (v.label, v.version)), "a": a, "b": b, "key_a": key_a,
        "key_b": key_b, "errors": errors, "table": table, "summary": summary, "words": GAP_WORDS,
        "plural_words": GAP_PLURALS,
        "levels": {"Competence": "Compétences", "Capacity": "Capacités"},
    }, status=400 if errors else 200)


# --------------------------------------------------------------------------------------------
# /queries/<name>: a library question as a form
# --------------------------------------------------------------------------------------------

MAX_ANSWER_ROWS = 2000
"""Rows shown in the HTML table (the CSV and XLSX downloads hold them all)."""


@dataclass
class Field:
    """One form field of a library parameter."""

    name: str
    label: str
    help: str
    widget: str
    value: str
    options: list[tuple[str, str]] = field(default_factory=list)
    optional: bool = False


async def _valid_values(ctx: ServerContext, query: Any, param: Any) -> list[str]:
    """A parameter's valid values: its choices, or the ``?value`` column of its choices query (from the data)."""
    if param.kind == "choice":
        return list(param.choices)
    text = choices_sparql(query, param, base_iri=ctx.base_iri)
    if text is None:
        return []
    key = ("choices", query.name, param.name, ctx.dist_info().source_digest)
    if key not in ctx.cache:
        found = await select(ctx.store, text, union_default_graph=True)
        ctx.cache[key] = sorted({r["value"]["value"] for r in found if r.get("value")}, key=_fold)
    return ctx.cache[key]


async def _fields(ctx: ServerContext, query: Any, given: dict[str, str]) -> list[Field]:
    out = []
    for param in query.parameters:
        value = given.get(param.name, param.default or "")
        label = param.name.replace("_", " ")
        help_text = param.description  # bilingual "fr / en": the template shows the page's language
        if param.kind == "boolean":
            out.append(Field(param.name, label, help_text, "select", value.lower(),
                             [("true", "oui"), ("false", "non")] if not param.optional
                             else [("", "— indifférent —"), ("true", "oui"), ("false", "non")], param.optional))
            continue
        choices = await _valid_values(ctx, query, param)
        if choices:
            options = [(c, c) for c in choices]
            if param.optional:
                options.insert(0, ("", "— tous —"))
            out.append(Field(param.name, label, help_text, "select", value, options, param.optional))
        else:
            widget = "number" if param.kind in ("integer", "decimal") else "text"
            out.append(Field(param.name, label, help_text, widget, value, optional=param.optional))
    return out


@dataclass
class Answer:
    """The answer of a library query: its columns and its rows of SPARQL JSON terms."""

    columns: list[str]
    rows: list[dict[str, dict[str, str]]]


async def run_library_query(ctx: ServerContext, query: Any, params: dict[str, str]) -> tuple[str, Answer]:
    """Check the values (kinds, then the valid values from the data), bind them and run the query.

    Raises :class:`QueryError` with a French-facing message naming the parameter on a bad value;
    :class:`sens_graph.store.StoreError` when the store fails or times out.
    """
    query.terms(params, ctx.base_iri)
    for name, value in params.items():
        param = query.parameter(name)
        if param.choices_query is None or not value.strip():
            continue
        valid = await _valid_values(ctx, query, param)
        if _fold(value.strip()) not in {_fold(v) for v in valid}:
            raise QueryError(f"paramètre « {name} » : valeur inconnue « {value} » ; valeurs possibles : "
                             + ", ".join(valid[:40]) + (" …" if len(valid) > 40 else ""))
    text = query.sparql(params, base_iri=ctx.base_iri)
    from ..store import QueryRequest

    async def answer() -> Answer:
        response = await ctx.store.execute(QueryRequest(query=text, graph_media_type=None, union_default_graph=True))
        body = json.loads(response.body)
        return Answer(columns=list(body["head"]["vars"]), rows=body["results"]["bindings"])
    return text, await per_build(ctx, ("library-answer", text), answer)


async def _cell_labels(ctx: ServerContext, answer: Answer) -> dict[str, str]:
    iris = sorted({b["value"] for r in answer.rows[:MAX_ANSWER_ROWS] for b in r.values() if b["type"] == "uri"})
    iris = [i for i in iris if ctx.local_href(i) and re.fullmatch(r'[^<>"{}|^`\\\s]+', i)][:800]
    labels: dict[str, list[tuple[str, str]]] = {}
    for start in range(0, len(iris), 400):
        values = sparql_values(iris[start:start + 400])
        for row in await rows(ctx, f"SELECT ?x ?l WHERE {{ VALUES ?x {{ {values} }} ?x {LABEL_PATH} ?l }}"):
            labels.setdefault(plain(row["x"]), []).append((plain(row["l"]), row["l"].get("xml:lang", "")))
    return {k: french_first(v) for k, v in labels.items()}


def answer_cells(ctx: ServerContext, answer: Answer, labels: dict[str, str]) -> list[list[dict[str, str | None]]]:
    """Table cells: text (labels for IRIs, French numbers and dates) and link, per row and column."""
    out = []
    for row in answer.rows[:MAX_ANSWER_ROWS]:
        cells = []
        for column in answer.columns:
            term = row.get(column)
            if term is None:
                cells.append({"text": "", "href": None, "num": False})
            elif term["type"] == "uri":
                cells.append({"text": labels.get(term["value"]) or term["value"], "href": href(ctx, term["value"]),
                              "num": False})
            else:
                cells.append({"text": display(term), "href": None,
                              "num": term.get("datatype", "") in NUMERIC_TYPES})
        out.append(cells)
    return out


def answer_csv(answer: Answer) -> str:
    """The answer as CSV (UTF-8, plain lexical values: IRIs as IRIs, numbers with a point)."""
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(answer.columns)
    for row in answer.rows:
        writer.writerow([plain(row.get(c)) or "" for c in answer.columns])
    return buffer.getvalue()


def answer_xlsx(answer: Answer, title: str) -> bytes:
    """The answer as an XLSX workbook (numbers as numbers, IRIs as links)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "réponse"
    sheet.append(answer.columns)
    for i, row in enumerate(answer.rows, start=2):
        values = []
        for column in answer.columns:
            term = row.get(column)
            if term is None:
                values.append(None)
            elif term.get("datatype", "") in NUMERIC_TYPES:
                try:
                    number = Decimal(term["value"])
                    values.append(int(number) if number == number.to_integral_value() else float(number))
                except InvalidOperation:
                    values.append(term["value"])
            else:
                values.append(term["value"])
        sheet.append(values)
        for j, column in enumerate(answer.columns, start=1):
            term = row.get(column)
            if term is not None and term["type"] == "uri" and term["value"].startswith(("http://", "https://")):
                sheet.cell(row=i, column=j).hyperlink = term["value"]
    book.properties.title = title
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@router.api_route("/queries/{name}", methods=["GET", "HEAD"], name="question")
async def question_page(name: str, request: Request) -> Response:
    """A library question: its form; with ``run`` (or any parameter) its answer; ``format=csv|xlsx`` to download."""
    from ..store import StoreError
    from .http import ERROR_STATUS

    ctx = context(request)
    lib = library(ctx)
    say = i18n.translator(i18n.language(request))
    if name not in lib.names():
        return render(request, ctx, "error.html", {"status": 404,
                                                   "message": say("Aucune question nommée « {name} ».", name=name)},
                      status=404)
    query = lib.get(name)
    declared = {p.name for p in query.parameters}
    given = {k: v for k, v in request.query_params.items() if k in declared}
    fmt = request.query_params.get("format")
    wants_answer = "run" in request.query_params or bool(given) or fmt in ("csv", "xlsx")
    error, status, text, answer = None, 200, query.sparql(base_iri=ctx.base_iri), None
    if wants_answer:
        try:
            text, answer = await run_library_query(ctx, query, {k: v for k, v in given.items() if v.strip()})
        except QueryError as exc:
            error, status = str(exc), 400
        except StoreError as exc:
            error, status = say("La requête n'a pas abouti : {reason}", reason=exc), ERROR_STATUS.get(type(exc), 500)
    if answer is not None and fmt == "csv":
        return Response(answer_csv(answer), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    if answer is not None and fmt == "xlsx":
        return Response(answer_xlsx(answer, query.title),
                        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'})
    fields = await _fields(ctx, query, given)
    cells = answer_cells(ctx, answer, await _cell_labels(ctx, answer)) if answer is not None else []
    from urllib.parse import urlencode

    bound = urlencode({**given, "run": "1"})
    english = i18n.language(request) == "en"
    return render(request, ctx, "question.html", {
        "query": query, "title": i18n.bilingual(query.title, i18n.language(request)), "fields": fields,
        "question": query.question_en if english and query.question_en else query.question_fr,
        "error": error, "answer": answer,
        "cells": cells, "sparql": text, "shown": min(len(answer.rows), MAX_ANSWER_ROWS) if answer else 0,
        "download": f"{ctx.urls.query(name)}?{bound}", "editor": ctx.urls.editor(query=text),
        "notes": query.notes,
    }, status=status)


# --------------------------------------------------------------------------------------------
# Programme page: courses, coverage heat map, uncovered capacities, hours per domain
# --------------------------------------------------------------------------------------------


class _Records:
    """A library answer already fetched (SPARQL JSON bindings) in the shape ``coverage_report`` reads."""

    def __init__(self, answer: Answer) -> None:
        self.answer = answer

    def records(self) -> list[dict[str, Any]]:
        from rdflib import Literal, URIRef

        from ..queries import to_python

        def term(b: dict[str, str] | None) -> Any:
            if b is None:
                return None
            if b["type"] == "uri":
                return URIRef(b["value"])
            return Literal(b["value"], lang=b.get("xml:lang"), datatype=b.get("datatype"))
        return [{c: to_python(term(row.get(c))) for c in self.answer.columns} for row in self.answer.rows]


class _Fetched:
    """The two library answers of a programme, served to ``coverage_report`` as its library would."""

    def __init__(self, answers: dict[str, Answer]) -> None:
        self.answers = answers

    def run(self, store: Any, name: str, params: Any = None, **_: Any) -> _Records:
        return _Records(self.answers[name])


HEAT_LEVELS = 4
"""Classes of the heat map cells: 0 (no row), then 1, 2, 3+ coverage rows of the competence."""


async def programme_report(ctx: ServerContext, identifier: str) -> dict[str, Any]:
    """Coverage of a programme's framework, its courses and its heat map, read once per build.

    Runs the two library queries of :mod:`sens_graph.programmes.coverage` together and applies
    its counting rules (``coverage_report``); adds ``courses`` (rows of the courses query) and
    ``heat`` (competence × course counts of coverage rows). Raises :class:`QueryError` for a
    programme without an applicable framework.
    """
    from ..programmes.coverage import COURSES_QUERY, COVERAGE_QUERY, coverage_report

    key = ("programme-report", identifier, ctx.dist_info().source_digest)
    if key in ctx.cache:
        return ctx.cache[key]
    lib = library(ctx)
    (_, coverage), (_, courses) = await asyncio.gather(
        run_library_query(ctx, lib.get(COVERAGE_QUERY), {"programme": identifier}),
        run_library_query(ctx, lib.get(COURSES_QUERY), {"programme": identifier}))
    fetched = _Fetched({COVERAGE_QUERY: coverage, COURSES_QUERY: courses})
    report = coverage_report(None, fetched, identifier)  # type: ignore[arg-type]
    records = fetched.run(None, COVERAGE_QUERY).records()
    labels = {r["code"]: r["libelle"] for r in records}
    iris = {r["code"]: r["element_iri"] for r in records}
    competences = sorted({r["code"] for r in records if r["niveau_element"] == "competence"}, key=_notation_key)
    course_labels: dict[str, str] = {}
    cells: dict[tuple[str, str], set[str]] = {}
    for r in records:
        if r["enseignement_iri"] is None:
            continue
        course = str(r["enseignement_iri"])
        course_labels.setdefault(course, r["enseignement_libelle"] or r["enseignement"] or local_name(course))
        competence = r["code"] if r["niveau_element"] == "competence" else r["code"].rsplit(".", 1)[0]
        cells.setdefault((competence, course), set()).add(r["code"])
    columns = sorted(course_labels, key=lambda c: [(int(t), "") if t.isdigit() else (-1, t)
                                                   for t in re.split(r"(\d+)", c)])
    heat = [{"code": code, "label": labels.get(code), "href": href(ctx, iris.get(code)),
             "cells": [len(cells.get((code, c), ())) for c in columns]} for code in competences]
    uncovered = [{"code": code, "label": labels.get(code), "href": href(ctx, iris.get(code))}
                 for code in report["capacites"]["uncovered"]]
    course_rows = fetched.run(None, COURSES_QUERY).records()
    result = {
        "report": report, "heat": heat, "uncovered": uncovered,
        "columns": [{"iri": c, "href": href(ctx, c), "label": course_labels[c]} for c in columns],
        "courses": [{**r, "href": href(ctx, r.get("element_iri"))} for r in course_rows],
        "referentiel_href": ctx.urls.document(f"referentiel/{report['referentiel']}", "html"),
        "referentiel_label": next((v.label + " " + (v.version or "") for v in await framework_versions(ctx)
                                   if v.key == report["referentiel"]), report["referentiel"]),
    }
    ctx.cache[key] = result
    return result


async def programme_page(request: Request, ctx: ServerContext, iri: str, path: str,
                         headers: dict[str, str]) -> Response | None:
    """The page of a programme (``sens:Programme``): courses and hours, coverage of its framework.

    None (the generic page) for a programme without identifier or applicable framework.
    """
    fact, _ = await facts(ctx, iri)
    identifier = fact.text("http://purl.org/dc/terms/identifier")
    if not identifier:
        return None
    try:
        found = await programme_report(ctx, identifier)
    except QueryError as exc:
        log.info("programme page of %s: generic page (%s)", iri, exc)
        return None
    label = fact.text(SKOS + "prefLabel") or identifier
    data = json_ld({"@type": "EducationalOccupationalProgram", "@id": iri, "name": label, "inLanguage": "fr",
                    "url": str(request.url), "identifier": identifier})
    hours = found["report"]["heures"]
    domains = [{"code": d, "due": french_number(due),
                "got": french_number(hours["par_domaine"][d]) if d in hours["par_domaine"] else None}
               for d, due in hours["attendues_par_domaine"].items()]
    return render(request, ctx, "page-programme.html", {
        "iri": iri, "path": path, "label": label, "identifier": identifier, **found, "domains": domains,
        "total_hours": french_number(hours["total"]) if hours["total"] is not None else None,
        "twins": twins(path), "jsonld": data, "downloads": downloads_of(ctx, fact.graphs),
    }, headers=headers)


# --------------------------------------------------------------------------------------------
# Warm-up: what the pages build lazily, built when the server starts and after each reload
# --------------------------------------------------------------------------------------------


WARM_UP_STEPS = ("templates", "listings", "choices", "coverage", "search")
"""The quick steps of :func:`warm_up` (about 0.4 s on the real graph), awaited before serving."""
WARM_UP_LATER = ("answers",)
"""The long step (every question's default answer, about 2.4 s), run in the background once serving."""
REMOTE_WARM_UP_STEPS = ("templates", "listings", "choices", "search")
"""The steps warmed with a remote store (``--sparql-endpoint``), before serving and after a reload: no
``answers`` nor ``coverage``. That store may be shared by every replica behind a proxy, and each start sent
it the whole library at once: against Virtuoso 7.2 on the real graph, its own ``/sparql`` then answered no
query within 20 s for more than 30 s after the server listened (measured 1 December 2026). The questions'
answers and the coverage reports are made on first visit instead (and kept)."""
COVERAGE_WARM_UP_LIMIT = 10
"""Programmes whose coverage report the ``coverage`` step makes before serving, in identifier order; the
others' are made on their first visit. At national scale (issue 13) warming every one of 1,001 programmes
kept a 10^7-triple server from listening for more than 10 minutes."""


async def warm_up(ctx: ServerContext, steps: Iterable[str] = WARM_UP_STEPS + WARM_UP_LATER) -> dict[str, float]:
    """Fill the per-build caches before the first visitor does: seconds spent per step.

    ``steps`` chooses among, in this order: ``templates`` (compile every template), ``listings``
    (framework versions, professions, programmes), ``choices`` (the valid values of every
    library parameter: the forms' drop-downs), ``answers`` (each question's answer with its
    default values), ``coverage`` (the coverage report of the first :data:`COVERAGE_WARM_UP_LIMIT`
    programmes) and ``search`` (open the
    index). Called by the application's lifespan after the store starts and after each reload of
    the build (the caches are per build). A step that fails is logged and skipped: warming never
    stops the server.
    """
    from ..store import StoreError
    from .search_page import search_index

    spent: dict[str, float] = {}

    async def step(name: str, work: Any) -> None:
        started = time.perf_counter()
        try:
            await work()
        except (StoreError, QueryError, OSError, ValueError) as exc:
            log.warning("warm-up: %s skipped (%s)", name, exc)
        spent[name] = time.perf_counter() - started

    async def templates() -> None:
        for name in ctx.templates.env.list_templates(extensions=["html"]):
            ctx.templates.env.get_template(name)

    async def listings() -> None:
        await asyncio.gather(framework_versions(ctx), professions(ctx), programmes(ctx))

    async def choices() -> None:
        lib = library(ctx)
        await asyncio.gather(*(_valid_values(ctx, q, p) for q in lib.list() for p in q.parameters
                               if p.choices_query is not None))

    async def answers() -> None:  # each question's answer with its default values (the form's "Répondre")
        lib = library(ctx)

        async def default_answer(query: Any) -> None:
            try:
                await run_library_query(ctx, query, {})
            except (StoreError, QueryError) as exc:  # a question that needs a value has no default answer
                log.debug("warm-up: no default answer for %s (%s)", query.name, exc)
        await asyncio.gather(*(default_answer(q) for q in lib.list()))

    async def coverage() -> None:
        found = await rows(ctx, "SELECT DISTINCT ?id WHERE { ?x a sens:Programme ; dcterms:identifier ?id }")
        for identifier in sorted({plain(r["id"]) for r in found})[:COVERAGE_WARM_UP_LIMIT]:
            try:
                await programme_report(ctx, identifier)
            except QueryError as exc:  # no applicable framework: the generic page, nothing to warm
                log.debug("warm-up: programme %s has no coverage report (%s)", identifier, exc)

    async def search() -> None:
        search_index(ctx)

    chosen = set(steps)
    for name, work in (("templates", templates), ("listings", listings), ("choices", choices),
                       ("answers", answers), ("coverage", coverage), ("search", search)):
        if name in chosen:
            await step(name, work)
    log.info("pages warmed in %.2f s (%s)", sum(spent.values()),
             ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in spent.items()))
    return spent

