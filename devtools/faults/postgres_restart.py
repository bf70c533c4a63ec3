"""Fault: PostgreSQL restarts while the site is under load (issue 9, faults).

    python devtools/faults/postgres_restart.py            # as root (runs PostgreSQL as the postgres user, like .ci/run)

What it does, all on loopback and bounded (about a minute):
  1. initdb a private PostgreSQL 15 cluster in a temp dir, on a free 127.0.0.1 port;
  2. createdb, `migrate` and `load_demo` into it;
  3. start `gunicorn rimpel.wsgi -w 3` on a free 127.0.0.1 port with production settings
     (RIMPEL_DEBUG=0, a random 64-character key, RIMPEL_ALLOWED_HOSTS=127.0.0.1) and
     RIMPEL_DB_CONN_MAX_AGE=60, as docs/deploy.md recommends (persistent connections);
  4. 8 threads GET /, /agenda/, /health and /api/activities/ in a loop;
  5. after ~8 s of load: `pg_ctl restart -m fast`; load continues ~15 s after the restart.

PASS when errors (5xx or connection errors) only happen within a short window around the restart
(WINDOW seconds after it began), the last 5 s have no errors at all and load never stopped, i.e. the workers
recovered without restarting gunicorn. Prints requests/errors per second around the restart.
The cluster and gunicorn are removed at the end, also on failure.

Phase 2: a second restart while the site is idle, then 24 sequential requests; all must succeed.

Finding (fixed): with RIMPEL_DB_CONN_MAX_AGE=60 and no CONN_HEALTH_CHECKS, a worker that served no request
during the outage kept its dead connection and its next request failed: phase 2 gave 500, 500, 503 (one per
worker). Under load this is hidden, because a request failing during the outage makes Django drop that
connection. rimpel/settings.py now passes conn_health_checks=True (Django pings a reused connection at the
start of a request and reconnects); phase 2 then gives no errors. 429s from the API's rate limit are not
counted as errors.
"""

import collections
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
PGBIN = "/usr/lib/postgresql/15/bin"
PAGES = ["/", "/agenda/", "/health", "/api/activities/"]
THREADS = 8
BEFORE = 8  # seconds of load before the restart
AFTER = 15  # seconds of load after the restart began
WINDOW = 5  # errors allowed this many seconds after the restart began
QUIET = 5  # the last QUIET seconds must be error-free


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def as_postgres(command: str, **kwargs):
    return subprocess.run(["su", "postgres", "-c", command], check=True, **kwargs)


def main() -> int:
    pgdata = Path(tempfile.mkdtemp(prefix="rimpel-fault-pg."))
    pgport, webport = free_port(), free_port()
    shutil.chown(pgdata, "postgres")
    gunicorn = None
    pg_ctl = f"{PGBIN}/pg_ctl -D {pgdata} -o '-c listen_addresses=127.0.0.1 -p {pgport} -k {pgdata}' -l {pgdata}/log"
    try:
        as_postgres(f"{PGBIN}/initdb -D {pgdata} -A trust -U postgres --no-instructions", stdout=subprocess.DEVNULL)
        as_postgres(f"{pg_ctl} -w start", stdout=subprocess.DEVNULL)
        as_postgres(f"{PGBIN}/createdb -h 127.0.0.1 -p {pgport} rimpel")
        print(f"PostgreSQL 15 cluster in {pgdata} on 127.0.0.1:{pgport}")
        env = {
            **os.environ,
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{pgport}/rimpel",
            "RIMPEL_SECRET_KEY": secrets.token_urlsafe(48),
            "RIMPEL_ALLOWED_HOSTS": "127.0.0.1",
            "RIMPEL_EMAIL_URL": "console:",  # a production server wants mail settings (core.startup)
            "RIMPEL_EMAIL_FROM": "rimpel@example.org",
            "RIMPEL_DEBUG": "0",
            "RIMPEL_DB_CONN_MAX_AGE": "60",
            "RIMPEL_LOG_LEVEL": "CRITICAL",
        }
        env.pop("DJANGO_SETTINGS_MODULE", None)
        for command in (["migrate", "--noinput"], ["load_demo"]):
            subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
        print("migrate and load_demo done")
        log = open(pgdata.parent / f"{pgdata.name}.gunicorn.log", "w")  # noqa: SIM115
        gunicorn = subprocess.Popen(
            [GUNICORN, "rimpel.wsgi", "-w", "3", "-b", f"127.0.0.1:{webport}", "--timeout", "30"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{webport}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/health", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        else:
            print("gunicorn did not start; its log:\n" + Path(log.name).read_text())
            print("FAIL")
            return 1
        print(f"gunicorn -w 3 on {base} (pid {gunicorn.pid}), RIMPEL_DB_CONN_MAX_AGE=60")

        results = []  # (time, path, status or error name)
        lock = threading.Lock()
        stop = threading.Event()

        def load(offset):
            i = offset
            while not stop.is_set():
                path = PAGES[i % len(PAGES)]
                i += 1
                try:
                    with urllib.request.urlopen(base + path, timeout=20) as response:
                        response.read()
                        outcome = response.status
                except urllib.error.HTTPError as error:
                    outcome = error.code
                except OSError as error:
                    outcome = type(error).__name__
                with lock:
                    results.append((time.monotonic(), path, outcome))

        threads = [threading.Thread(target=load, args=(n,)) for n in range(THREADS)]
        start = time.monotonic()
        for thread in threads:
            thread.start()
        time.sleep(BEFORE)
        restart_at = time.monotonic()
        print(f"t={restart_at - start:.1f}s: pg_ctl restart -m fast")
        as_postgres(f"{pg_ctl} -m fast -w restart", stdout=subprocess.DEVNULL)
        back_at = time.monotonic()
        print(f"t={time.monotonic() - start:.1f}s: PostgreSQL is back ({time.monotonic() - restart_at:.1f}s)")
        time.sleep(max(0, AFTER - (time.monotonic() - restart_at)))
        stop.set()
        for thread in threads:
            thread.join()
        end = time.monotonic()

        def is_error(outcome):
            return not isinstance(outcome, int) or outcome >= 500

        per_second = collections.defaultdict(lambda: [0, 0])
        kinds = collections.Counter()
        for at, path, outcome in results:
            second = int(at - restart_at) if at >= restart_at else -int(restart_at - at) - 1
            per_second[second][0] += 1
            if is_error(outcome):
                per_second[second][1] += 1
                kinds[(path, outcome)] += 1
        print("second (0 = restart began): requests / errors")
        for second in sorted(per_second):
            if second >= -4:
                ok, errors = per_second[second]
                print(f"  {second:+3d}s: {ok:4d} / {errors}")
        print("errors by page and outcome:", dict(kinds) or "none")
        statuses = collections.Counter(outcome for _, _, outcome in results)
        print("all outcomes:", dict(statuses))
        errors = [at for at, _, outcome in results if is_error(outcome)]
        after_back = [at for at in errors if at > back_at + 0.5]
        print(f"errors starting more than 0.5 s after PostgreSQL was back (stale connections): {len(after_back)}")
        late = [at for at in errors if at > restart_at + WINDOW or at < restart_at]
        quiet = [at for at, _, _ in results if at > end - QUIET]
        quiet_errors = [at for at in errors if at > end - QUIET]
        print(
            f"{len(results)} requests, {len(errors)} errors; outside [restart, restart+{WINDOW}s]: {len(late)}; "
            f"last {QUIET}s: {len(quiet)} requests, {len(quiet_errors)} errors; "
            f"gunicorn still the same process: {gunicorn.poll() is None}"
        )

        # Phase 2: a restart while the site is idle. No request fails during the outage, so every worker
        # still holds its (now dead) persistent connection when the next visitor arrives.
        as_postgres(f"{pg_ctl} -m fast -w restart", stdout=subprocess.DEVNULL)
        idle = collections.Counter()
        for n in range(24):
            try:
                with urllib.request.urlopen(base + PAGES[n % len(PAGES)], timeout=20) as response:
                    idle[response.status] += 1
            except urllib.error.HTTPError as error:
                idle[error.code] += 1
            except OSError as error:
                idle[type(error).__name__] += 1
        idle_errors = sum(count for outcome, count in idle.items() if is_error(outcome))
        print(f"idle restart, then 24 sequential requests after PostgreSQL was back: {dict(idle)}")
        ok = not late and not quiet_errors and len(quiet) > 20 and not idle_errors and gunicorn.poll() is None
        print("PASS" if ok else "FAIL")
        return 0 if ok else 1
    finally:
        if gunicorn is not None and gunicorn.poll() is None:
            os.killpg(gunicorn.pid, signal.SIGTERM)
            try:
                gunicorn.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(gunicorn.pid, signal.SIGKILL)
        subprocess.run(
            ["su", "postgres", "-c", f"{PGBIN}/pg_ctl -D {pgdata} -m immediate stop"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        shutil.rmtree(pgdata, ignore_errors=True)
        Path(f"{pgdata}.gunicorn.log").unlink(missing_ok=True)


if __name__ == "__main__":
    sys.exit(main())
