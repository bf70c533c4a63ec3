"""A real task worker (`manage.py db_worker`, through call_command) that also knows a slow job kind, for
test_task_worker.py: python -m core.tests.task_worker, with DATABASE_URL naming the test's database file."""

import os
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rimpel.settings")
django.setup()

from django.core.management import call_command  # noqa: E402

from core import tasks  # noqa: E402
from core.models import BackgroundJob  # noqa: E402


def slow_steps(job: BackgroundJob, progress: tasks.Progress) -> tasks.FileResult:
    steps = job.parameters["steps"]
    for step in range(1, steps + 1):
        time.sleep(job.parameters["pause"])
        progress(step, steps, "Stap")
    return tasks.FileResult("stappen.txt", "text/plain", b"Alle stappen gedaan.")


tasks.register("test-slow", slow_steps)
call_command("db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1", "-v0")
