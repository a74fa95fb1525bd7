"""A programme's coverage rows as an SSSOM TSV mapping set, published in ``dist/mappings/``.

The file has the layout of ``data/mappings/*.sssom.tsv`` (YAML header, then one mapping a row) and
:func:`sens_graph.sssom.read_sssom_tsv` reads it back into the same reified mappings
(``mapping/programme-<key>/<n>``) as :func:`.to_rdf.programme_to_rdf`; the programme-specific
columns (coverage relation, hours) are declared as SSSOM extension slots.
"""

from __future__ import annotations

import csv
import io

import yaml

from ..namespaces import DEFAULT_BASE_IRI
from .reader import ProgrammeSource
from .to_rdf import course_iri

COLUMNS = ("subject_id", "subject_label", "predicate_id", "object_id", "object_label", "mapping_justification",
           "confidence", "author_label", "mapping_date", "comment", "mapping_status", "coverage_relation", "hours")
PREDICATE_CURIES = {"totale": "skos:narrowMatch", "partielle": "skos:broadMatch"}


def set_name(key: str) -> str:
    """``programme-<key>``: the mapping set's name (``mapping/programme-<key>``, ``programme-<key>.sssom.tsv``)."""
    return f"programme-{key}"


def programme_sssom_tsv(source: ProgrammeSource, base: str = DEFAULT_BASE_IRI) -> str:
    """The SSSOM TSV text of the programme's ``couverture`` rows (UTF-8, tab-separated)."""
    key = source.key
    header = {
        "curie_map": {"sgr": f"{base}referentiel/", "sgp": f"{base}programme/",
                      "sens": "https://w3id.org/sens-graph/def#", "xsd": "http://www.w3.org/2001/XMLSchema#"},
        "mapping_set_id": f"{base}mapping/{set_name(key)}",
        "mapping_set_title": f"{source.fields['titre']} → {source.framework.key} : couverture",
        "mapping_set_description": (
            f"Couverture de {source.framework.key} par les enseignements du programme « {source.fields['titre']} » "
            f"({key}), feuille « couverture » de data/programmes/{key}/ : skos:narrowMatch = couverture totale, "
            "skos:broadMatch = couverture partielle."),
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "creator_label": sorted({row.auteur for row in source.coverage if row.auteur}) or ["sens-graph developers"],
        "extension_definitions": [
            {"slot_name": "mapping_status", "property": "sens:mappingStatus", "type_hint": "xsd:string"},
            {"slot_name": "coverage_relation", "property": "sens:coverageRelation", "type_hint": "xsd:string"},
            {"slot_name": "hours", "property": "sens:hours", "type_hint": "xsd:decimal"},
        ],
    }
    text = yaml.safe_dump(header, allow_unicode=True, sort_keys=False, width=1000)
    out = io.StringIO()
    out.write("".join(f"# {line}\n" for line in text.rstrip("\n").split("\n")))  # not splitlines(): U+2028
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(COLUMNS)
    prefix = f"{base}referentiel/"
    labels = {c.identifiant: c.intitule for c in source.courses}
    for row in source.coverage:
        subject = str(course_iri(key, row.enseignement, base))
        target = str(row.element.iri)
        writer.writerow([
            "sgp:" + subject[len(f"{base}programme/"):], labels.get(row.enseignement, ""),
            PREDICATE_CURIES[row.relation],
            "sgr:" + target[len(prefix):] if target.startswith(prefix) else target, row.element.label,
            "semapv:ManualMappingCuration", "" if row.confiance is None else str(row.confiance), row.auteur,
            "" if row.date is None else row.date.isoformat(), row.justification, "curated", row.relation,
            "" if row.heures is None else str(row.heures),
        ])
    return out.getvalue()


__all__ = ["programme_sssom_tsv", "set_name"]
