"""Background jobs (core.tasks): a job's progress page, its file, its failure, and running again a job whose
worker is gone. The immediate task backend runs a job inside start(); test_task_worker.py runs a real worker."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.storage import default_storage
from django.test import Client
from django.utils import timezone

from core import tasks
from core.models import BackgroundJob
from core.tasks import FileResult, JobFailed, LinkResult

pytestmark = pytest.mark.django_db

Status = BackgroundJob.Status


def make_file(job, progress):
    for step in range(1, 4):
        progress(step, 3, "Hoofdstuk")
    return FileResult(f"verslag-{job.parameters['n']}.txt", "text/plain", b"Het verslag.")


def refuse(job, progress):
    raise JobFailed("Het bestand heeft te veel rijen.")


def crash(job, progress):
    raise ZeroDivisionError("intern detail")


@pytest.fixture(autouse=True)
def kinds(monkeypatch):
    monkeypatch.setitem(tasks.HANDLERS, "test-file", make_file)
    monkeypatch.setitem(tasks.HANDLERS, "test-refuse", refuse)
    monkeypatch.setitem(tasks.HANDLERS, "test-crash", crash)
    monkeypatch.setitem(tasks.HANDLERS, "test-link", lambda job, progress: LinkResult("/zoeken/"))


def start(kind, user, **parameters):
    return tasks.start(kind, title="Verslag", parameters=parameters, user=user, key=f"{kind}-{parameters}")


def test_a_finished_job_shows_its_file_to_who_asked_and_coordinators_only(
    editor_a, editor_a_client, editor_b_client, coordinator_client, anonymous_client
):
    job = start("test-file", editor_a, n=1)
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.result_name) == (Status.DONE, 3, 3, "verslag-1.txt")
    assert job.parameters["language"] == "nl"

    page = editor_a_client.get(f"/taken/{job.pk}/")
    assert "Klaar." in page.content.decode()
    assert f'href="/taken/{job.pk}/bestand/"' in page.content.decode()
    assert 'http-equiv="refresh"' not in page.content.decode()  # finished: no more refreshing
    assert "no-store" in page["Cache-Control"]
    download = editor_a_client.get(f"/taken/{job.pk}/bestand/")
    assert b"".join(download.streaming_content) == b"Het verslag."
    assert download["Content-Disposition"] == 'attachment; filename="verslag-1.txt"'
    assert coordinator_client.get(f"/taken/{job.pk}/bestand/").status_code == 200
    for other in (editor_b_client, anonymous_client):
        assert other.get(f"/taken/{job.pk}/").status_code == 404
        assert other.get(f"/taken/{job.pk}/bestand/").status_code == 404


def test_the_same_work_is_kept_per_data_version(editor_a):
    key = tasks.job_key("test-file", {"n": 2}, tasks.data_version())
    assert tasks.kept(key) is None
    job = tasks.start("test-file", title="Verslag", parameters={"n": 2}, user=editor_a, key=key)
    assert tasks.kept(key) == job
    assert tasks.data_version() == tasks.data_version()  # nothing written in between
    default_storage.delete(tasks.kept(key).result_file)
    assert tasks.kept(key) is None  # a file gone from storage is made again


def test_a_failed_job_shows_its_message(editor_a, editor_a_client):
    job = start("test-refuse", editor_a)
    page = editor_a_client.get(f"/taken/{job.pk}/").content.decode()
    assert "Dit is niet gelukt. Het bestand heeft te veel rijen." in page
    assert editor_a_client.get(f"/taken/{job.pk}/bestand/").status_code == 404


def test_an_unexpected_error_fails_the_job_with_a_general_message(editor_a, editor_a_client):
    job = start("test-crash", editor_a)
    job.refresh_from_db()
    assert job.status == Status.FAILED
    page = editor_a_client.get(f"/taken/{job.pk}/").content.decode()
    assert "Er ging iets mis." in page
    assert "intern detail" not in page


def test_a_job_with_a_link_shows_the_link(editor_a, editor_a_client):
    job = start("test-link", editor_a)
    assert 'href="/zoeken/"' in editor_a_client.get(f"/taken/{job.pk}/").content.decode()


def test_a_running_job_shows_its_progress_and_polls_without_javascript_too(editor_a, editor_a_client):
    job = BackgroundJob.objects.create(
        kind="test-file", title="Verslag", requested_by=editor_a, status=Status.RUNNING, done=30, total=120,
        message="Bladzijden", heartbeat_at=timezone.now(),
    )  # fmt: skip
    page = editor_a_client.get(f"/taken/{job.pk}/").content.decode()
    assert '<progress max="120" value="30"' in page
    assert "30 van 120 (25%)" in page
    assert 'hx-trigger="every 2s"' in page
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page
    partial = editor_a_client.get(f"/taken/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<div id="job-status"')
    assert "<html" not in partial


def test_a_visitor_sees_only_the_job_of_their_own_session(client):
    session = client.session  # the test client makes the session and its cookie
    job = tasks.start(
        "test-file", title="Verslag", parameters={"n": 3}, user=AnonymousUser(), session_key=session.session_key
    )
    assert client.get(f"/taken/{job.pk}/").status_code == 200
    assert Client().get(f"/taken/{job.pk}/").status_code == 404


def test_a_job_whose_worker_is_gone_runs_again(editor_a, editor_a_client):
    job = BackgroundJob.objects.create(
        kind="test-file", title="Verslag", requested_by=editor_a, status=Status.RUNNING, parameters={"n": 4},
        heartbeat_at=timezone.now() - timedelta(minutes=5),
    )  # fmt: skip
    fresh = BackgroundJob.objects.create(
        kind="test-file", title="Verslag", requested_by=editor_a, status=Status.RUNNING, parameters={"n": 5},
        heartbeat_at=timezone.now(),
    )  # fmt: skip
    editor_a_client.get(f"/taken/{job.pk}/")  # the page notices, as the next worker's watch does
    job.refresh_from_db()
    fresh.refresh_from_db()
    assert (job.status, job.attempts, job.result_name) == (Status.DONE, 2, "verslag-4.txt")
    assert (fresh.status, fresh.attempts) == (Status.RUNNING, 1)  # its worker is alive


def test_a_job_interrupted_too_often_fails_with_a_message(editor_a, editor_a_client):
    job = BackgroundJob.objects.create(
        kind="test-file", title="Verslag", requested_by=editor_a, status=Status.RUNNING, attempts=tasks.MAX_ATTEMPTS,
        heartbeat_at=timezone.now() - timedelta(minutes=5),
    )  # fmt: skip
    assert tasks.recover_stalled() == 0
    page = editor_a_client.get(f"/taken/{job.pk}/").content.decode()
    assert "Het werk is 3 keer onderbroken en is gestopt." in page


def test_an_outdated_attempt_writes_nothing(editor_a):
    job = BackgroundJob.objects.create(
        kind="test-file", title="Verslag", requested_by=editor_a, status=Status.RUNNING, attempts=2
    )
    stale = BackgroundJob.objects.get(pk=job.pk)
    stale.attempts = 1  # the run that was given up
    with pytest.raises(tasks.Superseded):
        tasks.Progress(stale)(1, 3)
    tasks.run_job.call(job.pk, 1)  # an old task of the job: claims nothing
    job.refresh_from_db()
    assert (job.status, job.done) == (Status.RUNNING, 0)


def test_pressing_the_button_twice_starts_one_job(editor_a):
    job = BackgroundJob.objects.create(kind="test-file", title="Verslag", requested_by=editor_a, key="k")
    assert tasks.start("test-file", title="Verslag", parameters={}, user=editor_a, key="k") == job


def test_a_file_is_removed_after_a_day_and_its_job_after_a_week(editor_a, editor_a_client):
    old = start("test-file", editor_a, n=6)
    older = start("test-file", editor_a, n=5)
    old.refresh_from_db()
    older.refresh_from_db()
    BackgroundJob.objects.filter(pk=old.pk).update(finished_at=timezone.now() - timedelta(days=1, minutes=1))
    BackgroundJob.objects.filter(pk=older.pk).update(finished_at=timezone.now() - timedelta(days=7, minutes=1))
    recent = start("test-file", editor_a, n=7)  # starting a job prunes
    assert set(BackgroundJob.objects.all()) == {old, recent}
    assert not default_storage.exists(old.result_file) and not default_storage.exists(older.result_file)
    page = editor_a_client.get(f"/taken/{old.pk}/").content.decode()
    assert "Het bestand is na een dag weggehaald" in page and "/bestand/" not in page
    assert editor_a_client.get(f"/taken/{old.pk}/bestand/").status_code == 404
