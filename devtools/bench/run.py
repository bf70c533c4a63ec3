"""`make bench`: load the key pages under the production server and print a table and one JSON line.

Steps: prepare a database with a generated network (kept in var/bench/ or as a PostgreSQL database and reused),
collect the static files, start gunicorn on loopback with production settings (DEBUG off, a throwaway secret key;
RIMPEL_DEV_TOOLS=1 and RIMPEL_BENCH=1 for the dev commands and the baseline page), load the minimal baseline page,
each key page and the baseline again with wrk, stop the server, run the report, import and search benchmarks on a
scratch database, and print the results.
Each page's throughput is also given as a ratio to the baseline's (the mean of the first and last baseline run),
because absolute figures drift on a shared machine.

Exit code 0 when the harness ran (whatever the figures); non-zero only when the harness itself failed.
Run `python devtools/bench/run.py --help` for the options; the Makefile passes SCALE, DB, CLIENTS, DURATION and WORKERS.
"""

# ruff: noqa: S603, S607, S310 - a local harness: fixed commands, loopback URLs only
import argparse
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

# The targets. p95 in milliseconds: city on SQLite, national on PostgreSQL; throughput as a share of the
# baseline's. They are printed against every run; they only bind for the scale and database named here.
P95_TARGET_MS = {"sqlite": 100, "postgres": 200}
P95_TARGET_MS_DASHBOARD = 300
RATIO_TARGET = 0.30
TARGET_RUNS = {("city", "sqlite"), ("national", "postgres")}

LABELS = {
    "baseline": "baseline (no database)",
    "home": "home",
    "calendar_month": "calendar month",
    "organisation": "organisation page",
    "projects": "project list",
    "offerings_filtered": "offerings, filtered",
    "story_book": "story book",
    "programme_dashboard": "programme dashboard",
    "search": "search",
    "api_activities": "API activity list",
}


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


def wrk(url: str, clients: int, duration: int, threads: int) -> dict:
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
        str(LUA),
        url,
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


# ---------------------------------------------------------------------------------------------------------------
# The other benchmarks (report generation, import, search), on a scratch database


def last_json(output: str, bench: str) -> dict | None:
    for line in reversed(output.splitlines()):
        if line.startswith("{"):
            try:
                data = json.loads(line)
            except ValueError:
                continue
            if data.get("bench") == bench:
                return data
    return None


def other_benchmarks(database_url: str) -> dict:
    env = base_env(database_url)
    env["RIMPEL_COLLECTED_STATIC"] = "0"
    figures = {}

    log("bench_report --activities 200 --stories 500 --skip-demo")
    try:
        output = manage(
            ["bench_report", "--activities", "200", "--stories", "500", "--skip-demo"], env, capture=True, timeout=1200
        )
        data = last_json(output, "report") or {}
        figures["report"] = {f"{row['report']}_{row['format']}_s": row["seconds"] for row in data.get("results", [])}
        figures["report"]["programme"] = "synthetic: 200 activities, 500 stories"
    except (HarnessError, subprocess.TimeoutExpired) as error:
        figures["report"] = {"failed": str(error)[:300]}

    log("bench_import --rows 10000 --apply-rows 2000")
    try:
        output = manage(["bench_import", "--rows", "10000", "--apply-rows", "2000"], env, capture=True, timeout=1200)
        dry = re.search(r"^dry run: .*?→ ([\d,]+) rows/s", output, re.M)
        applied = re.search(r"^import: ([\d,]+) rows .*?→ ([\d,]+) rows/s", output, re.M)
        figures["import"] = {
            "dry_run_rows": 10000,
            "dry_run_rows_per_s": int(dry[1].replace(",", "")) if dry else None,
            "import_rows": 2000,
            "import_rows_per_s": int(applied[2].replace(",", "")) if applied else None,
        }
    except (HarnessError, subprocess.TimeoutExpired) as error:
        figures["import"] = {"failed": str(error)[:300]}

    log("bench_search --records 20000 --queries 200")
    try:
        output = manage(["bench_search", "--records", "20000", "--queries", "200"], env, capture=True, timeout=1200)
        data = last_json(output, "search") or {}
        figures["search"] = {
            key: data.get(key) for key in ("entries", "rebuild_s", "queries", "p50_ms", "p95_ms", "max_ms")
        }
    except (HarnessError, subprocess.TimeoutExpired) as error:
        figures["search"] = {"failed": str(error)[:300]}
    return figures


# ---------------------------------------------------------------------------------------------------------------
# Output


def verdict(name: str, row: dict, database: str) -> str:
    if name == "baseline" or "rps" not in row:
        return ""
    limit = P95_TARGET_MS_DASHBOARD if name == "programme_dashboard" else P95_TARGET_MS[database]
    misses = []
    if row["errors"]:
        misses.append("errors")
    if row["p95_ms"] >= limit:
        misses.append(f"p95≥{limit}")
    if row.get("ratio", 0) < RATIO_TARGET:
        misses.append(f"ratio<{RATIO_TARGET:.2f}")
    return "ok" if not misses else "MISS " + ",".join(misses)


def print_table(result: dict) -> None:
    run = result["run"]
    print()
    print(
        f"rimpel bench — scale {run['scale']} on {run['database']}, {run['clients']} clients × "
        f"{run['duration_s']} s per page, gunicorn {run['workers']} workers, {run['cpus']} CPUs, "
        f"page cache {run['page_cache']}, "
        f"commit {run['commit']}"
    )
    print(f"network: {', '.join(f'{v:,} {k}' for k, v in result['network'].items())}")
    binding = (run["scale"], run["database"]) in TARGET_RUNS
    print(
        f"targets (p95 < {P95_TARGET_MS[run['database']]} ms, dashboard < {P95_TARGET_MS_DASHBOARD} ms, ≥ "
        f"{RATIO_TARGET:.0%} of baseline req/s, 0 errors) "
        f"{'apply to this run' if binding else 'are indicative only'}"
    )
    header = (
        f"{'page':<24} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>8} {'ratio':>6} {'errors':>6} "
        f"{'KiB':>6} {'first ms':>8}  verdict"
    )
    print(header)
    print("-" * len(header))
    for row in result["pages"]:
        if "rps" not in row:
            print(f"{LABELS.get(row['name'], row['name']):<24} not loaded: {row.get('skipped')}")
            continue
        ratio = f"{row['ratio']:.2f}" if row.get("ratio") is not None else ""
        print(
            f"{LABELS.get(row['name'], row['name']):<24} {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} "
            f"{row['p99_ms']:>8.1f} {row['rps']:>8.1f} {ratio:>6} {row['errors']:>6} {row.get('kib', 0):>6.0f} "
            f"{row.get('first_ms', 0):>8.0f}  "
            f"{row.get('verdict', '')}"
        )
    base = result["baseline"]
    print(
        f"baseline req/s: first {base['first_rps']:.1f}, last {base['last_rps']:.1f} (drift {base['drift']:+.0%}); "
        "ratio = page req/s ÷ their mean; first ms = the page's first request, rendered without the page cache"
    )
    for row in result["pages"]:
        if row.get("path"):
            print(f"  {row['name']}: {row['path']}")
    others = result.get("other", {})
    if others:
        print("other benchmarks (scratch database, fixed sizes):")
        report = others.get("report", {})
        if "failed" in report:
            print(f"  reports: failed: {report['failed']}")
        elif report:
            times = ", ".join(
                f"{key[:-2].replace('_', ' ')} {value:.2f} s" for key, value in report.items() if key.endswith("_s")
            )
            print(f"  reports ({report.get('programme')}): {times}")
        imported = others.get("import", {})
        if "failed" in imported:
            print(f"  import: failed: {imported['failed']}")
        elif imported:
            print(
                f"  import: dry run {imported['dry_run_rows_per_s']} rows/s ({imported['dry_run_rows']:,} rows), "
                f"import {imported['import_rows_per_s']} rows/s ({imported['import_rows']:,} rows)"
            )
        searched = others.get("search", {})
        if "failed" in searched:
            print(f"  search: failed: {searched['failed']}")
        elif searched:
            print(
                f"  search: {searched['queries']} queries over {searched['entries']:,} entries: p50 "
                f"{searched['p50_ms']} ms, p95 {searched['p95_ms']} ms, max {searched['max_ms']} ms; "
                f"full index rebuild {searched['rebuild_s']} s"
            )
    print()


def git_commit() -> str:
    try:
        return (
            subprocess.run(
                ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10
            ).stdout.strip()
            or "unknown"
        )
    except OSError:
        return "unknown"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["demo", "city", "national"], default="demo")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--duration", type=int, default=60, help="seconds of load per page")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default 2 × CPUs + 1)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--page-cache",
        choices=["on", "off"],
        default="on",
        help="the public page cache, on as in production; off renders every request",
    )
    parser.add_argument("--regenerate", action="store_true", help="generate the network again even when kept")
    parser.add_argument("--pages", help="comma-separated page names to load (default all)")
    parser.add_argument("--no-other", action="store_true", help="skip the report, import and search benchmarks")
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:55433/"),
        help="PostgreSQL server for --db postgres (env BENCH_PG_URL)",
    )
    args = parser.parse_args()

    if not shutil.which("wrk"):
        raise HarnessError("wrk is not installed (make bench installs it: apt-get install wrk)")
    cpus = os.cpu_count() or 1
    workers = args.workers or 2 * cpus + 1
    started = time.monotonic()

    if args.db == "sqlite":
        database_url = sqlite_database(args.scale, args.seed, args.regenerate)
    else:
        database_url = pg_database(args.pg_url, args.scale, args.seed, args.regenerate)
    env = server_env(database_url, page_cache=args.page_cache == "on")
    chosen = json.loads(manage(["bench_pages"], env, capture=True).strip().splitlines()[-1])
    pages = chosen["pages"]
    if args.pages:
        wanted = args.pages.split(",")
        unknown = set(wanted) - set(pages)
        if unknown:
            raise HarnessError(f"unknown pages {sorted(unknown)}; known: {sorted(pages)}")
        pages = {name: path for name, path in pages.items() if name in wanted}
    log("collecting static files")
    manage(["collectstatic", "--no-input", "-v0"], env)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(env, port, workers, VAR / "gunicorn.log")
    rows = []
    try:
        # Warm every worker (imports, templates, caches) and check that each page answers before the load.
        # The first request of a page renders it (nothing is cached yet): its time is the "first ms" column.
        sizes, first_ms = {}, {}
        for name, path in [("baseline", "/bench/baseline/"), *pages.items()]:
            for attempt in range(workers):
                status, body, seconds = fetch(base + path)
                if attempt == 0:
                    first_ms[name] = round(seconds * 1000, 1)
            sizes[name] = (status, len(body))
            if status != 200:
                log(f"warning: {path} answered {status}")
        order = [("baseline", "/bench/baseline/"), *pages.items(), ("baseline", "/bench/baseline/")]
        for name, path in order:
            log(f"wrk {args.clients} clients × {args.duration} s: {path}")
            row = {
                "name": name,
                "path": path,
                "status": sizes[name][0],
                "kib": round(sizes[name][1] / 1024, 1),
                "first_ms": first_ms[name],
            }
            row.update(wrk(base + path, args.clients, args.duration, threads=min(cpus, 4)))
            rows.append(row)
            drain(base)
    finally:
        stop_server(server)

    first, last = rows[0], rows[-1]
    baseline_rps = (first["rps"] + last["rps"]) / 2
    page_rows = [first, *rows[1:-1], {**last, "name": "baseline"}]
    for row in page_rows[1:-1]:
        row["ratio"] = round(row["rps"] / baseline_rps, 3) if baseline_rps else None
        row["verdict"] = verdict(row["name"], row, args.db)

    other = {}
    if not args.no_other:
        scratch = scratch_sqlite() if args.db == "sqlite" else scratch_pg(args.pg_url)
        other = other_benchmarks(scratch)

    result = {
        "bench": "pages",
        "run": {
            "scale": args.scale,
            "database": args.db,
            "clients": args.clients,
            "duration_s": args.duration,
            "workers": workers,
            "cpus": cpus,
            "page_cache": args.page_cache,
            "seed": args.seed,
            "commit": git_commit(),
            "date": dt.datetime.now().isoformat(timespec="seconds"),
            "seconds": round(time.monotonic() - started),
        },
        "network": chosen["counts"],
        "baseline": {
            "first_rps": first["rps"],
            "last_rps": last["rps"],
            "rps": round(baseline_rps, 1),
            "drift": round(last["rps"] / first["rps"] - 1, 3) if first["rps"] else 0.0,
        },
        "pages": page_rows,
        "other": other,
    }
    print_table(result)
    compact = {
        **result,
        "pages": {
            row["name"] if i not in (0, len(page_rows) - 1) else ("baseline_first" if i == 0 else "baseline_last"): {
                k: v for k, v in row.items() if k != "name"
            }
            for i, row in enumerate(page_rows)
        },
    }
    print(json.dumps(compact, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except HarnessError as error:
        log(f"harness failed: {error}")
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
