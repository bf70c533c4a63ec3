"""The bench harness's machinery: run manage.py with a clean environment, prepare the databases (a kept generated
network, an empty scratch one), start and stop gunicorn, and load a page with wrk."""

# ruff: noqa: S603, S607, S310 - a local harness: fixed commands, loopback URLs only
import datetime as dt
import json
import os
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VAR = ROOT / "var" / "bench"
LUA = Path(__file__).resolve().parent / "report.lua"
PYTHON = sys.executable


class HarnessError(Exception):
    pass


def log(message: str) -> None:
    print(f"[bench {dt.datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def manage(args: list[str], env: dict, capture: bool = False, timeout: float | None = None) -> str:
    command = [PYTHON, "manage.py", *args]
    result = subprocess.run(
        command,
        cwd=ROOT,
        env=env,
        text=True,
        timeout=timeout,
        stdout=subprocess.PIPE if capture else None,
        stderr=subprocess.PIPE if capture else None,
    )
    if result.returncode != 0:
        detail = (result.stderr or "")[-2000:] if capture else ""
        raise HarnessError(f"manage.py {' '.join(args)} failed ({result.returncode}) {detail}")
    return result.stdout or ""


def base_env(database_url: str) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith("RIMPEL_")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "rimpel.settings",
            "DATABASE_URL": database_url,
            "RIMPEL_SECRET_KEY": secrets.token_urlsafe(40),  # throwaway
            "RIMPEL_DEBUG": "0",
            # The benchmark commands (generate_network, bench_pages, …) and the baseline page are development tools.
            "RIMPEL_DEV_TOOLS": "1",
            "RIMPEL_ALLOWED_HOSTS": "127.0.0.1",
            "RIMPEL_EMAIL_URL": "console:",  # a production server wants mail settings (core.startup)
            "RIMPEL_EMAIL_FROM": "rimpel@example.org",
            "RIMPEL_COLLECTED_STATIC": "1",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


# ---------------------------------------------------------------------------------------------------------------
# Databases


def sqlite_database(scale: str, seed: int, regenerate: bool) -> str:
    """A working copy of the cached generated network (var/bench/<scale>-seed<seed>.sqlite3), made when missing."""
    VAR.mkdir(parents=True, exist_ok=True)
    cached = VAR / f"{scale}-seed{seed}.sqlite3"
    if regenerate or not cached.exists():
        building = VAR / f"{scale}-seed{seed}.building.sqlite3"
        for path in (building, Path(f"{building}-wal"), Path(f"{building}-shm")):
            path.unlink(missing_ok=True)
        env = base_env(f"sqlite:///{building}")
        log(f"generating the {scale} network on SQLite (seed {seed}) into {cached.name}; demo takes ~30 s, city ~4 min")
        manage(["migrate", "--no-input", "-v0"], env)
        manage(["generate_network", "--scale", scale, "--seed", str(seed)], env)
        checkpoint(building)
        building.replace(cached)
    working = VAR / f"run-{scale}.sqlite3"
    for path in (working, Path(f"{working}-wal"), Path(f"{working}-shm")):
        path.unlink(missing_ok=True)
    shutil.copyfile(cached, working)
    url = f"sqlite:///{working}"
    manage(["migrate", "--no-input", "-v0"], base_env(url))  # migrations added since the network was generated
    checkpoint(working)
    return url


def checkpoint(path: Path) -> None:
    """Fold the write-ahead log into the file, so the file alone is the whole database."""
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


def scratch_sqlite() -> str:
    """An empty migrated database for the report, import and search benchmarks (they roll back what they add)."""
    template = VAR / "empty.sqlite3"
    if not template.exists():
        building = VAR / "empty.building.sqlite3"
        building.unlink(missing_ok=True)
        manage(["migrate", "--no-input", "-v0"], base_env(f"sqlite:///{building}"))
        checkpoint(building)
        building.replace(template)
    scratch = VAR / "scratch.sqlite3"
    for path in (scratch, Path(f"{scratch}-wal"), Path(f"{scratch}-shm")):
        path.unlink(missing_ok=True)
    shutil.copyfile(template, scratch)
    url = f"sqlite:///{scratch}"
    manage(["migrate", "--no-input", "-v0"], base_env(url))
    return url


def pg_connect(server: str, database: str = "postgres"):
    import psycopg

    return psycopg.connect(f"{server.rstrip('/')}/{database}", autocommit=True, connect_timeout=5)


def pg_database(server: str, scale: str, seed: int, regenerate: bool) -> str:
    """The PostgreSQL database rimpel_bench_<scale>_s<seed>, generated once; a marker file says it is complete."""
    name = f"rimpel_bench_{scale}_s{seed}"
    marker = VAR / f"{name}.postgres-complete"
    VAR.mkdir(parents=True, exist_ok=True)
    try:
        with pg_connect(server) as connection:
            exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if exists and (regenerate or not marker.exists()):
                connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
                exists = None
            if not exists:
                marker.unlink(missing_ok=True)
                connection.execute(f'CREATE DATABASE "{name}"')
    except ImportError as error:
        raise HarnessError(f"psycopg is missing: {error}") from error
    except Exception as error:  # noqa: BLE001 - any connection problem ends the run with its message
        if isinstance(error, HarnessError):
            raise
        raise HarnessError(f"cannot reach PostgreSQL at {server} (set BENCH_PG_URL): {error}") from error
    url = f"{server.rstrip('/')}/{name}"
    env = base_env(url)
    manage(["migrate", "--no-input", "-v0"], env)
    if not marker.exists():
        log(f"generating the {scale} network on PostgreSQL (seed {seed}) into {name}; national takes well over 25 min")
        manage(["generate_network", "--scale", scale, "--seed", str(seed)], env)
        manage(["shell", "-c", "from django.db import connection; connection.cursor().execute('ANALYZE')"], env)
        marker.write_text(f"{name} generated {dt.datetime.now().isoformat()}\n")
    return url


def scratch_pg(server: str) -> str:
    name = "rimpel_bench_scratch"
    with pg_connect(server) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    url = f"{server.rstrip('/')}/{name}"
    manage(["migrate", "--no-input", "-v0"], base_env(url))
    return url


# ---------------------------------------------------------------------------------------------------------------
# The server and the load


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_env(database_url: str, page_cache: bool) -> dict:
    env = base_env(database_url)
    env.update(
        {
            # The public page cache (core.pagecache) is on in production; off, every request renders its page.
            "RIMPEL_PAGE_CACHE_SECONDS": "600" if page_cache else "0",
            "RIMPEL_BENCH": "1",  # mounts /bench/baseline/
            # Persistent connections, as a production deployment would configure them.
            "RIMPEL_DB_CONN_MAX_AGE": "60",
            # All clients share one address: the API's per-address limit (120 a minute) would answer 429 to the load.
            "RIMPEL_API_LIMIT_PER_ADDRESS": "1000000000",
        }
    )
    return env


def start_server(env: dict, port: int, workers: int, log_path: Path) -> subprocess.Popen:
    command = [
        PYTHON,
        "-m",
        "gunicorn",
        "rimpel.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--timeout",
        "120",
        "--backlog",
        "2048",
        "--log-level",
        "warning",
        "--error-logfile",
        "-",
    ]
    log(f"starting gunicorn with {workers} sync workers on 127.0.0.1:{port} (log: {log_path})")
    handle = open(log_path, "w")  # noqa: SIM115 - open for the server's life
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise HarnessError(f"gunicorn exited with {server.returncode}; see {log_path}")
        try:
            status, _body, _seconds = fetch(f"http://127.0.0.1:{port}/bench/baseline/")
            if status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.5)
    stop_server(server)
    raise HarnessError(f"gunicorn did not answer within 90 s; see {log_path}")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def fetch(url: str, headers: dict | None = None) -> tuple[int, bytes, float]:
    request = urllib.request.Request(url, headers=headers or {})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            body = response.read()
            return response.status, body, time.perf_counter() - started
    except urllib.error.HTTPError as error:
        return error.code, error.read(), time.perf_counter() - started


def drain(base: str, limit: float = 180) -> None:
    """Wait until the server has worked off the requests still queued from the last load (wrk closes its
    connections at the end, but sync workers finish every request they accepted), so the next page starts clean."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            _status, _body, seconds = fetch(base + "/bench/baseline/")
        except OSError:
            seconds = limit
        if seconds < 0.05:
            return
        time.sleep(0.5)
    log(f"warning: the server was still busy {limit:.0f} s after the load")


def wrk(url: str, clients: int, duration: int, threads: int, script: Path = LUA, script_args: tuple = ()) -> dict:
    command = [
        "wrk",
        "--threads",
        str(min(threads, clients)),
        "--connections",
        str(clients),
        "--duration",
        f"{duration}s",
        "--timeout",
        "30s",
        "--script",
        str(script),
        url,
        *(["--", *script_args] if script_args else []),
    ]
    result = subprocess.run(command, text=True, capture_output=True, timeout=duration + 120)
    match = re.search(r"^WRK_RESULT (\{.*\})$", result.stdout, re.M)
    if result.returncode != 0 or not match:
        raise HarnessError(f"wrk failed on {url}: {result.stdout[-1000:]} {result.stderr[-1000:]}")
    raw = json.loads(match[1])
    seconds = raw["duration_us"] / 1e6
    errors = {key: raw[key] for key in ("connect", "read", "write", "status", "timeout") if raw[key]}
    return {
        "requests": raw["requests"],
        "rps": round(raw["requests"] / seconds, 1) if seconds else 0.0,
        "p50_ms": round(raw["p50_us"] / 1000, 1),
        "p95_ms": round(raw["p95_us"] / 1000, 1),
        "p99_ms": round(raw["p99_us"] / 1000, 1),
        "max_ms": round(raw["max_us"] / 1000, 1),
        "errors": sum(errors.values()),
        "error_kinds": errors,
    }
