"""IMS / 1EdTech CASE 1.0: one CFPackage JSON per framework version.

Shape (CASE 1.0 Swagger definitions, as flattened in ``reference/case/derived``):

- ``CFDocument`` — the framework version: ``uri`` = its IRI, ``title`` verbatim, ``version`` =
  ``owl:versionInfo``, ``publisher`` only when the graph states one, ``language`` ``fr``.
- ``CFItems`` — domains, competences, capacities (DU: macro- and micro-competences), parents first:
  ``fullStatement`` = ``skos:prefLabel@fr`` verbatim, ``humanCodingScheme`` = ``skos:notation`` (only
  where the source prints one; capacities have none), ``listEnumeration`` = ``sens:order``,
  ``CFItemType`` = the French type name, ``uri`` = the item's IRI.
- ``CFAssociations`` — ``isChildOf`` for the hierarchy (top-level items are children of the
  document, OpenSALT's convention; ``sequenceNumber`` = rank); ``exactMatchOf`` for a
  ``skos:exactMatch`` crosswalk and ``isRelatedTo`` for the other SKOS predicates, from the
  *stated or curated* SSSOM mappings only (reconstructed mappings are left out: CASE 1.0 has no
  field to flag them, so a reader would take them as stated); ``replacedBy`` old → new item from
  ``graph/derived/version-changes`` (moved, reworded, retitled items); ``precedes`` for the DU's
  level progression (Débutant → Intermédiaire → Avancé within a macro-competence).

Identifiers are UUIDv5 of IRIs (:func:`.base.uuid_for`). Associations that have an IRI in the
graph (mapping axioms, version changes) use it as ``uri``; the others (hierarchy, progression)
get the IRI of their CASE API resource, ``<base>ims/case/v1p0/CFAssociations/<identifier>``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, ClassVar

from ..layout import CASE_API_PATH
from .base import Framework, Generator, Item, uuid_for

LICENSE_IRI = "https://creativecommons.org/licenses/by/4.0/"
LICENSE_TITLE = "Creative Commons Attribution 4.0 International (CC BY 4.0)"


def case_datetime(build_date: str) -> str:
    """RFC 3339 date-time with an explicit ``+00:00`` offset (``2026-11-30T10:00:00Z`` → ``…+00:00``)."""
    return build_date.replace("Z", "+00:00")


def association_type_for(skos_predicate: str) -> str:
    """CASE 1.0 association type for a SKOS mapping predicate: exactMatch → exactMatchOf, others → isRelatedTo."""
    return "exactMatchOf" if skos_predicate == "exactMatch" else "isRelatedTo"


class CaseGenerator(Generator):
    """CASE 1.0 CFPackage (``dist/case/<key>.json``)."""

    name = "case"
    formats: ClassVar[dict[str, str]] = {".json": "application/json"}

    def api_iri(self, framework: Framework, kind: str, identifier: str) -> str:
        """IRI of a resource of the read-only CASE API (``<base>ims/case/v1p0/<kind>/<identifier>``)."""
        return f"{framework.base_iri}{CASE_API_PATH}/{kind}/{identifier}"

    def package(self, framework: Framework, frameworks: Iterable[Framework] = ()) -> dict[str, Any]:
        """The CFPackage as a JSON-ready dict (see the module docstring for the mapping)."""
        when = case_datetime(self.build_date)
        exported = {item.iri: item for fw in (*frameworks, framework) for item in fw.items}
        doc_link = {"title": framework.title, "identifier": framework.identifier, "uri": framework.iri}

        def node(iri: str) -> dict[str, str]:
            if iri == framework.iri:
                return dict(doc_link)
            item = exported.get(iri)
            title = (item.label if item else framework.label_of(iri)) or iri
            return {"title": title, "identifier": uuid_for(iri) if item else iri, "uri": iri}

        def association(kind: str, origin: str, destination: str, iri: str | None = None,
                        sequence: int | None = None) -> dict[str, Any]:
            identifier = uuid_for(iri or f"{origin} {kind} {destination}")
            out: dict[str, Any] = {
                "identifier": identifier,
                "associationType": kind,
                "uri": iri or self.api_iri(framework, "CFAssociations", identifier),
                "originNodeURI": node(origin),
                "destinationNodeURI": node(destination),
                "lastChangeDateTime": when,
            }
            if sequence is not None:
                out["sequenceNumber"] = sequence
            return out

        items = framework.ordered_items()
        document: dict[str, Any] = {
            "identifier": framework.identifier,
            "uri": framework.iri,
            "creator": framework.publisher_label or f"sens-graph, d'après : {framework.source_labels}",
            "title": framework.title,
            "lastChangeDateTime": when,
            "description": self.description(framework),
            "language": "fr",
            "licenseURI": self.license_link(),
            "notes": self.notes(framework),
        }
        if framework.publisher_label:
            document["publisher"] = framework.publisher_label
        if framework.version_info:
            document["version"] = framework.version_info
        associations = [association("isChildOf", item.iri, item.parent or framework.iri, sequence=item.rank)
                        for item in items]
        associations += [association(association_type_for(m.skos_predicate), m.subject, m.object, iri=m.iri)
                         for m in framework.stated_mappings()]
        associations += [association("replacedBy", s.old_item, s.new_item, iri=s.iri) for s in framework.successions]
        associations += [association("precedes", p.earlier, p.later) for p in framework.precedences]
        return {
            "CFDocument": document,
            "CFItems": [self.item(item, when) for item in items],
            "CFAssociations": associations,
            "CFDefinitions": {
                "CFItemTypes": self.item_types(items, when),
                "CFLicenses": [{"identifier": uuid_for(LICENSE_IRI), "uri": LICENSE_IRI, "title": LICENSE_TITLE,
                                "licenseText": f"{LICENSE_TITLE} — {LICENSE_IRI}", "lastChangeDateTime": when}],
            },
        }

    @staticmethod
    def license_link() -> dict[str, str]:
        """LinkURI of the data licence (CC BY 4.0), defined in the package's CFLicenses."""
        return {"title": LICENSE_TITLE, "identifier": uuid_for(LICENSE_IRI), "uri": LICENSE_IRI}

    def description(self, framework: Framework) -> str:
        """One French sentence built from the graph: title, version, source documents."""
        version = f", version {framework.version_info}" if framework.version_info else ""
        return f"{framework.title}{version}. Source : {framework.source_labels}."

    def notes(self, framework: Framework) -> str:
        """Provenance and what the export leaves out, in French."""
        dropped = len(framework.mappings) - len(framework.stated_mappings())
        parts = [f"Exporté par sens-graph {self.version} depuis {framework.iri}"
                 f" ({framework.source_location or 'emplacement non indiqué'})."]
        if dropped:
            parts.append(f"{dropped} correspondance(s) reconstruite(s) non exportée(s) comme associations "
                         "(voir les jeux SSSOM, mapping_status = reconstructed).")
        return " ".join(parts)

    @staticmethod
    def item(item: Item, when: str) -> dict[str, Any]:
        """One CFPckgItem (no CFDocumentURI inside a package)."""
        out: dict[str, Any] = {"identifier": item.identifier, "uri": item.iri, "fullStatement": item.label}
        if item.notation:
            out["humanCodingScheme"] = item.notation
        if item.rank is not None:
            out["listEnumeration"] = str(item.rank)
        out["CFItemType"] = item.type_name
        out["CFItemTypeURI"] = {"title": item.type_name, "identifier": uuid_for(item.class_iri), "uri": item.class_iri}
        out["language"] = "fr"
        if item.level_label:
            out["notes"] = f"Niveau de maîtrise : {item.level_label}"
        out["lastChangeDateTime"] = when
        return out

    @staticmethod
    def item_types(items: list[Item], when: str) -> list[dict[str, Any]]:
        """One CFItemType per sens: class present (``uri`` = the class IRI, ``hierarchyCode`` = depth)."""
        seen: dict[str, Item] = {}
        for item in items:
            seen.setdefault(item.class_iri, item)
        return [{"identifier": uuid_for(iri), "uri": iri, "title": item.type_name,
                 "description": f"Niveau « {item.type_name} » du référentiel ({iri})",
                 "hierarchyCode": str(item.depth), "lastChangeDateTime": when}
                for iri, item in sorted(seen.items(), key=lambda kv: (kv[1].depth, kv[0]))]

    def serialize(self, framework: Framework, frameworks: Iterable[Framework] = ()) -> str:
        """The CFPackage as indented UTF-8 JSON text."""
        return json.dumps(self.package(framework, frameworks), ensure_ascii=False, indent=2) + "\n"
