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
This script runs the steps; harness.py holds the machinery (databases, server, wrk) and results.py the targets and
the table, imported as siblings (a script's folder is on sys.path).
"""

# ruff: noqa: S603, S607, S310 - a local harness: fixed commands, loopback URLs only
import argparse
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import time

from harness import (
    ROOT,
    VAR,
    HarnessError,
    base_env,
    drain,
    fetch,
    free_port,
    log,
    manage,
    pg_database,
    scratch_pg,
    scratch_sqlite,
    server_env,
    sqlite_database,
    start_server,
    stop_server,
    wrk,
)
from mixed import print_mixed, run_mixed
from results import print_table, verdict

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
    parser.add_argument(
        "--workers", type=int, default=None, help="gunicorn workers per app server (default 2 × CPUs + 1 in all)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--page-cache",
        choices=["on", "off"],
        default="on",
        help="the public page cache, on as in production; off renders every request",
    )
    parser.add_argument(
        "--mixed",
        action="store_true",
        help="a fifth of the clients logged in and one write a second, page cache on and off (mixed.py)",
    )
    parser.add_argument(
        "--servers", type=int, default=1, help="--mixed only: 1, or 2 app servers behind HAProxy (deploy/haproxy.cfg)"
    )
    parser.add_argument(
        "--redis", action="store_true", help="--mixed only: a redis-server as the shared cache (RIMPEL_REDIS_URL)"
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
    # 2 × CPUs + 1 workers on the machine, shared out among the app servers.
    workers = args.workers or -(-(2 * cpus + 1) // args.servers)
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
    if args.mixed:
        mixed = run_mixed(database_url, pages, args.clients, args.duration, workers, cpus, args.servers, args.redis)
        print_mixed(mixed, args.scale, args.db, args.clients, args.duration, workers, args.servers, args.redis)
        run = {
            "scale": args.scale,
            "database": args.db,
            "clients": args.clients,
            "duration_s": args.duration,
            "servers": args.servers,
            "redis": args.redis,
        }
        print(json.dumps({"bench": "mixed", "run": {**run, "workers": workers, "commit": git_commit()}, **mixed}))
        return 0

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
