"""A content-hash cache for the build: results keyed by what they were computed from.

A key is the SHA-256 of everything a result depends on (a graph's canonical N-Triples, the shapes,
the QC queries, the ontology, the package version): a result is reused only when every input is
byte for byte the same, so the cache can never hide a change. Findings are cached as they were found
(violations included), so a cached faulty input fails the build with the same message. The cache
lives in :data:`~.layout.BUILD_CACHE_DIR` (git-ignored, never inside ``dist/``) and can be deleted at
any time; a corrupt entry (truncated, edited, of another shape) is a miss.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from rdflib import Graph

from .layout import BUILD_CACHE_DIR
from .version import __version__

T = TypeVar("T")


def graph_digest(graph: Graph) -> str:
    """SHA-256 (hex) of ``graph``'s sorted N-Triples lines (blank node labels as they are: pass a
    canonicalised graph, see :func:`sens_graph.release.canonical`, for a digest stable across runs)."""
    lines = sorted(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in graph)
    digest = hashlib.sha256()
    for line in lines:
        digest.update(line.encode("utf-8") + b"\n")
    return digest.hexdigest()


def digest_of(*parts: str | bytes) -> str:
    """SHA-256 (hex) of ``parts`` in order, each length-prefixed (so no two part lists collide),
    with the package version first (a new version of the code computes everything again)."""
    digest = hashlib.sha256(__version__.encode() + b"\0")
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(f"{len(data)}:".encode() + data)
    return digest.hexdigest()


def files_digest(paths: list[Path], root: Path) -> str:
    """SHA-256 (hex) of the files' paths (relative to ``root``) and contents, in the given order."""
    parts: list[str | bytes] = []
    for path in paths:
        parts += [path.relative_to(root).as_posix(), path.read_bytes()]
    return digest_of(*parts)


_CHECKSUM_PREFIX = b"sha256:"


class BuildCache:
    """JSON results by ``(kind, key)`` under ``folder`` (``<kind>/<key>.json``: a first line
    ``sha256:<hex>`` of the JSON text that follows it, so that an entry changed in any way is a miss);
    ``None`` disables it."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    @classmethod
    def for_project(cls, project_dir: Path) -> BuildCache:
        """The cache of a project: ``<project>/var/cache/build``."""
        return cls(project_dir / BUILD_CACHE_DIR)

    def get(self, kind: str, key: str, decode: Callable[[Any], T] | None = None) -> T | Any | None:
        """The stored result, or None (missing, unreadable, disabled, or not of the expected shape).

        ``decode`` turns the JSON value into the caller's result; a value it rejects (``KeyError``,
        ``TypeError``, ``ValueError``, ``AttributeError``: valid JSON of another shape) is a miss too."""
        if self.folder is None:
            return None
        try:
            data = (self.folder / kind / f"{key}.json").read_bytes()
        except OSError:
            return None
        header, _, body = data.partition(b"\n")
        if header != _CHECKSUM_PREFIX + hashlib.sha256(body).hexdigest().encode():
            return None  # truncated, edited by hand, or of an older format
        try:
            value = json.loads(body.decode("utf-8"))
        except ValueError:
            return None
        if decode is None:
            return value
        try:
            return decode(value)
        except (KeyError, TypeError, ValueError, AttributeError):
            return None

    def put(self, kind: str, key: str, value: object) -> None:
        """Store ``value`` (JSON) atomically (temporary file, then rename); no-op when disabled, and when
        the cache folder cannot be written (the build goes on: the cache only saves time)."""
        if self.folder is None:
            return
        path = self.folder / kind / f"{key}.json"
        partial = path.with_name(f".{path.name}.{os.getpid()}")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            body = json.dumps(value, ensure_ascii=False).encode("utf-8")
            partial.write_bytes(_CHECKSUM_PREFIX + hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
            os.replace(partial, path)
        except OSError:
            with contextlib.suppress(OSError):
                partial.unlink()


def text_of(value: Any) -> str:
    """A cached text (:meth:`BuildCache.get` ``decode``); raises TypeError for anything else."""
    if not isinstance(value, str):
        raise TypeError("not a text")
    return value


def texts_of(value: Any) -> list[str]:
    """A cached list of texts (:meth:`BuildCache.get` ``decode``); raises TypeError for anything else."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise TypeError("not a list of texts")
    return value


def flag_of(value: Any) -> bool:
    """A cached yes/no (:meth:`BuildCache.get` ``decode``); raises TypeError for anything else."""
    if not isinstance(value, bool):
        raise TypeError("not a boolean")
    return value


__all__ = ["BuildCache", "digest_of", "files_digest", "graph_digest"]
