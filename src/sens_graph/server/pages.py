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
import json
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from ..errors import QueryError
from ..queries import QueryLibrary
from ..store import select
from .context import ServerContext, context
from .negotiation import negotiate
from .sparql import GRAPH_MEDIA_TYPES

router = APIRouter()

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
    if iri is None:
        return None
    return ctx.local_href(iri) or iri


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
    """A page of this module (the template gets ``ctx`` and the formatting helpers)."""
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
    total_hours: str | None = None
    family: str | None = None
    family_iri: str | None = None
    superseded_by: str | None = None
    href: str = ""


async def framework_versions(ctx: ServerContext) -> list[VersionSummary]:
    """Every framework version with its counts of domains, competences, capacities and printed hours."""
    found, counted = await asyncio.gather(rows(ctx, """
SELECT DISTINCT ?v ?label ?version ?hours ?family ?familyLabel ?newer WHERE {
  ?v a sens:FrameworkVersion ; skos:prefLabel ?label .
  OPTIONAL { ?v owl:versionInfo ?version }
  OPTIONAL { ?v sens:totalHours ?hours }
  OPTIONAL { ?v sens:appliesTo ?family . ?family skos:prefLabel ?familyLabel }
  OPTIONAL { ?newer prov:wasRevisionOf ?v }
} ORDER BY ?label ?version"""), rows(ctx, """
SELECT ?v ?t (COUNT(DISTINCT ?x) AS ?n) WHERE {
  VALUES ?t { sens:Domain sens:Competence sens:Capacity } ?x a ?t ; skos:inScheme ?v } GROUP BY ?v ?t"""))
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
    """Every profession (IRI, slug, French label), in alphabetical order."""
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
  OPTIONAL {{ <{iri}> sens:inFamily ?family . ?family skos:prefLabel ?familyLabel }}
  OPTIONAL {{ ?v a sens:FrameworkVersion ; sens:appliesTo ?target .
             FILTER (?target = <{iri}> || EXISTS {{ <{iri}> sens:inFamily ?target }}) }}
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
    """The programmes of the graph (diplomas; for now the DU CNS) with their printed total hours."""
    found = await rows(ctx, """
SELECT DISTINCT ?x ?label ?hours WHERE {
  ?x a sens:Diploma ; skos:prefLabel ?label . OPTIONAL { ?x sens:totalHours ?hours } }""")
    seen: dict[str, dict[str, str | None]] = {}
    for row in found:
        iri = plain(row["x"])
        seen.setdefault(iri, {"iri": iri, "href": href(ctx, iri), "label": plain(row["label"]),
                              "hours": french_number(plain(row["hours"])) if row.get("hours") else None})
    return sorted(seen.values(), key=lambda p: p["label"] or "")


def library(ctx: ServerContext) -> QueryLibrary:
    """The query library of ``settings.queries_dir`` (read once per build)."""
    key = ("query-library", ctx.dist_info().source_digest)
    if key not in ctx.cache:
        try:
            ctx.cache[key] = QueryLibrary.load(ctx.settings.queries_dir)
        except QueryError:
            ctx.cache[key] = QueryLibrary([])
    return ctx.cache[key]


@router.api_route("/", methods=["GET", "HEAD"], name="home")
async def home(request: Request) -> Response:
    """The home page for browsers; RDF clients → 303 /.well-known/void; ``?example=`` → the editor."""
    ctx = context(request)
    chosen = negotiate(request.headers.get("accept"), ["text/html", *GRAPH_MEDIA_TYPES])
    if chosen is not None and chosen != "text/html":
        return RedirectResponse("/.well-known/void", status_code=303, headers={"Vary": "Accept"})
    if "example" in request.query_params:  # the editor's old address: /?example=<name>&run=1
        return RedirectResponse(f"/editeur?{request.url.query}", status_code=301, headers={"Vary": "Accept"})
    versions, people, progs = await asyncio.gather(framework_versions(ctx), professions(ctx), programmes(ctx))
    wanted = (request.query_params.get("profession") or "").strip()
    answer, error = None, None
    if wanted:
        match = next((p for p in people if p["slug"] == wanted or _fold(p["label"]) == _fold(wanted)), None)
        if match is None:
            error = f"Profession inconnue : « {wanted} ». Choisissez-la dans la liste."
        else:
            answer = await profession_answer(ctx, match, versions)
    questions = [(q.name, q.title.split(" / ")[0]) for q in library(ctx).list()]
    data = json_ld({"@type": "WebSite", "name": "sens-graph", "inLanguage": "fr",
                    "potentialAction": {"@type": "SearchAction", "target": "/recherche?q={q}",
                                        "query-input": "required name=q"}})
    return render(request, ctx, "accueil.html", {
        "versions": versions, "professions": people, "programmes": progs, "answer": answer, "error": error,
        "wanted": wanted, "questions": questions, "jsonld": data,
    }, status=400 if error else 200, headers={"Vary": "Accept"})
