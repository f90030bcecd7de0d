"""The background worker: the task queue (hand-offs such as "route this order") and the
periodic jobs (``tasks.PERIODIC`` of each app) on their intervals.

``fawang worker`` runs it as a process of its own (production: one or more, on any
host); ``fawang serve --with-worker`` runs it in a thread beside the web server (the
demo, a one-machine install). Several workers may run at once: a task is claimed with a
row lock (``SKIP LOCKED`` on PostgreSQL, an exclusive transaction on SQLite) and every
periodic job is safe to rerun.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time

from django.db import OperationalError, close_old_connections, connections
from django.utils import timezone

from fawang.lib.periodic import Job, periodic_jobs

log = logging.getLogger("fawang.worker")

# Tasks run in one pass before the periodic jobs get their turn.
MAX_TASKS_PER_PASS = 500


def _worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"[-64:]


def queue_run(*, max_tasks: int = MAX_TASKS_PER_PASS, worker_id: str | None = None) -> int:
    """Run queued tasks, oldest first within a priority, until the queue is empty or
    ``max_tasks`` ran; returns how many ran. A failing task is recorded as failed (with
    its traceback, in the admin) and logged; the loop goes on. Only the database backend
    keeps a queue: under another backend (tests run tasks when they are enqueued) there
    is nothing to do."""
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult
    from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    if not isinstance(backend, DatabaseBackend):
        return 0
    worker_id = worker_id or _worker_id()
    # The package's worker records each task's outcome and sends its signals; the claim
    # loop is ours so that it can run in any thread and stop after ``max_tasks``.
    runner = Worker(
        queue_names=sorted(backend.queues),
        interval=0,
        batch=True,
        backend_name=backend.alias,
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id=worker_id,
        excluded_queue_names=[],
    )
    ready = DBTaskResult.objects.ready().filter(
        backend_name=backend.alias, queue_name__in=sorted(backend.queues)
    )
    ran = 0
    while ran < max_tasks:
        try:
            with exclusive_transaction(ready.db):
                claimed = ready.get_locked()
                if claimed is not None:
                    claimed.claim(worker_id)
        except OperationalError as exc:
            if is_locked_database_exception(exc):  # SQLite busy: next pass
                break
            raise
        if claimed is None:
            break
        runner.run_task(claimed)
        ran += 1
    return ran


class WorkerLoop:
    """One worker: ``run_once`` is a pass (queued tasks, then the periodic jobs that are
    due); ``run_forever`` repeats it every ``tick`` seconds until ``stop`` is set."""

    def __init__(
        self,
        *,
        tick: float = 1.0,
        jobs: list[Job] | None = None,
        stop: threading.Event | None = None,
    ) -> None:
        self.tick = tick
        self.jobs = periodic_jobs() if jobs is None else jobs
        self.stop = stop or threading.Event()
        self.worker_id = _worker_id()
        self._last_run: dict[int, float] = {}

    def run_due_jobs(self) -> int:
        """Run each periodic job whose interval has passed (all of them on the first
        pass); a failing job is logged and tried again after its interval."""
        ran = 0
        for i, (interval, job) in enumerate(self.jobs):
            mono = time.monotonic()
            if i in self._last_run and mono - self._last_run[i] < interval:
                continue
            self._last_run[i] = mono
            ran += 1
            try:
                log.info("%s: %s", job.__name__, job(timezone.now()))
            except Exception:
                log.exception("periodic job %s failed", job.__name__)
        return ran

    def run_once(self) -> int:
        """One pass; returns the number of tasks run. The queue goes first, so that what
        its tasks leave for the periodic jobs (outbox messages, events for the rollup
        catch-up) is handled in the same pass."""
        ran = queue_run(worker_id=self.worker_id)
        self.run_due_jobs()
        return ran

    def run_forever(self) -> None:
        log.info("worker %s started with %d periodic jobs", self.worker_id, len(self.jobs))
        try:
            while not self.stop.is_set():
                close_old_connections()
                busy = False
                try:
                    busy = self.run_once() >= MAX_TASKS_PER_PASS
                except Exception:  # the database went away …: log, wait, try again
                    log.exception("worker pass failed; trying again in %.0f s", self.tick)
                close_old_connections()
                if not busy:
                    self.stop.wait(self.tick)
        finally:
            connections.close_all()  # this thread's connections
        log.info("worker %s stopped", self.worker_id)


def start_worker_thread(*, tick: float = 1.0) -> tuple[threading.Thread, WorkerLoop]:
    """Run a worker in a daemon thread of this process (``fawang serve --with-worker``);
    set ``loop.stop`` to end it after its current task."""
    loop = WorkerLoop(tick=tick)
    thread = threading.Thread(target=loop.run_forever, name="fawang-worker", daemon=True)
    thread.start()
    return thread, loop
