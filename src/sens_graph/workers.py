"""Forked processes for the build's per-programme work (reading, coverage, validation).

A national build (hundreds of imported programmes, issue 13) reads, derives and validates each
programme on its own; :func:`forked_map` spreads such tasks over forked processes
(``concurrent.futures.ProcessPoolExecutor`` with the ``fork`` start method). A forked process reads the
parent's memory as it was at the fork, so a task may be a closure over graphs, texts or settings that
are not worth pickling: only its result is sent back.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import multiprocessing
import os
import signal
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any, TypeVar

from .errors import BuildWorkerLost, ConfigurationError

if TYPE_CHECKING:
    from .buildcache import BuildCache

T = TypeVar("T")
R = TypeVar("R")

BUILD_WORKERS_ENV = "SENS_GRAPH_BUILD_WORKERS"
"""Environment variable: processes the build forks for its per-programme work (default: the cores; 1: all
in the build's process)."""

_TASK: tuple[Callable, Sequence] | None = None
"""What the forked processes run: (task, items), set in the parent just before the fork."""


def build_workers() -> int:
    """Processes the build may fork for its per-programme work (:data:`BUILD_WORKERS_ENV`, default the cores).

    Raises :class:`~sens_graph.errors.ConfigurationError` when the variable is set to anything but a whole
    number ≥ 1."""
    raw = os.environ.get(BUILD_WORKERS_ENV, "").strip()
    if not raw:
        return max(1, os.cpu_count() or 1)
    if not raw.isdigit() or int(raw) < 1:
        raise ConfigurationError(f"{BUILD_WORKERS_ENV}={raw!r}: attendu un nombre entier de processus ≥ 1 "
                                 "(1 : tout dans le processus du build ; non défini : un par cœur)")
    return int(raw)


def forked_map(task: Callable[[T], R], items: Sequence[T], *, what: str) -> list[R]:
    """``[task(item) for item in items]``, over forked processes when there are two items or more, more than
    one worker (:func:`build_workers`) and the ``fork`` start method; in this process otherwise.

    ``task`` must not raise for an expected fault (return it instead: the caller reports every fault at
    once, with the same messages in one process or several); its results must pickle. ``what`` names the
    work in French for the error raised when a process dies (killed, out of memory):
    :class:`~sens_graph.errors.BuildWorkerLost`."""
    global _TASK
    workers = build_workers()
    if len(items) < 2 or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [task(item) for item in items]
    _TASK = (task, items)
    gc.freeze()  # the build's objects out of the collector's reach: the workers' collections neither walk nor copy them
    try:
        with ProcessPoolExecutor(max_workers=min(workers, len(items)), mp_context=multiprocessing.get_context("fork"),
                                 initializer=_die_with_parent, initargs=(os.getpid(),)) as pool:
            return list(pool.map(_run_forked, range(len(items)), chunksize=1))
    except BrokenProcessPool as exc:
        raise BuildWorkerLost(f"un processus {what} s'est arrêté (tué, ou mémoire épuisée) : relancer le build, "
                              f"ou avec {BUILD_WORKERS_ENV}=1 pour tout faire dans un seul processus") from exc
    finally:
        gc.unfreeze()
        _TASK = None


def cached_forked_map(cache: BuildCache, kind: str, keys: Mapping[str, str], decode: Callable[[Any], Any],
                      task: Callable[[str], Any], *, what: str) -> dict[str, Any]:
    """Each item's result (``keys``: item → its cache key), from the build cache (``kind``, read through
    ``decode``) when it is there, else ``task(item)`` over forked processes (:func:`forked_map`, ``what``
    naming the work), stored in the cache; in the order of ``keys``. The per-programme steps of a national
    build (coverage parts, export and search rows) compute only the programmes whose inputs changed."""
    found: dict[str, Any] = {}
    for item, key in keys.items():
        value = cache.get(kind, key, decode)
        if value is not None:
            found[item] = value
    missing = [item for item in keys if item not in found]
    for item, value in zip(missing, forked_map(task, missing, what=what), strict=True):
        cache.put(kind, keys[item], value)
        found[item] = value
    return {item: found[item] for item in keys}


_PR_SET_PDEATHSIG = 1
"""Linux ``prctl`` option: the signal a process gets when its parent dies."""


def _die_with_parent(parent: int) -> None:
    """Make this forked worker end when the build's process ends, however it ends (``kill <pid>`` of the
    build alone, or a ``timeout``, left the workers running for ever); Linux only, nothing elsewhere."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent ended before the call above
        os._exit(1)


def _run_forked(index: int):
    task, items = _TASK
    return task(items[index])
