"""Fault: SIGKILL the server process in the middle of a large import; the database must be as before.

On a temp SQLite database (never var/): migrate, load the demo network, count the main tables, write a
50,000-row activities CSV, start `manage.py import_data activities FILE` (one transaction), wait until the
import has written uncommitted pages into the -wal file, SIGKILL it, and check the counts are unchanged and
PRAGMA integrity_check says ok. Then run the same import to the end and check it adds every row, which
shows the kill really happened part-way. Bounded: every step has a timeout; about a minute in all.
"""

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import django
from _common import PYTHON, ROOT, counts, database, integrity, manage, temp_environment, verdict

ROWS = 50_000
# Kill once this much uncommitted data sits in the WAL: well inside the write phase.
KILL_AT_WAL_BYTES = 8 * 1024 * 1024
TIMEOUT = 90


def main() -> None:
    folder, env = temp_environment("rimpel-fault-kill-")
    # The CSV generator of bench_import; importing it needs Django set up (on the temp database; unused here).
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    django.setup()
    from devtools.management.commands.bench_import import activities_csv

    db = database(folder)
    wal = db.with_name(db.name + "-wal")
    print(f"temp database: {db}")
    try:
        manage(env, "migrate", "--no-input", "-v0")
        manage(env, "load_demo")
        with sqlite3.connect(db) as connection:
            names = [row[0] for row in connection.execute("SELECT name FROM network_organisation LIMIT 8")]
            # Start the import with an empty WAL, so its growth is the import's own uncommitted writes.
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        before = counts(db)
        print(f"before: {before}")
        csv = folder / "activities.csv"
        csv.write_bytes(activities_csv(ROWS, names, seed=9))
        print(f"generated {csv.name}: {ROWS:,} rows, {csv.stat().st_size / 1024 / 1024:.1f} MiB")

        command = [PYTHON, "manage.py", "import_data", "activities", str(csv)]
        started = time.monotonic()
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        killed_at_wal = 0
        while time.monotonic() - started < TIMEOUT:
            size = wal.stat().st_size if wal.exists() else 0
            if size >= KILL_AT_WAL_BYTES:
                process.send_signal(signal.SIGKILL)
                killed_at_wal = size
                break
            if process.poll() is not None:
                break
            time.sleep(0.02)
        killed_after = time.monotonic() - started
        code = process.wait(timeout=30)
        if not killed_at_wal:
            verdict(
                False,
                f"the import ended (exit {code}) or timed out before it was killed; "
                f"stderr: {process.stderr.read().decode()[-500:]}",
            )
        print(
            f"SIGKILL after {killed_after:.2f} s with {killed_at_wal / 1024 / 1024:.1f} MiB of uncommitted "
            f"pages in the WAL; exit code {code}"
        )

        after_kill = counts(db)
        check = integrity(db)
        print(f"after kill: {after_kill}; integrity_check: {check}")

        started = time.monotonic()
        manage(env, "import_data", "activities", str(csv), timeout=TIMEOUT)
        full_seconds = time.monotonic() - started
        final = counts(db)
        final_wal = wal.stat().st_size if wal.exists() else 0
        grown = final["activities_activity"] - before["activities_activity"]
        print(
            f"full import: {full_seconds:.1f} s, +{grown:,} activities; WAL reached "
            f"{final_wal / 1024 / 1024:.1f} MiB. The kill came at about {100 * killed_after / full_seconds:.0f}% "
            f"of the import's time and {100 * killed_at_wal / max(final_wal, 1):.0f}% of its WAL size."
        )
        problems = []
        if after_kill != before:
            problems.append(f"counts changed by the killed import: {before} → {after_kill}")
        if check != "ok":
            problems.append(f"integrity_check: {check}")
        if grown != ROWS:
            problems.append(f"the full import added {grown} activities, not {ROWS}")
        verdict(
            not problems,
            "; ".join(problems)
            or "the killed import left every count as before and the database intact; the rerun added every row",
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
