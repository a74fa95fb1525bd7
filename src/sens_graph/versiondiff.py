"""Computed differences between two versions of a competency framework.

The differences are never hand-written: :func:`compute_version_changes` reads two
``sens:FrameworkVersion`` schemes from the graph and returns ``sens:VersionChange`` resources;
:func:`version_pairs` finds the (old, new) pairs to compare from ``prov:wasRevisionOf``.
The build puts the result in the named graph ``graph/derived/version-changes``.

How items are matched
---------------------
*Domains* and *competences* are matched by ``skos:notation`` ("1", "1.2"); a pair whose titles
differ after normalisation is ``retitled``. Items whose notation exists in one version only are
then matched by identical normalised title (``moved``: renumbered), and the rest are ``added``
or ``removed``.

*Capacities* are matched by their text, normalised (see :func:`normalise`: accents, case,
punctuation and whitespace are ignored, so "connaitre" = "connaître", "’" = "'", "…" = "..."):

1. identical text under the same competence notation → unchanged (no change resource);
2. identical text under another competence → ``moved``;
3. text similar above :data:`REWORD_THRESHOLD` (``difflib.SequenceMatcher`` ratio of the
   normalised texts), best pairs first → ``reworded``;
4. what is left → ``removed`` (old version) or ``added`` (new version).

Differences that vanish under normalisation (accents, apostrophes, ellipses, "a"/"à") are
typographic and are not reported.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD

from .namespaces import SENS

REWORD_THRESHOLD = 0.65
"""Minimum similarity for two capacity texts to be the same capacity reworded.

Chosen from the data (socle post-bac V1.2022 → V1.1.2022): the twelve genuine rewordings score
0.735 to 0.996 (the lowest: « … le Health Data Hub (HDH) » → « … la plateforme de données de
santé »), while the best score of a capacity that is really new (SNOMED CT codifications; the
environmental impact of digital health) against any old capacity is 0.593, and unrelated pairs
stay below 0.48. 0.65 sits in that gap.
"""

_ORDINAL_SIGNS = re.compile("[ᵒº°]")
_NON_WORD = re.compile(r"[\W_]+")


class ChangeKind(StrEnum):
    """Values of ``sens:changeKind``."""

    ADDED = "added"
    REMOVED = "removed"
    MOVED = "moved"
    REWORDED = "reworded"
    RETITLED = "retitled"


class Level(StrEnum):
    """The three levels of a framework version that are compared."""

    DOMAIN = "domain"
    COMPETENCE = "competence"
    CAPACITY = "capacity"


_LEVEL_RANK = {Level.DOMAIN: 0, Level.COMPETENCE: 1, Level.CAPACITY: 2}
_LEVEL_CLASS = {Level.DOMAIN: SENS.Domain, Level.COMPETENCE: SENS.Competence, Level.CAPACITY: SENS.Capacity}
_NOUN = {
    Level.DOMAIN: ("Domain", "Domaine"),
    Level.COMPETENCE: ("Competence", "Compétence"),
    Level.CAPACITY: ("Capacity", "Capacité"),
}


def normalise(text: str) -> str:
    """Comparison form of a text: no accents, case-folded, punctuation as spaces, single spaces.

    Ordinal signs ("n°", "nᵒ", "nº") count as punctuation, so that the three spellings agree.
    """
    text = _ORDINAL_SIGNS.sub(" ", text)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return " ".join(_NON_WORD.sub(" ", stripped).split())


def similarity(a: str, b: str) -> float:
    """``difflib`` ratio (0 to 1) of the normalised texts."""
    return difflib.SequenceMatcher(None, normalise(a), normalise(b), autojunk=False).ratio()


def _notation_key(notation: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that orders "2" before "10" and "1.2" before "1.10"."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in notation.split("."))


@dataclass(frozen=True)
class Item:
    """One domain, competence or capacity of a version, as compared."""

    iri: URIRef
    level: Level
    notation: str
    """Own notation (domain, competence) or the notation of the competence (capacity)."""
    order: int
    text: str

    @property
    def norm(self) -> str:
        return normalise(self.text)

    def sort_key(self) -> tuple[object, ...]:
        return (_LEVEL_RANK[self.level], _notation_key(self.notation), self.order, str(self.iri))

    def where(self, lang: str) -> str:
        """Human reference: "1.2" for a competence, "1.2 no. 3" / "1.2 n° 3" for a capacity."""
        if self.level is Level.CAPACITY:
            return f"{self.notation} {'no.' if lang == 'en' else 'n°'} {self.order}"
        return self.notation


@dataclass(frozen=True)
class Change:
    """A difference before it is written as RDF."""

    kind: ChangeKind
    level: Level
    old: Item | None
    new: Item | None
    score: float | None = None

    def sort_key(self) -> tuple[object, ...]:
        anchor = self.new if self.new is not None else self.old
        assert anchor is not None
        return (*anchor.sort_key(), self.kind.value, str(self.old.iri) if self.old else "")


def _label(graph: Graph, node: URIRef) -> str:
    """The French skos:prefLabel (else any prefLabel, else rdfs:label, else the IRI)."""
    fallback = None
    for prop in (SKOS.prefLabel, RDFS.label):
        for value in graph.objects(node, prop):
            if isinstance(value, Literal) and value.language == "fr":
                return str(value)
            fallback = fallback or str(value)
    return fallback or str(node)


def _order(graph: Graph, node: URIRef) -> int:
    value = graph.value(node, SENS.order)
    return int(value) if value is not None else 0


def _items(graph: Graph, version: URIRef, level: Level) -> list[Item]:
    """Every item of one level in the version's scheme, in source order."""
    items = []
    for node in set(graph.subjects(SKOS.inScheme, version)):
        if not isinstance(node, URIRef) or (node, RDF.type, _LEVEL_CLASS[level]) not in graph:
            continue
        if level is Level.CAPACITY:
            competence = graph.value(node, SENS.ofCompetence)
            notation = graph.value(competence, SKOS.notation) if competence is not None else None
        else:
            notation = graph.value(node, SKOS.notation)
        items.append(Item(node, level, str(notation or ""), _order(graph, node), _label(graph, node)))
    return sorted(items, key=Item.sort_key)


def _pair_exact(old: list[Item], new: list[Item], same_notation: bool) -> list[tuple[Item, Item]]:
    """Pair items with identical normalised text (optionally only under the same notation)."""
    pairs = []
    taken: set[URIRef] = set()
    for o in old:
        for n in new:
            if n.iri in taken or n.norm != o.norm or (same_notation and n.notation != o.notation):
                continue
            pairs.append((o, n))
            taken.add(n.iri)
            break
    return pairs


def _without(items: list[Item], pairs: list[tuple[Item, Item]], side: int) -> list[Item]:
    used = {p[side].iri for p in pairs}
    return [i for i in items if i.iri not in used]


def _capacity_changes(old: list[Item], new: list[Item], threshold: float) -> list[Change]:
    unchanged = _pair_exact(old, new, same_notation=True)
    old, new = _without(old, unchanged, 0), _without(new, unchanged, 1)
    moved = _pair_exact(old, new, same_notation=False)
    old, new = _without(old, moved, 0), _without(new, moved, 1)
    changes = [Change(ChangeKind.MOVED, Level.CAPACITY, o, n, 1.0) for o, n in moved]

    candidates = []
    for o in old:
        for n in new:
            score = difflib.SequenceMatcher(None, o.norm, n.norm, autojunk=False).ratio()
            if score >= threshold:
                # best score first; on a tie prefer the same competence, then source order
                candidates.append((-score, o.notation != n.notation, o.sort_key(), n.sort_key(), o, n, score))
    candidates.sort(key=lambda c: c[:4])
    used_old: set[URIRef] = set()
    used_new: set[URIRef] = set()
    for *_, o, n, score in candidates:
        if o.iri in used_old or n.iri in used_new:
            continue
        used_old.add(o.iri)
        used_new.add(n.iri)
        changes.append(Change(ChangeKind.REWORDED, Level.CAPACITY, o, n, score))

    changes += [Change(ChangeKind.REMOVED, Level.CAPACITY, o, None) for o in old if o.iri not in used_old]
    changes += [Change(ChangeKind.ADDED, Level.CAPACITY, None, n) for n in new if n.iri not in used_new]
    return changes


def _titled_changes(old: list[Item], new: list[Item], level: Level) -> list[Change]:
    """Domains or competences: match by notation, then by identical title (renumbered)."""
    changes = []
    new_by_notation = {n.notation: n for n in new}
    matched_old: set[URIRef] = set()
    matched_new: set[URIRef] = set()
    for o in old:
        n = new_by_notation.get(o.notation)
        if n is None or n.iri in matched_new:
            continue
        matched_old.add(o.iri)
        matched_new.add(n.iri)
        if o.norm != n.norm:
            changes.append(Change(ChangeKind.RETITLED, level, o, n, similarity(o.text, n.text)))
    rest_old = [o for o in old if o.iri not in matched_old]
    rest_new = [n for n in new if n.iri not in matched_new]
    renumbered = _pair_exact(rest_old, rest_new, same_notation=False)
    changes += [Change(ChangeKind.MOVED, level, o, n, 1.0) for o, n in renumbered]
    rest_old, rest_new = _without(rest_old, renumbered, 0), _without(rest_new, renumbered, 1)
    changes += [Change(ChangeKind.REMOVED, level, o, None) for o in rest_old]
    changes += [Change(ChangeKind.ADDED, level, None, n) for n in rest_new]
    return changes


def diff_items(graph: Graph, old_version: URIRef, new_version: URIRef,
               threshold: float = REWORD_THRESHOLD) -> list[Change]:
    """The differences between two versions, in a deterministic order (level, notation, rank)."""
    changes: list[Change] = []
    for level in (Level.DOMAIN, Level.COMPETENCE):
        changes += _titled_changes(_items(graph, old_version, level), _items(graph, new_version, level), level)
    changes += _capacity_changes(
        _items(graph, old_version, Level.CAPACITY), _items(graph, new_version, Level.CAPACITY), threshold,
    )
    return sorted(changes, key=Change.sort_key)


def _version_name(graph: Graph, version: URIRef) -> str:
    info = graph.value(version, OWL.versionInfo)
    return str(info) if info is not None else _version_key(version)


def _version_key(version: URIRef) -> str:
    return str(version).rstrip("/").rsplit("/", 1)[-1]


def _framework_of(graph: Graph, old_version: URIRef, new_version: URIRef) -> URIRef:
    for version in (new_version, old_version):
        framework = graph.value(version, SENS.isVersionOfFramework)
        if isinstance(framework, URIRef):
            return framework
    raise ValueError(f"{new_version} has no sens:isVersionOfFramework: cannot name its version changes")


def _labels(change: Change, old_name: str, new_name: str) -> tuple[str, str]:
    """English and French descriptions of one change."""
    noun_en, noun_fr = _NOUN[change.level]
    e = "" if change.level is Level.DOMAIN else "e"  # compétence, capacité: feminine agreement
    o, n = change.old, change.new
    score = f"{change.score:.3f}" if change.score is not None else ""
    if change.kind is ChangeKind.ADDED:
        assert n is not None
        return (f"{noun_en} {n.where('en')} added in {new_name}: “{n.text}”",
                f"{noun_fr} {n.where('fr')} ajouté{e} dans {new_name} : « {n.text} »")
    if change.kind is ChangeKind.REMOVED:
        assert o is not None
        return (f"{noun_en} {o.where('en')} of {old_name} removed in {new_name}: “{o.text}”",
                f"{noun_fr} {o.where('fr')} de {old_name} retiré{e} dans {new_name} : « {o.text} »")
    assert o is not None and n is not None
    if change.kind is ChangeKind.MOVED:
        return (f"{noun_en} moved from {o.where('en')} in {old_name} to {n.where('en')} in {new_name}: “{n.text}”",
                f"{noun_fr} déplacé{e} de {o.where('fr')} dans {old_name} à {n.where('fr')} dans {new_name} : "
                f"« {n.text} »")
    verb_en, verb_fr = ("reworded", f"reformulé{e}") if change.kind is ChangeKind.REWORDED else (
        "retitled", f"renommé{e}")
    was_en = f" (was {o.where('en')})" if o.where("en") != n.where("en") else ""
    was_fr = f" (auparavant {o.where('fr')})" if o.where("fr") != n.where("fr") else ""
    return (f"{noun_en} {n.where('en')}{was_en} {verb_en} from {old_name} to {new_name} (similarity {score}): "
            f"“{o.text}” → “{n.text}”",
            f"{noun_fr} {n.where('fr')}{was_fr} {verb_fr} de {old_name} à {new_name} (similarité {score}) : "
            f"« {o.text} » → « {n.text} »")


def compute_version_changes(graph: Graph, old_version: URIRef, new_version: URIRef,
                            threshold: float = REWORD_THRESHOLD) -> Graph:
    """The ``sens:VersionChange`` resources between two versions of one framework.

    IRIs are ``<framework>/diff/<old-key>--<new-key>/<n>`` where the keys are the last path
    segments of the version IRIs and ``n`` numbers the changes from 1 in a stable order (level,
    then notation, then rank in the source), so the output is the same from run to run.
    """
    framework = _framework_of(graph, old_version, new_version)
    old_name, new_name = _version_name(graph, old_version), _version_name(graph, new_version)
    prefix = f"{framework}/diff/{_version_key(old_version)}--{_version_key(new_version)}/"
    out = Graph()
    for n, change in enumerate(diff_items(graph, old_version, new_version, threshold), start=1):
        node = URIRef(f"{prefix}{n}")
        out.add((node, RDF.type, SENS.VersionChange))
        out.add((node, SENS.changeKind, Literal(change.kind.value)))
        out.add((node, SENS.fromVersion, old_version))
        out.add((node, SENS.toVersion, new_version))
        if change.old is not None:
            out.add((node, SENS.oldItem, change.old.iri))
        if change.new is not None:
            out.add((node, SENS.newItem, change.new.iri))
        if change.score is not None:
            out.add((node, SENS.similarity, Literal(Decimal(f"{change.score:.3f}"), datatype=XSD.decimal)))
        label_en, label_fr = _labels(change, old_name, new_name)
        out.add((node, RDFS.label, Literal(label_en, lang="en")))
        out.add((node, RDFS.label, Literal(label_fr, lang="fr")))
    return out


def version_pairs(graph: Graph) -> list[tuple[URIRef, URIRef]]:
    """(old, new) version pairs to compare: every ``new prov:wasRevisionOf old``, sorted."""
    pairs = {
        (old, new)
        for new, old in graph.subject_objects(PROV.wasRevisionOf)
        if isinstance(old, URIRef) and isinstance(new, URIRef)
        and (new, RDF.type, SENS.FrameworkVersion) in graph and (old, RDF.type, SENS.FrameworkVersion) in graph
    }
    return sorted(pairs, key=lambda p: (str(p[0]), str(p[1])))


__all__ = [
    "REWORD_THRESHOLD", "Change", "ChangeKind", "Item", "Level", "compute_version_changes",
    "diff_items", "normalise", "similarity", "version_pairs",
]
