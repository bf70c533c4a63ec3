"""Long work in the background with its progress (issue 21 §3): report files, large imports, the search index
rebuild, the network export.

An app registers a *kind* and its handler (`register("report", make_report)`, in its AppConfig.ready()); a view
calls `start()`, which stores a BackgroundJob and enqueues the django-tasks task `run_job` once the transaction
commits. The worker (`manage.py db_worker`, started by `make run`) runs the handler, which reports its progress
through the Progress it is handed and returns a FileResult (kept in the default storage, downloaded through
/taken/<id>/bestand/) or a LinkResult. The page /taken/<id>/ (core.tasks_views) shows the progress.

A handler raises JobFailed with a message for the asker; any other exception fails the job with a general message
(the worker keeps the traceback: admin, Task results).

Worker restarts: django-tasks-db leaves a task whose worker died marked as running for ever. So a job renews its
`heartbeat_at` from a thread every HEARTBEAT seconds while it runs, and a job whose heartbeat is older than
STALE is run again (a new attempt, at most MAX_ATTEMPTS) by `recover_stalled()`. That runs in the task
`watch_jobs`, which stays queued (deferred by STALE) as long as any job is unfinished, so the next worker to
start picks it up; the job page runs it too. An attempt that was given up but still runs (a worker that was only
slow) finds its attempt number outdated at its next progress report or at the end, and stops without writing.
"""

import hashlib
import json
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from time import monotonic

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection, connections
from django.db.models import F, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from core import invalidation, mail
from core.models import BackgroundJob

logger = logging.getLogger(__name__)

Status = BackgroundJob.Status
MAX_ATTEMPTS = 3
# A finished job's file is removed after KEEP_FILES: an export holds personal data, and a report is made again. The
# job itself stays until KEEP_JOBS, listed on the asker's *Mijn werk* (home.work).
KEEP_FILES = timedelta(days=1)
KEEP_JOBS = timedelta(days=7)
PROGRESS_EVERY = 0.5  # seconds between two progress writes; the page polls every 2 s


def heartbeat_seconds() -> float:
    return settings.BACKGROUND_JOB_HEARTBEAT


def stale_after() -> timedelta:
    """A running job not heard of for this long lost its worker."""
    return timedelta(seconds=3 * heartbeat_seconds())


@dataclass(frozen=True)
class FileResult:
    name: str  # the download's file name
    content_type: str
    body: bytes
    summary: str = ""  # shown with the result


@dataclass(frozen=True)
class LinkResult:
    url: str
    summary: str = ""  # shown with the result, e.g. what an import did


class JobFailed(Exception):
    """An expected failure; its message (translated) is shown on the job's page."""


class Superseded(Exception):
    """This attempt was given up (its worker seemed gone) and a newer one runs."""


class Progress:
    """Handed to a handler: `progress(done, total, message)` stores how far it is (at most every PROGRESS_EVERY
    seconds, and always the last step). Inside a transaction of the handler's own (an import, the export) a write
    on its connection would stay unseen until the commit and lock the job's row, so the heartbeat thread writes it
    from its own connection (on SQLite only once the transaction lets go of the database: one writer at a time)."""

    def __init__(self, job: BackgroundJob):
        self.job = job
        self.written_at = 0.0
        self.outer_depth = len(connection.atomic_blocks)
        self.pending = False  # for the heartbeat thread to write

    def __call__(self, done: int, total: int | None = None, message: str = "") -> None:
        total = self.job.total if total is None else total
        self.job.done, self.job.total, self.job.message = done, total, message
        if len(connection.atomic_blocks) > self.outer_depth:
            self.pending = True
            return
        now = monotonic()
        if now - self.written_at < PROGRESS_EVERY and done < total:
            return
        self.written_at = now
        written = BackgroundJob.objects.filter(pk=self.job.pk, attempts=self.job.attempts, status=Status.RUNNING)
        if not written.update(done=done, total=total, message=message, heartbeat_at=timezone.now()):
            raise Superseded

    def fields(self) -> dict:
        return {"done": self.job.done, "total": self.job.total, "message": self.job.message}


Handler = Callable[[BackgroundJob, Progress], FileResult | LinkResult]
HANDLERS: dict[str, Handler] = {}


def register(kind: str, handler: Handler) -> None:
    HANDLERS[kind] = handler


def data_version() -> str:
    """The versions of every invalidation topic together: it changes whenever any record a result may show
    changes (core.invalidation), so a kept result is only reused while nothing changed."""
    tokens = [invalidation.current(topic) for topic in sorted(invalidation.topics())]
    return hashlib.sha256("|".join(tokens).encode()).hexdigest()[:32]


def job_key(kind: str, parameters: dict, version: str) -> str:
    return hashlib.sha256(json.dumps([kind, parameters, version], sort_keys=True).encode()).hexdigest()


def session_hash(session_key: str | None) -> str:
    """What a visitor's job stores of their session: its hash, never the key itself."""
    return hashlib.sha256(session_key.encode()).hexdigest() if session_key else ""


def kept(key: str) -> BackgroundJob | None:
    """A finished file of the same work for the same data version, if one is still in storage."""
    job = BackgroundJob.objects.filter(key=key, status=Status.DONE).exclude(result_file="").order_by("-pk").first()
    return job if job is not None and default_storage.exists(job.result_file) else None


def start(
    kind: str,
    *,
    title: str,
    parameters: dict,
    user,
    session_key: str | None = None,
    key: str = "",
) -> BackgroundJob:
    """Store a job and enqueue it once the caller's transaction commits. The same work already waiting or running
    for the same person is not started twice (a button pressed twice)."""
    prune()
    owner = {"requested_by": user} if user.is_authenticated else {"session_hash": session_hash(session_key)}
    if key:
        waiting = BackgroundJob.objects.filter(key=key, status__in=[Status.QUEUED, Status.RUNNING], **owner).first()
        if waiting is not None:
            return waiting
    job = BackgroundJob.objects.create(
        kind=kind,
        title=title,
        parameters={**parameters, "language": translation.get_language()},
        key=key,
        **owner,
    )
    mail.after_commit(lambda: _enqueue(job.pk, job.attempts))
    return job


def prune() -> None:
    """Remove the files of the jobs finished more than KEEP_FILES ago, and the jobs finished more than KEEP_JOBS
    ago. A job whose file is gone keeps its `result_name`, so its page can say so."""
    now = timezone.now()
    _remove(BackgroundJob.objects.filter(finished_at__lt=now - KEEP_JOBS))
    with_file = dict(
        BackgroundJob.objects.filter(finished_at__lt=now - KEEP_FILES)
        .exclude(result_file="")
        .values_list("pk", "result_file")
    )
    for name in with_file.values():
        default_storage.delete(name)
    BackgroundJob.objects.filter(pk__in=with_file).update(result_file="")


def jobs_of(user) -> QuerySet[BackgroundJob]:
    """The jobs `user` asked for that wait, run, or finished within KEEP_JOBS: newest first."""
    recent = Q(finished_at__isnull=True) | Q(finished_at__gte=timezone.now() - KEEP_JOBS)  # pruned or not yet
    return BackgroundJob.objects.filter(recent, requested_by=user).order_by("-created_at", "-pk")


def forget(user_pk: int) -> None:
    """Remove the jobs a closing account asked for, with their files (an export or a report may hold personal data)."""
    _remove(BackgroundJob.objects.filter(requested_by_id=user_pk))


def _remove(jobs: QuerySet[BackgroundJob]) -> None:
    for name in jobs.exclude(result_file="").values_list("result_file", flat=True):
        default_storage.delete(name)
    jobs.delete()


def _enqueue(job_id: int, attempt: int) -> None:
    result = run_job.enqueue(job_id, attempt)
    BackgroundJob.objects.filter(pk=job_id, attempts=attempt).update(task_id=str(result.id))
    _schedule_watch()


@task()
def run_job(job_id: int, attempt: int) -> None:
    claimed = BackgroundJob.objects.filter(pk=job_id, attempts=attempt, status=Status.QUEUED).update(
        status=Status.RUNNING, started_at=timezone.now(), heartbeat_at=timezone.now()
    )
    if not claimed:  # finished, or a newer attempt was started
        return
    job = BackgroundJob.objects.get(pk=job_id)
    with translation.override(job.parameters.get("language") or settings.LANGUAGE_CODE):
        progress = Progress(job)
        try:
            with _heartbeat(progress):
                result = HANDLERS[job.kind](job, progress)
        except Superseded:
            return
        except JobFailed as error:
            _finish(job, status=Status.FAILED, message=str(error))
            return
        except Exception:
            _finish(job, status=Status.FAILED, message=_("Something went wrong. The administrator can see what."))
            raise  # the worker records the traceback
        _finish(job, status=Status.DONE, result=result, progress=progress)


def _finish(
    job: BackgroundJob,
    *,
    status: str,
    message: str = "",
    result: FileResult | LinkResult | None = None,
    progress: Progress | None = None,
) -> None:
    fields: dict = {"status": status, "message": message, "finished_at": timezone.now()}
    if progress is not None:  # done: all steps, as far as the handler counted them
        fields["done"] = fields["total"] = progress.job.total
    if result is not None:
        fields["message"] = result.summary
    if isinstance(result, FileResult):
        fields |= {
            "result_file": default_storage.save(f"jobs/{job.pk}/{result.name}", ContentFile(result.body)),
            "result_name": result.name,
            "result_type": result.content_type,
        }
    elif isinstance(result, LinkResult):
        fields["result_url"] = result.url
    written = BackgroundJob.objects.filter(pk=job.pk, attempts=job.attempts, status=Status.RUNNING).update(**fields)
    if not written and "result_file" in fields:  # a newer attempt took over: its file counts, not this one
        default_storage.delete(fields["result_file"])


@contextmanager
def _heartbeat(progress: Progress) -> Iterator[None]:
    """Renew the job's heartbeat from a thread while the handler works (also during one long call, a PDF), and
    write the progress the handler reported inside its own transaction."""
    job = progress.job
    stop = threading.Event()

    def beat() -> None:
        beaten = monotonic()
        try:
            while not stop.wait(min(heartbeat_seconds(), 1.0)):
                if not progress.pending and monotonic() - beaten < heartbeat_seconds():
                    continue
                fields = {"heartbeat_at": timezone.now()}
                if progress.pending:
                    progress.pending = False
                    fields |= progress.fields()
                try:
                    BackgroundJob.objects.filter(pk=job.pk, attempts=job.attempts, status=Status.RUNNING).update(
                        **fields
                    )
                    beaten = monotonic()
                except DatabaseError:  # e.g. SQLite locked by the handler's own long transaction: beat again later
                    logger.warning("Background job %s: heartbeat not written", job.pk, exc_info=True)
        finally:
            connections.close_all()  # this thread's own connection

    thread = threading.Thread(target=beat, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def recover_stalled() -> int:
    """Run again each job whose worker is gone (no heartbeat for stale_after()); give up after MAX_ATTEMPTS.
    Returns how many were run again."""
    again = 0
    stalled = BackgroundJob.objects.filter(status=Status.RUNNING, heartbeat_at__lt=timezone.now() - stale_after())
    for job in stalled:
        still = BackgroundJob.objects.filter(pk=job.pk, attempts=job.attempts, status=Status.RUNNING)
        if job.task_id:  # the old task's record would say "running" for ever; it says what happened instead
            DBTaskResult.objects.filter(id=job.task_id, status="RUNNING").update(
                status="FAILED",
                finished_at=timezone.now(),
                exception_class_path="core.tasks.WorkerGone",
                traceback="The worker stopped while running this task; core.tasks.recover_stalled ran the job again.",
            )
        if job.attempts >= MAX_ATTEMPTS:
            with translation.override(job.parameters.get("language") or settings.LANGUAGE_CODE):
                message = _("The work was interrupted %(count)s times and was stopped.") % {"count": job.attempts}
            still.update(status=Status.FAILED, message=message, finished_at=timezone.now())
        elif still.update(status=Status.QUEUED, attempts=F("attempts") + 1, heartbeat_at=None, task_id=""):
            logger.warning("Background job %s lost its worker; running it again", job.pk)
            _enqueue(job.pk, job.attempts + 1)
            again += 1
    return again


@task()
def watch_jobs() -> None:
    recover_stalled()
    _schedule_watch()


def _schedule_watch() -> None:
    """Keep one watch_jobs queued, deferred by stale_after(), while any job is unfinished."""
    if not watch_jobs.get_backend().supports_defer:
        return  # the immediate backend (tests) runs jobs inside the request: no worker to lose
    if not BackgroundJob.objects.filter(status__in=[Status.QUEUED, Status.RUNNING]).exists():
        return
    if not DBTaskResult.objects.filter(task_path=watch_jobs.module_path, status="READY").exists():
        watch_jobs.using(run_after=timezone.now() + stale_after()).enqueue()
