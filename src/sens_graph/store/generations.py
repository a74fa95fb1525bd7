"""Store generations: each build of ``dist/`` bulk-loaded once into ``store_dir/<generation>/``.

The generation is the SHA-256 of ``dist/build-info.json``; a generation is written into a staging
folder and renamed when complete (``LOADED.json`` marks it loaded), so a half-loaded store is never
served; old generations are pruned once the new one serves.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import shutil
import time
from pathlib import Path
from typing import Any

from ..errors import StoreFailure
from ..layout import BUILD_INFO, DATASET_FILES, VOID_FILE

log = logging.getLogger(__name__)

LOADED_MARK = "LOADED.json"
"""The file that marks a generation as completely loaded (its quads, seconds and build-info)."""
SERVED_VOID = VOID_FILE
"""The VoID description of the build, copied into the generation it describes."""


def dist_generation(dist_dir: Path) -> str:
    """Identify a build: the SHA-256 of its build-info.json (source digest, date, base IRI…)."""
    info = dist_dir / BUILD_INFO
    if info.is_file():
        return hashlib.sha256(info.read_bytes()).hexdigest()[:16]
    for name in DATASET_FILES:
        path = dist_dir / name
        if path.is_file():
            stat = path.stat()
            return hashlib.sha256(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()[:16]
    raise StoreFailure(f"no build in {dist_dir}: run `sens-graph build` first")


def load_generation(dist_dir: Path, store_dir: Path, *, rebuild: bool = False) -> Path:
    """Bulk-load ``dist/sens-graph.nq`` into ``store_dir/<generation>/`` unless already there.

    ``rebuild`` loads it again even if it is marked loaded (a corrupt generation). Raises
    :class:`StoreFailure` naming the file when dist/ has no dataset or it does not load.
    """
    generation = dist_generation(dist_dir)
    target = store_dir / generation
    if (target / LOADED_MARK).is_file() and not rebuild:
        return target
    try:
        return _load(dist_dir, store_dir, generation, target)
    except StoreFailure:
        raise
    except Exception as exc:  # a parse error in the dataset, a full disk…
        raise StoreFailure(f"loading {dist_dir} into {target} failed: {type(exc).__name__}: {exc}") from exc


def read_loaded_mark(path: Path) -> dict[str, Any]:
    """The ``LOADED.json`` of the generation at ``path`` ({} if missing or unreadable)."""
    try:
        return json.loads((path / LOADED_MARK).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _load(dist_dir: Path, store_dir: Path, generation: str, target: Path) -> Path:
    import pyoxigraph as ox

    store_dir.mkdir(parents=True, exist_ok=True)
    staging = store_dir / f".{generation}.partial-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    started = time.perf_counter()
    store = ox.Store(str(staging))
    plain, packed = (dist_dir / name for name in DATASET_FILES)
    try:
        # lenient: no second IRI validation of the build's own output (strictly parsed sources, written by
        # rdflib); the engine's loader is then as fast as `oxigraph load` (bench/national.py measures both)
        if plain.is_file():
            store.bulk_load(path=str(plain), format=ox.RdfFormat.N_QUADS, lenient=True)
        elif packed.is_file():
            with gzip.open(packed, "rb") as fh:
                store.bulk_load(fh, format=ox.RdfFormat.N_QUADS, lenient=True)
        else:
            raise StoreFailure(f"no dataset file in {dist_dir} (expected {' or '.join(DATASET_FILES)})")
        store.flush()
        store.optimize()
        quads = len(store)
    except BaseException:
        del store  # close RocksDB (the traceback keeps this frame alive) before removing its files
        shutil.rmtree(staging, ignore_errors=True)
        raise
    del store
    info: dict[str, Any] = {"generation": generation, "quads": quads, "dist_dir": str(dist_dir),
                            "seconds": round(time.perf_counter() - started, 3)}
    build_info = dist_dir / BUILD_INFO
    if build_info.is_file():
        info["build_info"] = json.loads(build_info.read_text(encoding="utf-8"))
    if (dist_dir / SERVED_VOID).is_file():  # the VoID of this build, for as long as it is served
        shutil.copyfile(dist_dir / SERVED_VOID, staging / SERVED_VOID)
    (staging / LOADED_MARK).write_text(json.dumps(info, indent=2), encoding="utf-8")
    if target.exists():
        shutil.rmtree(target)
    os.replace(staging, target)
    log.info("loaded %s quads into %s in %.2f s", quads, target, info["seconds"])
    return target


def prune_generations(store_dir: Path, keep: set[Path]) -> None:
    """Remove the store generations not in ``keep`` (and any half-loaded leftovers)."""
    if not store_dir.is_dir():
        return
    for child in store_dir.iterdir():
        if child.is_dir() and child.resolve() not in {k.resolve() for k in keep}:
            shutil.rmtree(child, ignore_errors=True)

