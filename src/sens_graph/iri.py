"""IRI building rules (see data/README.md, "IRI policy")."""

from __future__ import annotations

import re
import unicodedata

from .namespaces import DEFAULT_BASE_IRI


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


def rebase(iri: str, base: str, default: str = DEFAULT_BASE_IRI) -> str:
    """Rewrite an entity IRI under the default base to the configured public base.

    The ontology's namespace (``<default>def``) is the vocabulary's identity and never moves."""
    if base != default and iri.startswith(default) and not iri.startswith(default + "def"):
        return base + iri[len(default):]
    return iri
