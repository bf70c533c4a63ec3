"""Fault: the disk fills up during an import, a story submission or a report (issue 9, faults).

    python devtools/faults/full_disk.py

No root and no real full disk: the disk-full condition is SIMULATED, deterministically:
  * database writes: Django runs in this process against a fresh temp SQLite database (migrate + load_demo).
    After VACUUM, `PRAGMA max_page_count = <current page count>` is set on every connection (connection_created
    signal), so the database cannot grow by one page. SQLite then fails the write with SQLITE_FULL,
    "database or disk is full" — the same error code it gives when the disk is really full.
    (a) an organisations import of 400 rows through the `import_data` command (the import pipeline,
        exchange.spreadsheet.run(write=True));
    (b) a story submission through the Django test client on the demo collection link (/en/v/lnos25/),
        with DEBUG off, so the visitor gets the real error page. NOTE: the story's rows fit in the free space of
        existing pages, so the limit is not hit; the script then says NOT SHOWN instead of pretending.
  * report file: (c) `manage.py report impact --format pdf --output …` runs in a child process with
    RLIMIT_FSIZE = 40 KiB and SIGXFSZ ignored, so writing the PDF beyond 40 KiB fails with EFBIG ("File too
    large"), as a full disk fails with ENOSPC.
Checks: what the user sees (message or status code), row counts unchanged (all or nothing), no partial report
file left behind, and `PRAGMA integrity_check` = ok after the limit is lifted. Bounded: well under a minute.
"""

import io
import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TMP = Path(tempfile.mkdtemp(prefix="rimpel-fault-disk."))
DB = TMP / "rimpel.sqlite3"
os.environ.update(
    {
        "DATABASE_URL": f"sqlite:///{DB}",
        "RIMPEL_DEBUG": "0",
        "RIMPEL_ALLOWED_HOSTS": "testserver",
        "RIMPEL_EMAIL_URL": "console:",  # a production server wants mail settings (core.startup)
        "RIMPEL_EMAIL_FROM": "rimpel@example.org",
        "RIMPEL_SECRET_KEY": "fault-script-key-" + "x9Q#" * 12,
        "RIMPEL_LOG_LEVEL": "CRITICAL",
        "DJANGO_SETTINGS_MODULE": "rimpel.settings",
    }
)
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)

import django  # noqa: E402

django.setup()

from django.apps import apps  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.backends.signals import connection_created  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from stories.forms import fill_stamp  # noqa: E402

LIMIT = {"pages": None}
failures = []


def check(label, ok):
    print(f"  [{'ok' if ok else 'FAIL'}] {label}")
    if not ok:
        failures.append(label)


def limit_pages(sender, connection, **kwargs):
    if LIMIT["pages"]:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA max_page_count = {int(LIMIT['pages'])}")


connection_created.connect(limit_pages)


def counts():
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if not model._meta.proxy and model._meta.managed
    }


def set_limit(on: bool):
    connection.close()
    if on:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cursor.execute("VACUUM")
            cursor.execute("PRAGMA page_count")
            LIMIT["pages"] = cursor.fetchone()[0]
        connection.close()
    else:
        LIMIT["pages"] = None
        connection.close()


def main() -> int:
    print(f"temp SQLite database {DB}")
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    setup_test_environment()

    # (a) import
    csv = TMP / "organisations.csv"
    csv.write_text(
        "name,sector,website,description\n"
        + "".join(
            f"Schijfvol Organisatie {n},po,https://org{n}.example.org,{'Een lange beschrijving. ' * 20}\n"
            for n in range(400)
        ),
        encoding="utf-8",
    )
    before = counts()
    set_limit(True)
    print(f"(a) import_data organisations (400 rows) with max_page_count = {LIMIT['pages']} (database full)")
    try:
        out, err = io.StringIO(), io.StringIO()
        call_command("import_data", "organisations", str(csv), stdout=out, stderr=err)
        shown = "completed: " + (out.getvalue() + err.getvalue()).strip().splitlines()[-1]
    except Exception as error:  # noqa: BLE001 - what the user sees is the point
        shown = f"{type(error).__module__}.{type(error).__name__}: {error}"
        shown += " | " + " ".join(err.getvalue().split())
    print(f"    user sees: {shown}")
    check("the import fails with a message naming the full disk", "full" in shown)
    check("no row was added or removed (all or nothing)", counts() == before)

    # (b) story submission through the web page
    client = Client(raise_request_exception=False)
    set_limit(False)
    page = client.get("/en/v/lnos25/")
    form = page.context["form"]
    activity = form.fields["activity"].queryset.first()
    dimension = re.search(r'name="ring1_dimension" value="(\d+)"', page.content.decode()).group(1)
    data = {
        "activity": activity.pk,
        "respondent_role": "leerkracht",
        "sector": "po",
        "quote": "",
        "consent": "role",
        "respondent_name": "",
        "organisation_name": "",
        "email": "",
        "website": "",
        "ring1_dimension": dimension,
        "ring1_text": "Ik ontmoette nieuwe collega's. " * 60,
        "ring2_dimension": "",
        "ring2_text": "",
        "ring3_dimension": "",
        "ring3_text": "",
        "submission": "6f1b7e0e-0000-4000-8000-000000000001",
        # The form's signed start time, a minute ago: a person's pace (stories.forms.fill_stamp).
        "started": fill_stamp(time.time() - 60),
    }
    before = counts()
    set_limit(True)
    print(f"(b) POST a story to /en/v/lnos25/ with max_page_count = {LIMIT['pages']} (database full)")
    response = client.post("/en/v/lnos25/", data)
    body = response.content.decode(errors="replace")
    title = re.search(r"<title>(.*?)</title>", body, re.S)
    print(f"    user sees: HTTP {response.status_code}, page title {title.group(1).strip() if title else body[:80]!r}")
    if response.status_code == 302 and counts() != before:
        print(
            "    NOT SHOWN: the story fitted in free space of existing pages, so the full database was never hit "
            "(a limitation of this simulation, not a failure of the site)"
        )
        data["submission"] = "6f1b7e0e-0000-4000-8000-000000000002"
    else:
        check(
            "the submission is not answered as a success (no redirect to the thank-you page)",
            response.status_code not in (302, 200),
        )
        check("no row was added or removed (all or nothing)", counts() == before)
    set_limit(False)
    retry = client.post("/en/v/lnos25/", data)
    print(f"    the same form sent again once there is room: HTTP {retry.status_code} {retry.get('Location', '')}")
    check("after room is made the same submission is saved", retry.status_code == 302)

    # (c) report PDF to a file that cannot grow
    output = TMP / "reports" / "lnos25-impact.pdf"
    output.parent.mkdir()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # keep SQLite's own files below the limit
    connection.close()

    def small_files():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (40 * 1024, 40 * 1024))

    print("(c) manage.py report impact --programme lnos25 --format pdf, files limited to 40 KiB (RLIMIT_FSIZE)")
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "report",
            "impact",
            "--programme",
            "lnos25",
            "--format",
            "pdf",
            "--output",
            str(output),
        ],
        capture_output=True,
        text=True,
        preexec_fn=small_files,
        timeout=120,
    )
    message = (result.stderr.strip().splitlines() or [""])[-1]
    print(f"    exit {result.returncode}; user sees: {message!r}")
    print(f"    file left behind: {output.exists() and f'{output.stat().st_size} bytes'}")
    check("the report command fails with a clear message", result.returncode != 0 and "Could not write" in message)
    check("no partial PDF is left behind", not output.exists())

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA integrity_check")
        integrity = cursor.fetchone()[0]
    print(f"PRAGMA integrity_check after the limit is lifted: {integrity}")
    check("the database is intact", integrity == "ok")
    print("PASS" if not failures else f"FAIL ({len(failures)}: {'; '.join(failures)})")
    return 0 if not failures else 1


if __name__ == "__main__":
    try:
        code = main()
    finally:
        connection.close()
        subprocess.run(["rm", "-rf", str(TMP)], check=False)
    sys.exit(code)
