"""Full-text search over every label of the graph (SQLite FTS5 + Snowball French stemming).

The index is one SQLite file made from the graph at build time (:func:`write_search_index`)
and opened read-only by the server (:class:`SearchIndex`). Each row is one (entity, label):
the label as printed, its kind (the entity's ``sens:`` class), its notation and the framework
version it belongs to. Matching is accent- and case-insensitive (FTS5 ``unicode61
remove_diacritics 2``) and uses French stems (Snowball, ``snowballstemmer``): « compétences »,
« competence » and « compétent » all find « Compétence ». Hits are ranked by BM25, an exact
(folded) label match first.

Why SQLite FTS5: it ships with Python (``sqlite3``), answers in well under a millisecond on the
~3,000 labels of the real graph, and the index is a single file that can be served read-only.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import snowballstemmer

from .errors import SearchError
from .layout import SEARCH_INDEX

QUERY_FILE = Path("search") / "entrees-index.rq"
"""The query (under ``queries/``) whose rows are indexed."""

KIND_LABELS: dict[str, tuple[str, str]] = {
    "FrameworkVersion": ("référentiel", "framework"),
    "Domain": ("domaine", "domain"),
    "Competence": ("compétence", "competence"),
    "Capacity": ("capacité", "capacity"),
    "MacroCompetence": ("macro-compétence du DU", "DU macro-competence"),
    "MicroCompetence": ("micro-compétence du DU", "DU micro-competence"),
    "Situation": ("situation", "situation"),
    "LearningOutcome": ("acquis d'apprentissage", "learning outcome"),
    "TeachingUnit": ("unité d'enseignement", "teaching unit"),
    "Module": ("module", "module"),
    "Course": ("enseignement", "course"),
    "CourseItem": ("item de formation", "course item"),
    "Certification": ("certification", "certification"),
    "CertificationBlock": ("bloc de compétences", "certification block"),
    "BlockCompetence": ("compétence de bloc RNCP", "RNCP block competence"),
    "ProfessionFamily": ("famille de professions", "profession family"),
    "Profession": ("profession", "profession"),
    "Specialty": ("spécialité", "specialty"),
    "TransverseCategory": ("catégorie transversale", "transverse category"),
    "Project": ("projet", "project"),
    "FundingAction": ("action AMI CMA", "AMI CMA action"),
    "SourceIssue": ("problème de source", "source issue"),
}
"""Indexed kinds (``sens:`` class local names) → (French, English) names shown with each hit."""

PREFIX_MIN_LENGTH = 4
"""Words this long or longer also match as prefixes (« identito » → « identitovigilance »)."""

MAX_QUERY_LENGTH = 200
"""Longest search text accepted (characters)."""

_WORD = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    return snowballstemmer.stemmer("french")


def fold(text: str) -> str:
    """Lower case without accents or ligatures: « Œuvre Éthique » → « oeuvre ethique »."""
    text = text.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae").replace("Æ", "ae")
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The folded words of ``text`` (letters and digits; apostrophes and hyphens separate)."""
    return _WORD.findall(fold(text))


def stems(text: str) -> list[str]:
    """French Snowball stems of the words of ``text``, accents removed: « compétences » → « compet »."""
    return [_stem(w) for w in words(text)]


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """One folded word's stem, folded (kept: the labels of a national graph repeat the same few thousand
    words, and Snowball takes 0.1 ms a word)."""
    return fold(_stemmer().stemWord(word))


@dataclass(frozen=True)
class Hit:
    """One search result: an entity, the label that matched, its kind and framework version."""

    iri: str
    label: str
    kind: str
    notation: str | None
    scheme: str | None
    scheme_label: str | None
    scheme_version: str | None
    score: float

    def kind_label(self, lang: str = "fr") -> str:
        """The kind in words (French by default)."""
        names = KIND_LABELS.get(self.kind, (self.kind, self.kind))
        return names[0] if lang == "fr" else names[1]

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready dict (keys: iri, label, kind, kind_fr, notation, referentiel, version, score)."""
        return {"iri": self.iri, "label": self.label, "kind": self.kind, "kind_fr": self.kind_label("fr"),
                "notation": self.notation, "referentiel": self.scheme, "referentiel_label": self.scheme_label,
                "version": self.scheme_version, "score": round(self.score, 4)}


_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE entry (
    id INTEGER PRIMARY KEY,
    iri TEXT NOT NULL, kind TEXT NOT NULL, label TEXT NOT NULL, folded TEXT NOT NULL,
    notation TEXT, scheme TEXT, scheme_label TEXT, scheme_version TEXT
);
CREATE VIRTUAL TABLE entry_fts USING fts5(
    label, stemmed, notation, content='entry', content_rowid='id',
    tokenize = 'unicode61 remove_diacritics 2'
);
"""


def _local_name(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def index_rows(store: Any, queries_dir: Path, *, base_iri: str | None = None) -> list[dict[str, Any]]:
    """The rows to index: the records of ``queries/search/entrees-index.rq`` run on ``store``.

    ``store`` is a pyoxigraph store or an rdflib dataset (anything the query library runs on).
    """
    from .queries import QueryLibrary, parse_query_file

    query = parse_query_file(queries_dir / QUERY_FILE)
    library = QueryLibrary([query], queries_dir)
    kwargs = {"base_iri": base_iri} if base_iri else {}
    return library.run(store, query.name, **kwargs).records()


def write_search_index(rows: Iterable[Mapping[str, Any]], path: Path, *, source_digest: str = "") -> int:
    """Write the index of ``rows`` to ``path`` (replaced atomically); returns the number of entries.

    ``rows`` are the records of ``queries/search/entrees-index.rq`` (keys ``entity``, ``kind``,
    ``label``, ``notation``, ``scheme``, ``schemeLabel``, ``schemeVersion``; IRIs and plain
    strings). Rows are sorted first, so the same graph gives the same file.
    """
    records = sorted({(str(r["entity"]), _local_name(str(r["kind"])), str(r["label"]),
                       _text(r.get("notation")), _text(r.get("scheme")), _text(r.get("schemeLabel")),
                       _text(r.get("schemeVersion"))) for r in rows},
                     key=lambda t: tuple(x or "" for x in t))
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.unlink(missing_ok=True)
    con = sqlite3.connect(partial)
    try:
        con.executescript(_SCHEMA)
        con.executemany("INSERT INTO meta VALUES (?, ?)", [("source_digest", source_digest),
                                                          ("entries", str(len(records)))])
        for i, (iri, kind, label, notation, scheme, scheme_label, version) in enumerate(records, start=1):
            con.execute("INSERT INTO entry VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (i, iri, kind, label, " ".join(words(label)), notation, scheme, scheme_label, version))
            con.execute("INSERT INTO entry_fts (rowid, label, stemmed, notation) VALUES (?, ?, ?, ?)",
                        (i, label, " ".join(stems(label)), notation or ""))
        con.execute("INSERT INTO entry_fts (entry_fts) VALUES ('optimize')")
        con.commit()
    finally:
        con.close()
    partial.replace(path)
    return len(records)


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def match_expression(text: str) -> str | None:
    """The FTS5 MATCH expression for a user's search text, or None when it has no word.

    Every word must match (AND), on its stem in the ``stemmed`` column or as a prefix of a
    printed word in ``label`` (so « identito » finds « identitovigilance »; words under four
    letters match whole words only); a notation such as
    « 1.2 » also matches the ``notation`` column. User text never reaches FTS5 syntax: only
    folded word characters are kept, each quoted.
    """
    if len(text) > MAX_QUERY_LENGTH:
        raise SearchError(f"search text longer than {MAX_QUERY_LENGTH} characters")
    folded = words(text)
    if not folded:
        return None
    stemmer = _stemmer()
    clauses = []
    for word in folded:
        stem = fold(stemmer.stemWord(word))
        if len(word) < PREFIX_MIN_LENGTH:  # « INS » must not find « inscription »
            clauses.append(f'(stemmed:"{stem}" OR label:"{word}")')
        else:
            clauses.append(f'(stemmed:"{stem}"* OR label:"{word}"*)')
    expression = " AND ".join(clauses)
    notation = re.fullmatch(r"\s*(\d+(?:\.\d+)*)\s*", text)
    if notation:
        expression = f'({expression}) OR notation:"{notation.group(1)}"'
    return expression


class SearchIndex:
    """A read-only search index file (``dist/search.sqlite``)."""

    def __init__(self, path: Path) -> None:
        if not path.is_file():
            raise SearchError(f"{path}: no search index (run `sens-graph build`)")
        self.path = path
        self._con = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)

    def close(self) -> None:
        """Close the file."""
        self._con.close()

    def search(self, text: str, *, limit: int = 50, kinds: Iterable[str] | None = None,
               scheme: str | None = None) -> list[Hit]:
        """The best hits for ``text`` (at most ``limit``), optionally of some kinds or one version.

        Ranking: exact folded label first, then BM25 (label weighted over stems). One hit per
        entity (its best label). Raises :class:`SearchError` for a text over 200 characters.
        """
        expression = match_expression(text)
        if expression is None:
            return []
        filters, params = [], [expression]
        kinds = [k for k in (kinds or []) if k in KIND_LABELS]
        if kinds:
            filters.append(f"e.kind IN ({', '.join('?' * len(kinds))})")
            params += kinds
        if scheme:
            filters.append("e.scheme = ?")
            params.append(scheme)
        where = "".join(f" AND {f}" for f in filters)
        params += [" ".join(words(text)), limit * 4]
        sql = f"""
            SELECT e.iri, e.label, e.kind, e.notation, e.scheme, e.scheme_label, e.scheme_version,
                   bm25(entry_fts, 2.0, 1.0, 4.0) AS rank, e.folded
            FROM entry_fts JOIN entry e ON e.id = entry_fts.rowid
            WHERE entry_fts MATCH ?{where}
            ORDER BY (e.folded = ?) DESC, rank, e.label
            LIMIT ?"""
        try:
            rows = self._con.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise SearchError(f"search failed: {exc}") from exc
        seen: set[str] = set()
        hits = []
        for iri, label, kind, notation, scheme_iri, scheme_label, version, rank, _ in rows:
            if iri in seen:
                continue
            seen.add(iri)
            hits.append(Hit(iri, label, kind, notation, scheme_iri, scheme_label, version, -float(rank)))
        return hits[:limit]

    def size(self) -> int:
        """Number of indexed (entity, label) entries."""
        return int(self._con.execute("SELECT COUNT(*) FROM entry").fetchone()[0])


__all__ = [
    "KIND_LABELS",
    "SEARCH_INDEX",
    "Hit",
    "SearchError",
    "SearchIndex",
    "fold",
    "index_rows",
    "match_expression",
    "stems",
    "write_search_index",
]
