"""A job survives its worker's death: a real worker process (core/tests/task_worker.py) on a file SQLite database
is killed in the middle of a job and started again; the watch (core.tasks.watch_jobs) runs the job again and it
finishes."""

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from core import tasks

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # The worker gets a copy of the test database as a file, made with SQLite's backup: a SQLite-only test.
    pytest.mark.skipif(connection.vendor != "sqlite", reason="the worker gets a copy of the SQLite test database"),
]

HEARTBEAT = 0.3  # seconds; a job not heard of for 0.9 s lost its worker


def job_row(database: Path, pk: int) -> tuple:
    with sqlite3.connect(database) as db:
        return db.execute(
            "SELECT status, done, attempts, result_file FROM core_backgroundjob WHERE id = ?", [pk]
        ).fetchone()


def wait_for(database: Path, pk: int, condition, seconds: float = 60) -> tuple:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        row = job_row(database, pk)
        if condition(row):
            return row
        time.sleep(0.1)
    raise AssertionError(f"job {pk} stayed {row}")


def test_a_job_whose_worker_is_killed_finishes_after_the_worker_starts_again(tmp_path, editor_a, settings_override):
    job = tasks.start("test-slow", title="Stappen", parameters={"steps": 6, "pause": 0.2}, user=editor_a)
    # The worker gets the test database (the job and its queued task) as a file.
    database = tmp_path / "rimpel.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(database) as copy:
        connection.connection.backup(copy)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTEST_VERSION", "DJANGO_SETTINGS_MODULE")}
    env |= {
        "DATABASE_URL": f"sqlite:///{database}",
        "RIMPEL_MEDIA_ROOT": str(tmp_path / "media"),
        "RIMPEL_JOB_HEARTBEAT": str(HEARTBEAT),
        "RIMPEL_DEBUG": "1",
    }

    def worker() -> subprocess.Popen:
        command = [sys.executable, "-m", "core.tests.task_worker"]
        return subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, stderr=subprocess.PIPE)

    first = worker()
    try:
        status, done, attempts, _file = wait_for(database, job.pk, lambda row: row[1] >= 2)
        first.kill()  # a worker's death: no chance to clean up
        first.wait(10)
        assert (status, attempts) == ("running", 1) and done < 6
    finally:
        first.kill()

    second = worker()
    try:
        status, done, attempts, result_file = wait_for(database, job.pk, lambda row: row[0] in ("done", "failed"))
    finally:
        second.kill()
        second.wait(10)
    assert (status, done, attempts) == ("done", 6, 2), second.stderr.read() if second.stderr else ""
    assert (tmp_path / "media" / result_file).read_bytes() == b"Alle stappen gedaan."
    with sqlite3.connect(database) as db:
        runs = db.execute(
            "SELECT status, exception_class_path FROM django_tasks_database_dbtaskresult"
            " WHERE task_path = 'core.tasks.run_job' ORDER BY enqueued_at"
        ).fetchall()
    assert runs == [("FAILED", "core.tasks.WorkerGone"), ("SUCCESSFUL", "")]


@pytest.fixture
def settings_override(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.BACKGROUND_JOB_HEARTBEAT = HEARTBEAT
