"""What every standard export shares: the framework data read from the graph, and the Generator base.

The graph is read only through the SPARQL files of ``queries/exports/`` (run by the query library,
so the framework version IRI is bound in the ``VALUES … # @params`` line, never pasted into the
text). :func:`load_frameworks` turns their rows into :class:`Framework` objects; each generator
(:mod:`.case`, :mod:`.ctdlasn`, :mod:`.moodle`) serializes one framework version per file.

Identifiers are UUIDv5 (:data:`uuid.NAMESPACE_URL`) of the IRIs (:func:`uuid_for`), so they stay the
same from build to build for a given public base IRI.
"""

from __future__ import annotations

import uuid
from abc import ABC, abstractmethod
from collections.abc import Iterable
from collections.abc import Mapping as MappingOf
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import pyoxigraph as ox

from ..errors import ExportError
from ..namespaces import SENS
from ..queries import QueryLibrary

SKOS_NS = "http://www.w3.org/2004/02/skos/core#"

ITEM_TYPES: dict[str, tuple[str, int]] = {
    str(SENS.Domain): ("Domaine", 1),
    str(SENS.Competence): ("Compétence", 2),
    str(SENS.Capacity): ("Capacité", 3),
    str(SENS.MacroCompetence): ("Macro-compétence", 1),
    str(SENS.MicroCompetence): ("Micro-compétence", 2),
}
"""sens: class IRI → (French type name used as CASE CFItemType / CTDL competencyCategory, hierarchy level)."""

STATED_STATUSES = {str(SENS.StatedBySource), str(SENS.Curated)}
"""Mapping statuses exported as associations; ``sens:Reconstructed`` mappings are left out (see README)."""


def uuid_for(iri: str) -> str:
    """The lower-case UUIDv5 of ``iri`` in the URL namespace (stable across builds)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, iri))


@dataclass(frozen=True)
class Item:
    """One competency-like item of a framework version (domain, competence, capacity, macro/micro)."""

    iri: str
    class_iri: str
    label: str
    notation: str | None
    rank: int | None
    parent: str | None
    level_rank: int | None = None
    level_label: str | None = None

    @property
    def type_name(self) -> str:
        """French name of the item's type (« Domaine », « Compétence », « Capacité », …)."""
        return ITEM_TYPES[self.class_iri][0]

    @property
    def depth(self) -> int:
        """1 for top-level items, 2 below them, 3 below those."""
        return ITEM_TYPES[self.class_iri][1]

    @property
    def identifier(self) -> str:
        """UUIDv5 of the item's IRI (CASE identifier; CTDL-ASN CTID without ``ce-``)."""
        return uuid_for(self.iri)

    @property
    def local_name(self) -> str:
        """The last segment of the IRI (``1.2``, ``4.1-bis``, ``3``, ``D1``)."""
        return self.iri.rstrip("/").rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Mapping:
    """One SSSOM mapping (reified axiom) with the framework version at one end."""

    iri: str
    mapping_set: str | None
    subject: str
    predicate: str
    object: str
    status: str
    subject_label: str | None
    object_label: str | None

    @property
    def skos_predicate(self) -> str:
        """``exactMatch``, ``closeMatch``, ``broadMatch``, ``narrowMatch`` or ``relatedMatch``."""
        return self.predicate.removeprefix(SKOS_NS)

    @property
    def is_stated(self) -> bool:
        """True for stated or curated mappings; False for reconstructed ones."""
        return self.status in STATED_STATUSES


@dataclass(frozen=True)
class Succession:
    """An item of one version replaced by an item of another (graph/derived/version-changes)."""

    iri: str
    kind: str
    old_item: str
    new_item: str
    from_version: str
    to_version: str


@dataclass(frozen=True)
class Precedence:
    """A DU micro-competence whose level comes just before another's in the same macro-competence."""

    earlier: str
    later: str


@dataclass
class Framework:
    """One framework version with everything the exports need, read from the graph."""

    iri: str
    framework: str | None
    title: str
    version_info: str | None
    publisher: str | None
    publisher_label: str | None
    sources: tuple[str, ...]
    source_labels: str | None
    source_location: str | None
    base_iri: str
    items: list[Item] = field(default_factory=list)
    mappings: list[Mapping] = field(default_factory=list)
    successions: list[Succession] = field(default_factory=list)
    precedences: list[Precedence] = field(default_factory=list)

    @property
    def identifier(self) -> str:
        """UUIDv5 of the version IRI (the CFDocument identifier)."""
        return uuid_for(self.iri)

    @property
    def key(self) -> str:
        """File name stem: the version IRI's path, ``referentiel/`` dropped, ``/`` → ``-``."""
        path = self.iri.removeprefix(self.base_iri).removeprefix("referentiel/")
        return path.strip("/").replace("/", "-")

    @property
    def items_by_iri(self) -> dict[str, Item]:
        """Item IRI → item."""
        return {item.iri: item for item in self.items}

    def ordered_items(self) -> list[Item]:
        """Depth-first, each level by rank then IRI: parents come before their children."""
        children: dict[str | None, list[Item]] = {}
        known = self.items_by_iri
        for item in self.items:
            parent = item.parent if item.parent in known else None
            children.setdefault(parent, []).append(item)
        for siblings in children.values():
            siblings.sort(key=lambda i: (i.rank if i.rank is not None else 10**6, i.iri))
        out: list[Item] = []

        def walk(parent: str | None) -> None:
            for child in children.get(parent, []):
                out.append(child)
                walk(child.iri)

        walk(None)
        return out

    def children_of(self, iri: str | None) -> list[Item]:
        """The items whose parent is ``iri`` (None: the top-level items), in rank order."""
        return [i for i in self.ordered_items() if i.parent == iri]

    def stated_mappings(self) -> list[Mapping]:
        """The mappings exported as associations (stated or curated), in IRI order."""
        return [m for m in self.mappings if m.is_stated]

    def label_of(self, iri: str) -> str | None:
        """Label of an item of this version, or of the other end of one of its mappings (the first
        mapping, in list order, that labels it)."""
        item = self.items_by_iri.get(iri)
        if item is not None:
            return item.label
        return self._mapping_labels().get(iri)

    def _mapping_labels(self) -> dict[str, str]:
        """IRI → label given by the first mapping that names it (subject before object), made once per
        length of ``mappings``: a lookup per association was a scan of every mapping, quadratic at
        national scale (58k programme rows on one version: 86 s of the exports step at 10^6)."""
        made = self.__dict__.get("_labels_by_iri")
        if made is None or made[0] != len(self.mappings):
            labels: dict[str, str] = {}
            for m in self.mappings:
                if m.subject_label and m.subject not in labels:
                    labels[m.subject] = m.subject_label
                if m.object_label and m.object not in labels:
                    labels[m.object] = m.object_label
            made = self.__dict__["_labels_by_iri"] = (len(self.mappings), labels)
        return made[1]


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _int(value: object) -> int | None:
    return None if value is None else int(value)


def _sorted_labels(joined: str | None) -> str | None:
    """The `` ; ``-joined source labels in sorted order (GROUP_CONCAT joins them in store order)."""
    return None if joined is None else " ; ".join(sorted(str(joined).split(" ; ")))


def load_frameworks(store: ox.Store, queries_dir: Path, *, base_iri: str,
                    mappings: MappingOf[str, list[MappingOf[str, Any]]] | None = None) -> list[Framework]:
    """Every ``sens:FrameworkVersion`` of ``store`` with its items, mappings, successions and precedences.

    ``queries_dir`` is the project's ``queries/exports`` folder. ``mappings`` (framework version IRI → the
    records of ``export-mappings`` for it, in mapping IRI order), when given, stands for that query's
    answers: the build puts them together from the core graphs' and each imported programme's
    (:func:`~sens_graph.programme_rows.release_rows`), and ``store`` then holds the core graphs only.
    Raises :class:`ExportError` naming the version when a version has no items or an item's parent is
    outside the version.
    """
    library = QueryLibrary.load(queries_dir)
    frameworks: list[Framework] = []
    for row in library.run(store, "export-framework-versions", base_iri=base_iri).records():
        fw = Framework(
            iri=row["version"], framework=_text(row["framework"]), title=row["title"],
            version_info=_text(row["version_info"]), publisher=_text(row["publisher"]),
            publisher_label=_text(row["publisher_label"]),
            sources=tuple(sorted((row["sources"] or "").split())), source_labels=_sorted_labels(row["source_labels"]),
            source_location=_text(row["source_location"]), base_iri=base_iri,
        )
        params = {"version": fw.iri}
        items: dict[str, Item] = {}
        for r in library.run(store, "export-items", params, base_iri=base_iri).records():
            item = Item(iri=r["item"], class_iri=r["class"], label=r["label"], notation=_text(r["notation"]),
                        rank=_int(r["rank"]), parent=_text(r["parent"]), level_rank=_int(r["level_rank"]),
                        level_label=_text(r["level_label"]))
            if item.iri in items and items[item.iri] != item:
                raise ExportError(f"{item.iri}: two labels, notations, ranks or parents in {fw.iri} "
                                  f"({items[item.iri]} / {item})")
            items.setdefault(item.iri, item)
        fw.items = list(items.values())
        found = (mappings.get(fw.iri, []) if mappings is not None
                 else library.run(store, "export-mappings", params, base_iri=base_iri).records())
        for r in found:
            fw.mappings.append(Mapping(iri=r["mapping"], mapping_set=_text(r["mapping_set"]), subject=r["subject"],
                                       predicate=r["predicate"], object=r["object"], status=r["status"],
                                       subject_label=_text(r["subject_label"]), object_label=_text(r["object_label"])))
        for r in library.run(store, "export-version-changes", params, base_iri=base_iri).records():
            fw.successions.append(Succession(iri=r["change"], kind=r["kind"], old_item=r["old_item"],
                                             new_item=r["new_item"], from_version=r["from_version"],
                                             to_version=r["to_version"]))
        for r in library.run(store, "export-level-progression", params, base_iri=base_iri).records():
            fw.precedences.append(Precedence(earlier=r["earlier"], later=r["later"]))
        _check(fw)
        frameworks.append(fw)
    return frameworks


def _check(fw: Framework) -> None:
    if not fw.items:
        raise ExportError(f"framework version {fw.iri}: no domain, competence or capacity is in its scheme")
    known = fw.items_by_iri
    for item in fw.items:
        if item.parent is not None and item.parent not in known:
            raise ExportError(f"{item.iri}: parent {item.parent} is not an item of {fw.iri}")


class Generator(ABC):
    """One export format: a name, the file formats it writes, and ``serialize(framework)``.

    Subclasses set :attr:`name` (folder under ``dist/``), :attr:`formats` (file suffix → media
    type, the first is the one written) and implement :meth:`serialize`.
    """

    name: ClassVar[str]
    formats: ClassVar[dict[str, str]]

    def __init__(self, *, build_date: str, version: str) -> None:
        self.build_date = build_date
        self.version = version

    @property
    def suffix(self) -> str:
        """The file suffix written (the first declared format)."""
        return next(iter(self.formats))

    def path_for(self, framework: Framework) -> str:
        """Path of the framework's file relative to ``dist/`` (``case/socle-postbac-v1.1.2022.json``)."""
        return f"{self.name}/{framework.key}{self.suffix}"

    @abstractmethod
    def serialize(self, framework: Framework, frameworks: Iterable[Framework] = ()) -> str:
        """The file text for one framework version (``frameworks``: all versions, for cross-links)."""
