"""The pool of query worker processes over one read-only store generation.

One query per worker at a time; a query that passes its time limit is stopped by killing its
worker (pyoxigraph has no cancellation) and a fresh worker replaces it; a query that runs long
yields the CPU to short ones (SCHED_IDLE); a worker killed from outside costs the client nothing
(the query runs once more). Why this is our own code and not pebble: docs/server.md.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

from ..errors import QueryTimeout, StoreBusy, StoreFailure, StoreUnavailable
from .worker import BODY_LENGTH, HEADER_LENGTH

log = logging.getLogger(__name__)


class _Worker:
    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc = proc
        self.demoted = False

    @property
    def pid(self) -> int:
        return self.proc.pid

    async def read_frame(self) -> tuple[dict[str, Any], bytes]:
        stdout = self.proc.stdout
        assert stdout is not None
        size = HEADER_LENGTH.unpack(await stdout.readexactly(HEADER_LENGTH.size))[0]
        header = json.loads(await stdout.readexactly(size))
        body_size = BODY_LENGTH.unpack(await stdout.readexactly(BODY_LENGTH.size))[0]
        body = await stdout.readexactly(body_size) if body_size else b""
        return header, body

    async def call(self, request: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
        stdin = self.proc.stdin
        assert stdin is not None
        raw = json.dumps(request).encode("utf-8")
        stdin.write(HEADER_LENGTH.pack(len(raw)) + raw)
        await stdin.drain()
        return await self.read_frame()

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            self.proc.kill()

    async def stop(self) -> None:
        if self.proc.returncode is None:
            if self.proc.stdin is not None:
                self.proc.stdin.close()
            try:
                await asyncio.wait_for(self.proc.wait(), 2)
            except TimeoutError:
                self.kill()
                await self.proc.wait()


class WorkerPool:
    """``size`` worker processes over one read-only store; one query per worker at a time."""

    def __init__(self, store_path: Path, size: int, *, spawn_timeout: float = 60.0,
                 demote_after: float | None = 0.2) -> None:
        self.store_path = store_path
        self.size = max(1, size)
        self.spawn_timeout = spawn_timeout
        self.demote_after = demote_after
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self._tasks: set[asyncio.Task] = set()
        self._reapers: set[asyncio.Task] = set()
        self._closed = False
        self._aborting: str | None = None
        self._busy: set[_Worker] = set()
        self.killed = 0
        self.retried = 0
        self.respawn_failures = 0

    def pids(self) -> list[int]:
        return sorted(w.pid for w in self._all)

    def alive(self) -> int:
        """How many worker processes are running (busy or idle)."""
        return sum(1 for w in self._all if w.proc.returncode is None)

    def abort_running(self, reason: str) -> None:
        """Stop every query in progress (their clients get :class:`StoreUnavailable`) and refuse new ones."""
        self._aborting = reason
        for worker in list(self._busy):
            worker.kill()

    async def start(self) -> None:
        workers = await asyncio.gather(*(self._spawn() for _ in range(self.size)))
        for worker in workers:
            self._idle.put_nowait(worker)

    async def _spawn(self) -> _Worker:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "sens_graph.store", "--worker", str(self.store_path),
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            env={**os.environ, "SENS_GRAPH_PARENT_PID": str(os.getpid())})
        worker = _Worker(proc)
        self._all.add(worker)
        try:
            hello, _ = await asyncio.wait_for(worker.read_frame(), self.spawn_timeout)
        except (TimeoutError, asyncio.IncompleteReadError) as exc:
            worker.kill()
            self._all.discard(worker)
            raise StoreFailure(f"query worker did not start on {self.store_path}") from exc
        if not hello.get("ready"):
            self._all.discard(worker)
            raise StoreFailure(f"query worker could not open {self.store_path}: {hello.get('message')}")
        return worker

    def _replace(self, worker: _Worker, *, killed: bool = True) -> None:
        worker.kill()
        self._all.discard(worker)
        self.killed += killed
        reaper = asyncio.get_running_loop().create_task(worker.proc.wait())  # no zombie left behind
        self._reapers.add(reaper)
        reaper.add_done_callback(self._reapers.discard)
        if self._closed:
            return

        async def respawn() -> None:
            for attempt in range(3):
                try:
                    self._idle.put_nowait(await self._spawn())
                    return
                except Exception as exc:  # keep serving with one worker fewer, and say so
                    log.warning("respawning a query worker failed (attempt %d): %s", attempt + 1, exc)
                    await asyncio.sleep(1)
            self.respawn_failures += 1  # the store's health check repairs the store

        task = asyncio.get_running_loop().create_task(respawn())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def run(self, request: dict[str, Any], timeout: float,
                  queue_timeout: float) -> tuple[dict[str, Any], bytes]:
        """Run one request on a free worker; kill the worker if it passes ``timeout`` seconds.

        A worker that dies under the request (killed from outside, or found dead when taken)
        costs nothing to the client: the request is run once more on another worker, within the
        same time limit. A worker that crashes (SIGSEGV, SIGABRT…) is not retried: the query
        itself is the likely cause. Raises :class:`QueryTimeout`, :class:`StoreBusy`,
        :class:`StoreUnavailable` (shutting down) or :class:`StoreFailure`.
        """
        deadline: float | None = None  # the time limit counts from the first worker's start
        retries = 0
        for _ in range(self.size + 2):  # dead idle workers met on the way do not count as the retry
            if self._closed or self._aborting:
                raise StoreUnavailable(self._aborting or "the store is closed")
            worker = await self._acquire(queue_timeout)
            if deadline is None:
                deadline = time.monotonic() + timeout
            left = deadline - time.monotonic()
            try:
                return await self._run_on(worker, request, left, timeout)
            except _WorkerLost as lost:
                if self._aborting:
                    raise StoreUnavailable(self._aborting) from lost
                retries += lost.crashed or lost.seconds >= 0.05  # under 50 ms: it was dead before the query
                if lost.crashed or retries > 1 or deadline - time.monotonic() < 0.05:
                    raise StoreFailure(str(lost)) from lost
                self.retried += 1
                log.warning("%s; running the query again on another worker", lost)
        raise StoreFailure("the query workers kept dying: the query was not answered")

    async def _acquire(self, queue_timeout: float) -> _Worker:
        """A free, live worker (dead idle ones are replaced on the way)."""
        end = time.monotonic() + queue_timeout
        while True:
            try:
                worker = await asyncio.wait_for(self._idle.get(), max(0.0, end - time.monotonic()))
            except TimeoutError as exc:
                raise StoreBusy(f"every query worker stayed busy for {queue_timeout:g} s") from exc
            stdout = worker.proc.stdout
            if worker.proc.returncode is None and not (stdout is not None and stdout.at_eof()):
                return worker
            self._replace(worker)  # died while idle (killed from outside)

    async def _run_on(self, worker: _Worker, request: dict[str, Any], left: float,
                      timeout: float) -> tuple[dict[str, Any], bytes]:
        timer = (asyncio.get_running_loop().call_later(self.demote_after, _demote, worker)
                 if self.demote_after is not None and self.demote_after < left else None)
        self._busy.add(worker)
        started = time.monotonic()
        try:
            result = await asyncio.wait_for(worker.call(request), max(left, 0.001))
        except TimeoutError as exc:
            self._replace(worker)
            raise QueryTimeout(f"the query was stopped after {timeout:g} s (the time limit)") from exc
        except (asyncio.IncompleteReadError, ConnectionError, BrokenPipeError) as exc:
            seconds = time.monotonic() - started
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(worker.proc.wait(), 1)
            code = worker.proc.returncode
            self._replace(worker)
            crashed = code is not None and code < 0 and -code in _CRASH_SIGNALS
            how = f"crashed (signal {-code})" if crashed else "died"
            raise _WorkerLost(f"the query worker {how} while evaluating the query", crashed=crashed,
                              seconds=seconds) from exc
        except BaseException:  # cancelled (client gone, shutdown): the worker's state is unknown
            self._replace(worker)
            raise
        finally:
            self._busy.discard(worker)
            if timer is not None:
                timer.cancel()
        if worker.demoted and not _promote(worker):
            self._replace(worker, killed=False)  # cannot restore its priority: use a fresh worker
        elif self._closed:
            await worker.stop()
        else:
            self._idle.put_nowait(worker)
        return result

    async def close(self) -> None:
        self._closed = True
        for task in list(self._tasks):
            task.cancel()
        idle = []
        while not self._idle.empty():
            idle.append(self._idle.get_nowait())
        await asyncio.gather(*(w.stop() for w in idle), return_exceptions=True)
        for worker in list(self._all):  # busy ones: their query is abandoned
            worker.kill()
            with contextlib.suppress(Exception):
                await worker.proc.wait()
        self._all.clear()
        await asyncio.gather(*list(self._reapers), return_exceptions=True)


class _WorkerLost(Exception):
    """A worker process ended while it held a request."""

    def __init__(self, message: str, *, crashed: bool, seconds: float) -> None:
        super().__init__(message)
        self.crashed = crashed
        self.seconds = seconds
        """How long the worker held the request before it was found dead."""


_CRASH_SIGNALS = {4, 6, 7, 8, 11}  # SIGILL, SIGABRT, SIGBUS, SIGFPE, SIGSEGV


def _demote(worker: _Worker) -> None:
    """A query that runs long yields the CPU to the short ones: its worker goes to SCHED_IDLE."""
    try:
        os.sched_setscheduler(worker.pid, os.SCHED_IDLE, os.sched_param(0))
        worker.demoted = True
    except (OSError, AttributeError):  # not Linux, or the process is gone
        with contextlib.suppress(OSError, AttributeError):
            os.setpriority(os.PRIO_PROCESS, worker.pid, 19)
            worker.demoted = True


def _promote(worker: _Worker) -> bool:
    """Restore a demoted worker's normal priority; False if not allowed (then it is replaced)."""
    try:
        os.sched_setscheduler(worker.pid, os.SCHED_OTHER, os.sched_param(0))
        os.setpriority(os.PRIO_PROCESS, worker.pid, 0)
    except (OSError, AttributeError):
        return False
    worker.demoted = False
    return True




def default_workers() -> int:
    """One worker per core, plus one, so a long query leaves the others free (at least 3)."""
    return max(3, (os.cpu_count() or 1) + 1)

