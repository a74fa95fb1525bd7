"""IRI building rules (see data/README.md, "IRI policy")."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import pyoxigraph as ox

from .namespaces import DEFAULT_BASE_IRI

NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
"""Characters an IRI may not hold (RFC 3987): controls, space, and <>"{}|^`\\."""


def invalid_iri_character(iri: str) -> str | None:
    """The first character ``iri`` may not hold (see :data:`NOT_IN_IRI`), or None if there is none."""
    bad = NOT_IN_IRI.search(iri)
    return bad.group() if bad else None


def slugify(text: str) -> str:
    """Lower-case ASCII slug: accents removed, runs of non-alphanumerics become one '-'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def graph_iri_for(relative_path: str, base: str = DEFAULT_BASE_IRI) -> str:
    """Named-graph IRI of a data file: ``<base>graph/<path without extension>``."""
    stem = relative_path
    for suffix in (".sssom.tsv", ".ttl"):
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    if stem.startswith("mappings/"):
        stem = "mapping/" + stem[len("mappings/"):]
    return f"{base}graph/{stem}"


def source_file_for(graph_iri: str, base: str = DEFAULT_BASE_IRI) -> str:
    """The hand-edited file that fills a named graph (the inverse of :func:`graph_iri_for`).

    ``<base>graph/referentiel/x`` → ``data/referentiel/x.ttl``; ``<base>graph/mapping/s`` →
    ``data/mappings/s.sssom.tsv``; ``<base>graph/ontology`` → ``ontology/``; a derived graph is
    named with the words "computed by the build". Any other IRI is returned unchanged.
    """
    prefix = f"{base}graph/"
    if not graph_iri.startswith(prefix):
        return graph_iri
    stem = graph_iri[len(prefix):]
    if stem == "ontology":
        return "ontology/"
    if stem.startswith("mapping/"):
        return "data/mappings/" + stem[len("mapping/"):] + ".sssom.tsv"
    if stem.startswith("derived/"):
        return f"graph/{stem} (computed by the build)"
    return f"data/{stem}.ttl"


def rebase(iri: str, base: str, default: str = DEFAULT_BASE_IRI) -> str:
    """Rewrite an entity IRI under the default base to the configured public base.

    The ontology's namespace (``<default>def``) is the vocabulary's identity and never moves."""
    if base != default and iri.startswith(default) and not iri.startswith(default + "def"):
        return base + iri[len(default):]
    return iri


def sparql_iri(iri: str) -> str:
    """``iri`` as a SPARQL term ``<…>``, for a value bound into a query the server builds.

    pyoxigraph's strict IRI parser checks it (no space, ``>``, ``"``, ``{``… can end the term
    early and inject SPARQL); raises :class:`ValueError` naming the IRI when it is not one.
    """
    try:
        return str(ox.NamedNode(iri))
    except ValueError as exc:
        raise ValueError(f"not an IRI: {iri!r} ({exc})") from exc


def sparql_values(iris: Iterable[str]) -> str:
    """The body of a ``VALUES ?x { … }`` block of IRIs (each checked by :func:`sparql_iri`)."""
    return " ".join(sparql_iri(iri) for iri in iris)


def sparql_string(text: str) -> str:
    """``text`` as an escaped SPARQL string literal ``"…"`` (pyoxigraph's N-Triples form)."""
    return str(ox.Literal(text))
