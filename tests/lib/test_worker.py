"""The worker loop: queued tasks first, then the periodic jobs that are due; a failing
task or job is recorded and the loop goes on."""

from __future__ import annotations

from django_tasks import task
from django_tasks_db.models import DBTaskResult

from fawang.lib.worker import WorkerLoop, queue_run

DONE: list[int] = []


@task()
def remember(n: int) -> int:
    if n < 0:
        raise RuntimeError("a negative number")
    DONE.append(n)
    return n


def statuses() -> list[str]:
    return sorted(DBTaskResult.objects.values_list("status", flat=True))


def test_a_pass_runs_the_queued_tasks_then_the_periodic_jobs_that_are_due(task_queue, db):
    DONE.clear()
    calls: list = []

    def job(now):  # type: ignore[no-untyped-def]
        calls.append(now)
        return "ok"

    remember.enqueue(1)
    remember.enqueue(2)
    loop = WorkerLoop(jobs=[(60, job)])
    assert loop.run_once() == 2
    assert DONE == [1, 2] and statuses() == ["SUCCESSFUL", "SUCCESSFUL"]
    assert loop.run_once() == 0
    assert len(calls) == 1  # not due again within its minute


def test_a_failing_task_is_recorded_as_failed_and_the_others_still_run(
    task_queue, task_failures, db
):
    DONE.clear()
    remember.enqueue(-1)
    remember.enqueue(2)
    assert queue_run() == 2
    assert DONE == [2] and statuses() == ["FAILED", "SUCCESSFUL"]
    assert "a negative number" in DBTaskResult.objects.get(status="FAILED").traceback
    task_failures.clear()


def test_a_pass_stops_after_its_share_of_tasks(task_queue, db):
    for i in range(3):
        remember.enqueue(i)
    assert queue_run(max_tasks=2) == 2
    assert queue_run() == 1


def test_a_failing_periodic_job_is_logged_and_the_others_still_run(db, caplog):
    calls: list = []

    def broken(now):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    def fine(now):  # type: ignore[no-untyped-def]
        calls.append(now)
        return "ok"

    WorkerLoop(jobs=[(60, broken), (60, fine)]).run_once()
    assert "periodic job broken failed" in caplog.text and len(calls) == 1


def test_when_tasks_run_as_they_are_enqueued_there_is_no_queue_to_run(db):
    assert remember.enqueue(3).status == "SUCCESSFUL"
    assert queue_run() == 0 and not DBTaskResult.objects.exists()
