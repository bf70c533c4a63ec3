"""`make bench BENCH_ARGS=--mixed`: the key pages under a realistic load (issue 21 §6).

Per key page, for `duration` seconds: the clients load it at once, a fifth of them logged in (a coordinator and
editors: wrk with mixed.lua sends their session cookies, made by `manage.py bench_mixed --sessions`), the others as
visitors; meanwhile a side process writes once a second throughout (`manage.py bench_mixed --writes`: a story, an
activity edit, an offer of help, in turn), so the page cache is renewed as on a busy network. Runs with the page
cache on and off, and prints p50/p95 per page for visitors and for the logged-in, with the errors.
"""

# ruff: noqa: S603, S607 - a local harness: fixed commands, loopback URLs only
import json
import signal
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from harness import PYTHON, ROOT, VAR, drain, fetch, free_port, log, manage, server_env, start_server, stop_server, wrk

MIXED_LUA = Path(__file__).resolve().parent / "mixed.lua"
SESSIONS = 5  # a coordinator and four editors
P95_TARGET_MS = 150  # city on SQLite, every key page, 0 errors


def split(clients: int) -> tuple[int, int]:
    """(visitors, logged in): a fifth logged in, at least one of each."""
    logged_in = max(1, round(clients / 5))
    return clients - logged_in, logged_in


def run_mixed(database_url: str, pages: dict[str, str], clients: int, duration: int, workers: int, cpus: int) -> dict:
    visitors, logged_in = split(clients)
    results = {}
    for page_cache in ("on", "off"):
        env = server_env(database_url, page_cache=page_cache == "on")
        keys = json.loads(manage(["bench_mixed", "--sessions", str(SESSIONS)], env, capture=True).splitlines()[-1])
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_server(env, port, workers, VAR / f"gunicorn-mixed-{page_cache}.log")
        seconds = len(pages) * (duration + 15) + 60
        writer = subprocess.Popen(
            [PYTHON, "manage.py", "bench_mixed", "--writes", str(seconds)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        rows = {}
        try:
            for name, path in pages.items():
                for attempt in range(workers):  # warm every worker; check the logged-in answer too
                    status, _body, _seconds = fetch(base + path, {"Cookie": f"sessionid={keys[attempt % len(keys)]}"})
                    fetch(base + path)
                if status != 200:
                    log(f"warning: {path} answered {status} when logged in")
                log(
                    f"mixed, page cache {page_cache}: {visitors} visitors + {logged_in} logged in, {duration} s: {path}"
                )
                threads = max(1, min(cpus, 4) // 2)
                rows[name] = both_loads(base + path, visitors, logged_in, duration, threads, keys)
                drain(base)
        finally:
            stop_server(server)
            writer.send_signal(signal.SIGINT)  # bench_mixed stops writing and prints what it wrote
            output, _ = writer.communicate(timeout=60)
        writes = next((json.loads(line) for line in reversed(output.splitlines()) if line.startswith("{")), {})
        results[page_cache] = {"pages": rows, "writes": writes.get("writes", "stopped before its summary")}
    return results


def both_loads(url: str, visitors: int, logged_in: int, duration: int, threads: int, keys: list[str]) -> dict:
    """The visitors' and the logged-in users' loads on one page at the same time."""
    with ThreadPoolExecutor(2) as pool:
        anonymous = pool.submit(wrk, url, visitors, duration, threads, MIXED_LUA)
        users = pool.submit(wrk, url, logged_in, duration, 1, MIXED_LUA, tuple(keys))
        return {"visitors": anonymous.result(), "logged_in": users.result()}


def print_mixed(result: dict, scale: str, database: str, clients: int, duration: int, workers: int) -> None:
    visitors, logged_in = split(clients)
    print()
    print(
        f"rimpel bench, mixed — scale {scale} on {database}, {visitors} visitors + {logged_in} logged in × "
        f"{duration} s per page, one write a second throughout, gunicorn {workers} workers; "
        f"target p95 < {P95_TARGET_MS} ms, 0 errors"
    )
    for page_cache, run in result.items():
        print(f"\npage cache {page_cache}; writes done: {run['writes']}")
        header = (
            f"{'page':<22} {'visitor p50':>11} {'p95':>7} {'logged-in p50':>13} {'p95':>7} {'req/s':>7} {'errors':>6}"
            "  verdict"
        )
        print(header)
        print("-" * len(header))
        for name, row in run["pages"].items():
            a, u = row["visitors"], row["logged_in"]
            errors = a["errors"] + u["errors"]
            worst = max(a["p95_ms"], u["p95_ms"])
            verdict = "ok" if not errors and worst < P95_TARGET_MS else "MISS"
            print(
                f"{name:<22} {a['p50_ms']:>11.1f} {a['p95_ms']:>7.1f} {u['p50_ms']:>13.1f} {u['p95_ms']:>7.1f} "
                f"{a['rps'] + u['rps']:>7.1f} {errors:>6}  {verdict}"
            )
