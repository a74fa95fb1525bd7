"""SSSOM mapping sets: read the TSV (with its YAML header) and turn it into RDF.

Each row becomes an ``owl:Axiom`` that reifies ``subject predicate object`` and carries the
SSSOM metadata (justification, confidence, author, date, comment) plus ``sens:mappingStatus``.
The direct ``subject predicate object`` triple is asserted only for mappings stated by a
source or curated: a *reconstructed* mapping never looks like a plain fact to a query.

Convention for standard SSSOM readers (sssom-py and others ignore ``mapping_status``, an
extension slot): reconstructed mappings are published in mapping sets of their own that hold
nothing else, each row with ``curation_rule: sens:Reconstructed`` (a standard slot that sssom-py
carries into RDF), a confidence below 1, and ``mapping_status: reconstructed``. The reader
enforces the convention. Published TSVs pass ``sssom validate`` (checked by the test suite).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from rdflib import XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

from .errors import MappingFileError
from .iri import invalid_iri_character
from .namespaces import DEFAULT_BASE_IRI, SENS, SSSOM

REQUIRED_COLUMNS = ("subject_id", "predicate_id", "object_id", "mapping_justification")
ALLOWED_PREDICATES = {
    "skos:exactMatch", "skos:closeMatch", "skos:broadMatch", "skos:narrowMatch", "skos:relatedMatch",
}
STATUS = {"stated": SENS.StatedBySource, "curated": SENS.Curated, "reconstructed": SENS.Reconstructed}
RECONSTRUCTION_RULE = "sens:Reconstructed"
"""``curation_rule`` of every reconstructed row (the standard SSSOM slot that marks it for any reader)."""
BUILTIN_CURIES = {
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "semapv": "https://w3id.org/semapv/vocab/",
    "orcid": "https://orcid.org/",
    "sens": "https://w3id.org/sens-graph/def#",
}


@dataclass
class MappingSet:
    """One parsed SSSOM file: its header metadata and its rows."""

    path: Path
    metadata: dict
    rows: list[dict[str, str]] = field(default_factory=list)
    row_lines: list[int] = field(default_factory=list)

    @property
    def curie_map(self) -> dict[str, str]:
        return {**BUILTIN_CURIES, **(self.metadata.get("curie_map") or {})}

    def expand(self, curie: str, line: int) -> URIRef:
        """Expand a CURIE with the file's curie_map; fail naming the line (unknown prefix, or a
        character no IRI may hold, such as a space, which would otherwise break validation later)."""
        if curie.startswith(("http://", "https://")):
            iri = curie
        else:
            prefix, sep, local = curie.partition(":")
            if not sep or prefix not in self.curie_map:
                raise MappingFileError(str(self.path), line, f"unknown CURIE prefix in {curie!r}")
            iri = self.curie_map[prefix] + local
        bad = invalid_iri_character(iri)
        if bad:
            raise MappingFileError(str(self.path), line, f"{curie!r} is not a valid IRI (it holds {bad!r})")
        return URIRef(iri)


def _yaml_error(path: Path, exc: yaml.YAMLError, header_numbers: list[int]) -> MappingFileError:
    """A YAML header error at the file line where the faulty construct starts (an unclosed ``[``
    is noticed lines later), with YAML's own words and the file line where it stopped."""

    def file_line(mark: object) -> int | None:
        index = getattr(mark, "line", None)
        return header_numbers[min(index, len(header_numbers) - 1)] if index is not None and header_numbers else None

    context = str(getattr(exc, "context", None) or "")
    stop = file_line(getattr(exc, "problem_mark", None))
    # An unclosed bracket or quote is at the start of its construct; anything else where YAML stopped.
    unclosed = "flow" in context or "quoted" in context
    start = file_line(getattr(exc, "context_mark", None)) if unclosed else None
    words = " ".join(w for w in (context, str(getattr(exc, "problem", None) or "")) if w)
    if start is not None and stop is not None and stop != start:
        words += f" (noticed at line {stop})"
    return MappingFileError(str(path), start or stop or 1, f"bad YAML header: {words or exc}")


def read_sssom_tsv(path: Path) -> MappingSet:
    """Parse an SSSOM TSV file (``#``-prefixed YAML header, then a tab-separated table)."""
    text = path.read_text(encoding="utf-8")
    # lines end at LF or CR LF only: a value may hold U+2028, U+0085… (str.splitlines would cut the row there)
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    if lines and lines[-1] == "":
        lines.pop()
    header_lines = [ln[1:] for ln in lines if ln.startswith("#")]
    header_numbers = [number for number, ln in enumerate(lines, start=1) if ln.startswith("#")]
    n_header = len(header_lines)
    try:
        metadata = yaml.safe_load("\n".join(header_lines)) or {}
    except yaml.YAMLError as exc:
        raise _yaml_error(path, exc, header_numbers) from exc
    body = "\n".join(ln for ln in lines if not ln.startswith("#"))
    reader = csv.DictReader(io.StringIO(body), delimiter="\t")
    missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise MappingFileError(str(path), n_header + 1, f"missing SSSOM columns: {', '.join(missing)}")
    _check_extensions(path, metadata, reader.fieldnames or [], n_header + 1)
    mset = MappingSet(path=path, metadata=metadata)
    for offset, row in enumerate(reader):
        line = n_header + 2 + offset
        if None in row or any(v is None for v in row.values()):
            raise MappingFileError(str(path), line, "wrong number of columns")
        mset.rows.append(row)
        mset.row_lines.append(line)
    return mset


def _check_extensions(path: Path, metadata: dict, columns: list[str], line: int) -> None:
    """``mapping_status`` is an SSSOM extension slot: it must be declared, with CURIEs (sssom validate)."""
    if "mapping_status" not in columns:
        return
    curie_map = {**BUILTIN_CURIES, **(metadata.get("curie_map") or {})}
    for definition in metadata.get("extension_definitions") or []:
        if isinstance(definition, dict) and definition.get("slot_name") == "mapping_status":
            prop = str(definition.get("property", ""))
            prefix, _, local = prop.partition(":")
            if prop.startswith(("http://", "https://")) or prefix not in curie_map:
                raise MappingFileError(str(path), 1, f"extension_definitions: property {prop!r} must be a CURIE "
                                                     "whose prefix is in curie_map (e.g. sens:mappingStatus)")
            if curie_map[prefix] + local != str(SENS.mappingStatus):
                raise MappingFileError(str(path), 1, f"extension_definitions: mapping_status property is {prop!r}, "
                                                     "not sens:mappingStatus")
            return
    raise MappingFileError(str(path), line, "column mapping_status is not declared in extension_definitions")


def _check_reconstructions_apart(mset: MappingSet) -> None:
    """A set holding reconstructed rows holds only those; each has confidence < 1 and the curation rule."""
    statuses = [(row.get("mapping_status") or "curated").strip() for row in mset.rows]
    if "reconstructed" not in statuses:
        for row, line in zip(mset.rows, mset.row_lines, strict=True):
            if RECONSTRUCTION_RULE in (row.get("curation_rule") or "").split("|"):
                raise MappingFileError(str(mset.path), line, f"curation_rule {RECONSTRUCTION_RULE} on a mapping "
                                                             "that is not reconstructed")
        return
    for row, line, status in zip(mset.rows, mset.row_lines, statuses, strict=True):
        if status != "reconstructed":
            raise MappingFileError(str(mset.path), line, f"mapping_status {status!r} in a set of reconstructed "
                                   "mappings: publish reconstructions in a mapping set of their own")
        if RECONSTRUCTION_RULE not in (row.get("curation_rule") or "").split("|"):
            raise MappingFileError(str(mset.path), line, f"a reconstructed mapping needs curation_rule "
                                                         f"{RECONSTRUCTION_RULE}")
        try:
            below_one = float(row.get("confidence") or "1") < 1.0
        except ValueError:
            continue  # reported with the row's other checks
        if not below_one:
            raise MappingFileError(str(mset.path), line, "a reconstructed mapping needs a confidence below 1")


def mapping_set_to_rdf(mset: MappingSet, set_name: str, base: str = DEFAULT_BASE_IRI) -> Graph:
    """RDF for one mapping set: the set, one reified axiom per row, the direct triples."""
    g = Graph()
    set_iri = URIRef(f"{base}mapping/{set_name}")
    meta = mset.metadata
    g.add((set_iri, RDF.type, SENS.MappingSet))
    g.add((set_iri, SSSOM.mapping_set_id, Literal(meta.get("mapping_set_id", str(set_iri)))))
    for key, prop in (("mapping_set_title", DCTERMS.title), ("mapping_set_description", DCTERMS.description)):
        if meta.get(key):
            g.add((set_iri, prop, Literal(meta[key], lang="fr")))
    if meta.get("license"):
        g.add((set_iri, DCTERMS.license, URIRef(meta["license"])))
    if meta.get("mapping_set_version"):
        g.add((set_iri, OWL.versionInfo, Literal(str(meta["mapping_set_version"]))))
    for creator in meta.get("creator_label", []) or []:
        g.add((set_iri, DCTERMS.creator, Literal(creator)))
    _check_reconstructions_apart(mset)
    for n, (row, line) in enumerate(zip(mset.rows, mset.row_lines, strict=True), start=1):
        predicate = row["predicate_id"].strip()
        if predicate not in ALLOWED_PREDICATES:
            raise MappingFileError(str(mset.path), line, f"predicate {predicate!r} is not a SKOS mapping predicate")
        s = mset.expand(row["subject_id"].strip(), line)
        p = mset.expand(predicate, line)
        o = mset.expand(row["object_id"].strip(), line)
        status_key = (row.get("mapping_status") or "curated").strip()
        if status_key not in STATUS:
            raise MappingFileError(str(mset.path), line, f"mapping_status {status_key!r} not in {sorted(STATUS)}")
        axiom = URIRef(f"{base}mapping/{set_name}/{n}")
        g.add((axiom, RDF.type, OWL.Axiom))
        g.add((axiom, OWL.annotatedSource, s))
        g.add((axiom, OWL.annotatedProperty, p))
        g.add((axiom, OWL.annotatedTarget, o))
        g.add((axiom, DCTERMS.isPartOf, set_iri))
        g.add((axiom, SENS.mappingStatus, STATUS[status_key]))
        g.add((axiom, SSSOM.mapping_justification, mset.expand(row["mapping_justification"].strip(), line)))
        if row.get("confidence"):
            try:
                conf = float(row["confidence"])
            except ValueError as exc:
                message = f"confidence {row['confidence']!r} is not a number"
                raise MappingFileError(str(mset.path), line, message) from exc
            if not 0.0 <= conf <= 1.0:
                raise MappingFileError(str(mset.path), line, f"confidence {conf} outside [0, 1]")
            g.add((axiom, SSSOM.confidence, Literal(row["confidence"].strip(), datatype=XSD.decimal)))
        for column in ("author_id", "reviewer_id", "curation_rule"):
            for value in (row.get(column) or "").split("|"):
                if value.strip():
                    g.add((axiom, SSSOM[column], mset.expand(value.strip(), line)))
        if row.get("mapping_date"):
            g.add((axiom, SSSOM.mapping_date, Literal(row["mapping_date"].strip(), datatype=XSD.date)))
        for column in ("subject_label", "object_label"):
            if row.get(column):
                g.add((axiom, SSSOM[column], Literal(row[column].strip(), lang="fr")))
        if row.get("comment"):
            g.add((axiom, RDFS.comment, Literal(row["comment"].strip(), lang="fr")))
        if status_key == "reconstructed":
            g.add((axiom, SENS.isReconstruction, Literal(True)))
            if row.get("mapping_tool") or row.get("comment"):
                g.add((axiom, SENS.reconstructionMethod,
                       Literal((row.get("mapping_tool") or row.get("comment")).strip())))
        else:
            g.add((s, p, o))
    return g
