"""`make bench BENCH_ARGS=--mixed`: the key pages under a realistic load (issue 21 §6).

Per key page, for `duration` seconds: the clients load it at once, a fifth of them logged in (a coordinator and
editors: wrk with mixed.lua sends their session cookies, made by `manage.py bench_mixed --sessions`), the others as
visitors; meanwhile a side process writes once a second throughout (`manage.py bench_mixed --writes`: a story, an
activity edit, an offer of help, in turn), so the page cache is renewed as on a busy network. Runs with the page
cache on and off, and prints p50/p95 per page for visitors and for the logged-in, with the errors.

`--servers 2` starts two gunicorn app servers behind HAProxy (deploy/haproxy.cfg, as `make cluster-check` and
docs/deploy.md run it) and loads the proxy; `--redis` starts a redis-server (deploy/redis.conf) and gives the
servers and the writer RIMPEL_REDIS_URL, so the page cache, the cached blocks and the rate limits are shared there
instead of in the database cache.
"""

# ruff: noqa: S603, S607 - a local harness: fixed commands, loopback URLs only
import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from harness import (
    PYTHON,
    ROOT,
    VAR,
    HarnessError,
    drain,
    fetch,
    free_port,
    log,
    manage,
    server_env,
    start_server,
    stop_server,
    wrk,
)

sys.path.insert(0, str(ROOT / "devtools" / "cluster"))
from parts import redis_answers, start, stop, wait_for  # noqa: E402 - the cluster check's sibling module

MIXED_LUA = Path(__file__).resolve().parent / "mixed.lua"
SESSIONS = 5  # a coordinator and four editors
P95_TARGET_MS = 150  # city on SQLite, every key page, 0 errors


def split(clients: int) -> tuple[int, int]:
    """(visitors, logged in): a fifth logged in, at least one of each."""
    logged_in = max(1, round(clients / 5))
    return clients - logged_in, logged_in


@contextlib.contextmanager
def redis_server(wanted: bool) -> Iterator[str]:
    """A throwaway redis-server with the deployment's settings; yields its URL ("" when not wanted)."""
    if not wanted:
        yield ""
        return
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="rimpel-bench-redis-") as folder:
        process = start(
            ["redis-server", str(ROOT / "deploy/redis.conf"), "--port", str(port), "--dir", folder],
            VAR / "redis-mixed.log",
        )
        try:
            wait_for(lambda: redis_answers(port), "Redis", 20)
            log(f"Redis on 127.0.0.1:{port} (deploy/redis.conf)")
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            stop(process)


@contextlib.contextmanager
def app_servers(env: dict, servers: int, workers: int, label: str) -> Iterator[str]:
    """One gunicorn, or several behind HAProxy (deploy/haproxy.cfg); yields the base URL to load."""
    ports = [free_port() for _ in range(servers)]
    started = []
    proxy = None
    try:
        for index, port in enumerate(ports):
            started.append(start_server(env, port, workers, VAR / f"gunicorn-mixed-{label}-{index}.log"))
        if servers == 1:
            yield f"http://127.0.0.1:{ports[0]}"
            return
        proxy_port = free_port()
        proxy_env = {
            **os.environ,
            "RIMPEL_PROXY_BIND": f"127.0.0.1:{proxy_port}",
            "RIMPEL_APP_A": f"127.0.0.1:{ports[0]}",
            "RIMPEL_APP_B": f"127.0.0.1:{ports[1]}",
        }
        proxy = start(["haproxy", "-db", "-f", str(ROOT / "deploy/haproxy.cfg")], VAR / "haproxy-mixed.log", proxy_env)
        base = f"http://127.0.0.1:{proxy_port}"
        wait_for(lambda: fetch(base + "/health")[0] == 200, "HAProxy", 20)
        log(f"HAProxy on {base} in front of {servers} app servers (deploy/haproxy.cfg)")
        yield base
    finally:
        stop(proxy)
        for server in started:
            stop_server(server)


def run_mixed(
    database_url: str,
    pages: dict[str, str],
    clients: int,
    duration: int,
    workers: int,
    cpus: int,
    servers: int = 1,
    redis: bool = False,
) -> dict:
    if servers not in (1, 2):
        raise HarnessError("--servers is 1 or 2 (deploy/haproxy.cfg names two app servers)")
    visitors, logged_in = split(clients)
    results = {}
    with redis_server(redis) as redis_url:
        for page_cache in ("on", "off"):
            env = server_env(database_url, page_cache=page_cache == "on")
            if redis_url:
                env["RIMPEL_REDIS_URL"] = redis_url
            with app_servers(env, servers, workers, page_cache) as base:
                results[page_cache] = load_pages(env, base, pages, visitors, logged_in, duration, workers, cpus)
    return results


def load_pages(
    env: dict, base: str, pages: dict[str, str], visitors: int, logged_in: int, duration: int, workers: int, cpus: int
) -> dict:
    """Each page under the mixed load while a side process writes once a second."""
    page_cache = "off" if env["RIMPEL_PAGE_CACHE_SECONDS"] == "0" else "on"
    keys = json.loads(manage(["bench_mixed", "--sessions", str(SESSIONS)], env, capture=True).splitlines()[-1])
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
            log(f"mixed, page cache {page_cache}: {visitors} visitors + {logged_in} logged in, {duration} s: {path}")
            threads = max(1, min(cpus, 4) // 2)
            rows[name] = both_loads(base + path, visitors, logged_in, duration, threads, keys)
            drain(base)
    finally:
        writer.send_signal(signal.SIGINT)  # bench_mixed stops writing and prints what it wrote
        output, _ = writer.communicate(timeout=60)
    writes = next((json.loads(line) for line in reversed(output.splitlines()) if line.startswith("{")), {})
    return {"pages": rows, "writes": writes.get("writes", "stopped before its summary")}


def both_loads(url: str, visitors: int, logged_in: int, duration: int, threads: int, keys: list[str]) -> dict:
    """The visitors' and the logged-in users' loads on one page at the same time."""
    with ThreadPoolExecutor(2) as pool:
        anonymous = pool.submit(wrk, url, visitors, duration, threads, MIXED_LUA)
        users = pool.submit(wrk, url, logged_in, duration, 1, MIXED_LUA, tuple(keys))
        return {"visitors": anonymous.result(), "logged_in": users.result()}


def print_mixed(
    result: dict, scale: str, database: str, clients: int, duration: int, workers: int, servers: int, redis: bool
) -> None:
    visitors, logged_in = split(clients)
    servers_text = (
        f"{servers} app servers behind HAProxy, {workers} gunicorn workers each"
        if servers > 1
        else (f"gunicorn {workers} workers")
    )
    cache_text = "Redis" if redis else "the database cache"
    print()
    print(
        f"rimpel bench, mixed — scale {scale} on {database}, {visitors} visitors + {logged_in} logged in × "
        f"{duration} s per page, one write a second throughout, {servers_text}, shared cache in {cache_text}; "
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
