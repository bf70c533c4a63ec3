"""`make cluster-check`: rimpel on more than one server, shown on loopback (issue 21 §5).

    python devtools/cluster/check.py        # as root (PostgreSQL runs as the postgres user, like .ci/run)

Starts, each in a temporary folder and on a free 127.0.0.1 port: a PostgreSQL 15 cluster (migrated, with the demo
network), Redis with deploy/redis.conf, two gunicorn app servers (A and B, deploy/gunicorn.conf.py, two workers
each) sharing that database and that Redis (RIMPEL_REDIS_URL), a task worker (`manage.py db_worker`) and HAProxy
with deploy/haproxy.cfg in front. Then checks, and prints PASS or FAIL for each:

  1. a write through one server is seen through the other at once: server B serves an organisation's public page
     from the page cache; the coordinator renames the organisation through server A; B's next answer shows the name;
  2. rate limits hold across both: wrong passwords for one user name, sent alternately to A and B, are refused from
     the same attempt as on one server (the 6th: accounts.views.LOGIN_ATTEMPTS_PER_USER is 5);
  3. a job run by the worker is seen through the other server: a password-reset mail requested through A is sent by
     the worker (an .eml file in the mail folder) and shows as sent in the admin's mail list through B;
  4. killing one app server costs only its in-flight requests: 8 clients load pages through HAProxy while server A
     is killed (SIGKILL, master and workers); errors are at most the 8 requests in flight, none once HAProxy has
     taken A out (two failed health checks), and the load goes on through B.

Everything is stopped and removed at the end, also on failure. Exit code 0 when every claim passed.
"""

# ruff: noqa: S603, S607 - fixed commands of a local check
import collections
import contextlib
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from parts import (  # noqa: E402 - a script's sibling
    Browser,
    Claim,
    first_refusal,
    free_port,
    redis_answers,
    start,
    stop,
    wait_for,
)

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
PGBIN = "/usr/lib/postgresql/15/bin"
PER_USER_LIMIT = 5  # accounts.views.LOGIN_ATTEMPTS_PER_USER
LOAD_CLIENTS = 8
LOAD_PAGES = ["/", "/agenda/", "/organisaties/", "/verhalen/", "/api/activities/", "/health"]

SETUP = """
from accounts.models import User
from network.models import Organisation
User.objects.create_superuser("cluster-admin", "cluster-admin@example.org", "{password}")
coordinator = User.objects.get(username="coordinator")
organisation = Organisation.objects.order_by("name").first()
print("SETUP", coordinator.email, organisation.slug, sep="\\t")
"""


def log(message: str) -> None:
    print(f"[cluster {time.strftime('%H:%M:%S')}] {message}", flush=True)


def as_postgres(command: str) -> None:
    prefix = ["su", "postgres", "-c"] if os.geteuid() == 0 else ["sh", "-c"]
    subprocess.run([*prefix, command], check=True, stdout=subprocess.DEVNULL)


def manage(env: dict, *args: str, timeout: float = 600) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout[-2000:]}{result.stderr[-3000:]}")
    return result.stdout


def answers(url: str) -> bool:
    with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
        return response.status == 200


class Cluster:
    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="rimpel-cluster."))
        self.ports = {name: free_port() for name in ("postgres", "redis", "a", "b", "proxy")}
        self.processes: dict[str, subprocess.Popen] = {}
        # A folder of its own outside self.folder (0700, root's): the postgres user owns it.
        self.pgdata = Path(tempfile.mkdtemp(prefix="rimpel-cluster-pg."))
        self.mail = self.folder / "mail"
        self.admin_password = secrets.token_urlsafe(16)

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    def env(self) -> dict:
        env = {key: value for key, value in os.environ.items() if not key.startswith(("RIMPEL_", "DJANGO_"))}
        env.update(
            {
                "DATABASE_URL": f"postgres://postgres@127.0.0.1:{self.ports['postgres']}/rimpel",
                "RIMPEL_REDIS_URL": f"redis://127.0.0.1:{self.ports['redis']}/0",
                "RIMPEL_SECRET_KEY": secrets.token_urlsafe(50),
                "RIMPEL_ATTENDANCE_KEY": secrets.token_urlsafe(50),
                "RIMPEL_ALLOWED_HOSTS": "127.0.0.1",
                "RIMPEL_EMAIL_URL": f"file://{self.mail}",
                "RIMPEL_EMAIL_FROM": "rimpel@example.org",
                "RIMPEL_SITE_URL": self.url("proxy"),
                "RIMPEL_DEBUG": "0",
                # Plain HTTP on loopback: cookies without the Secure flag, or the small browser would not send them.
                "RIMPEL_SECURE_COOKIES": "0",
                "RIMPEL_DB_CONN_MAX_AGE": "60",
                "RIMPEL_TRUSTED_PROXIES": "127.0.0.1",
                "RIMPEL_WORKERS": "2",
                "RIMPEL_LOG_LEVEL": "WARNING",
                "RIMPEL_GUNICORN_LOG_LEVEL": "warning",
                # The load of claim 4 comes from one address; the API's per-address limit would answer it with 429.
                "RIMPEL_API_LIMIT_PER_ADDRESS": "1000000",
            }
        )
        return env

    # --- starting and stopping ---

    def up(self) -> dict:
        env = self.env()
        self.mail.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.pgdata, "postgres")
        port = self.ports["postgres"]
        as_postgres(f"{PGBIN}/initdb -D {self.pgdata} -A trust -U postgres --no-instructions")
        as_postgres(f"{self.pg_ctl()} -w start")
        as_postgres(f"{PGBIN}/createdb -h 127.0.0.1 -p {port} rimpel")
        log(f"PostgreSQL 15 on 127.0.0.1:{port}")
        self.processes["redis"] = start(
            [
                "redis-server",
                str(ROOT / "deploy/redis.conf"),
                "--port",
                str(self.ports["redis"]),
                "--dir",
                str(self.folder),
            ],
            self.folder / "redis.log",
        )
        wait_for(lambda: redis_answers(self.ports["redis"]), "Redis", 20)
        log(f"Redis on 127.0.0.1:{self.ports['redis']} (deploy/redis.conf)")
        log("migrate and load_demo (about two minutes)")
        manage(env, "migrate", "--no-input", "-v0")
        manage(env, "load_demo", "--demo-users", "-v0")
        setup = next(
            line
            for line in manage(env, "shell", "-c", SETUP.format(password=self.admin_password)).splitlines()
            if line.startswith("SETUP")
        )
        _, coordinator_email, organisation = setup.split("\t")
        for name in ("a", "b"):
            self.processes[name] = start(
                [GUNICORN, "-c", "deploy/gunicorn.conf.py", "rimpel.wsgi"],
                self.folder / f"gunicorn-{name}.log",
                env={**env, "RIMPEL_BIND": f"127.0.0.1:{self.ports[name]}"},
                cwd=ROOT,
            )
        self.processes["worker"] = start(
            [PYTHON, "manage.py", "db_worker"], self.folder / "worker.log", env=env, cwd=ROOT
        )
        for name in ("a", "b"):
            wait_for(lambda name=name: answers(self.url(name) + "/health"), f"app server {name.upper()}", 90)
        proxy_env = {
            **os.environ,
            "RIMPEL_PROXY_BIND": f"127.0.0.1:{self.ports['proxy']}",
            "RIMPEL_APP_A": f"127.0.0.1:{self.ports['a']}",
            "RIMPEL_APP_B": f"127.0.0.1:{self.ports['b']}",
        }
        self.processes["proxy"] = start(
            ["haproxy", "-db", "-f", str(ROOT / "deploy/haproxy.cfg")], self.folder / "haproxy.log", env=proxy_env
        )
        wait_for(lambda: answers(self.url("proxy") + "/health"), "HAProxy", 20)
        log(
            f"app servers A {self.url('a')} and B {self.url('b')} (gunicorn, 2 workers each), a db_worker, "
            f"HAProxy {self.url('proxy')} (deploy/haproxy.cfg)"
        )
        return {"coordinator_email": coordinator_email, "organisation": organisation}

    def pg_ctl(self) -> str:
        options = f"-c listen_addresses=127.0.0.1 -p {self.ports['postgres']} -k {self.pgdata}"
        return f"{PGBIN}/pg_ctl -D {self.pgdata} -o '{options}' -l {self.pgdata}/postgres.log"

    def down(self, keep: bool = False) -> None:
        for name in ("proxy", "a", "b", "worker", "redis"):
            stop(self.processes.get(name))
        subprocess.run(
            ["su", "postgres", "-c", f"{PGBIN}/pg_ctl -D {self.pgdata} -m immediate stop"]
            if os.geteuid() == 0
            else ["sh", "-c", f"{PGBIN}/pg_ctl -D {self.pgdata} -m immediate stop"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if keep:
            log(f"logs kept in {self.folder} and {self.pgdata}/postgres.log")
        else:
            shutil.rmtree(self.folder, ignore_errors=True)
            shutil.rmtree(self.pgdata, ignore_errors=True)

    # --- the claims ---

    def write_seen_through_the_other(self, organisation: str) -> Claim:
        page = f"/organisaties/{organisation}/"
        visitor = Browser("192.0.2.11")
        visitor.request(self.url("b") + page)
        _, before = visitor.request(self.url("b") + page)  # from the page cache now
        name = f"Bibliotheek Cluster {secrets.token_hex(3)}"
        editor = Browser("192.0.2.12")
        logged_in = editor.log_in(self.url("a"), "coordinator", "rimpel-demo")
        saved = editor.post_form(self.url("a") + page + "bewerken/", "name", name=name)
        started = time.monotonic()
        status, after = visitor.request(self.url("b") + page)
        seconds = time.monotonic() - started
        _, through_proxy = Browser("192.0.2.13").request(self.url("proxy") + page)
        passed = logged_in == 302 and saved == 302 and name not in before and name in after and name in through_proxy
        return Claim(
            "a write through one server is seen through the other at once",
            passed,
            f"login on A {logged_in}, rename on A {saved}; B's page before: old name; B's next answer "
            f"({status}, {seconds * 1000:.0f} ms later): {'new name' if name in after else 'STALE'}; "
            f"through HAProxy: {'new name' if name in through_proxy else 'STALE'}",
        )

    def rate_limit_across_both(self) -> Claim:
        def attempts(servers: list[str], address: str) -> list[int]:
            guesser = Browser(address)
            return [
                guesser.log_in(self.url(servers[n % len(servers)]), "redacteur", f"wrong-{n}")
                for n in range(PER_USER_LIMIT + 3)
            ]

        one = attempts(["a"], "198.51.100.21")
        both = attempts(["a", "b"], "198.51.100.22")
        refused_one, refused_both = first_refusal(one), first_refusal(both)
        return Claim(
            "rate limits hold across both servers",
            refused_one == refused_both == PER_USER_LIMIT + 1,
            f"wrong passwords on A alone: {one} → refused from attempt {refused_one}; alternately A, B, A, …: "
            f"{both} → refused from attempt {refused_both} (limit {PER_USER_LIMIT})",
        )

    def job_seen_through_the_other(self, email: str) -> Claim:
        requester = Browser("198.51.100.31")
        status = requester.post_form(self.url("a") + "/account/wachtwoord-vergeten/", "email", email=email)
        support = Browser("198.51.100.32")
        logged_in = support.log_in(self.url("b"), "cluster-admin", self.admin_password)
        listed, files = "", []

        def sent() -> bool:
            nonlocal listed, files
            files = list(self.mail.glob("*"))
            listed = support.request(self.url("b") + "/beheer/systeem/core/outgoingmail/?status__exact=sent")[1]
            return bool(files) and email in listed

        started = time.monotonic()
        with contextlib.suppress(RuntimeError):  # not within a minute: the claim fails below
            wait_for(sent, "the mail", 60)
        seconds = time.monotonic() - started
        passed = status == 302 and logged_in == 302 and bool(files) and email in listed
        return Claim(
            "a job run by the worker is seen through the other server",
            passed,
            f"reset requested on A ({status}); the worker wrote {len(files)} mail file(s); the admin's list of sent "
            f"mails on B {'shows' if email in listed else 'does NOT show'} it ({seconds:.1f} s after the request)",
        )

    def kill_one_server(self) -> Claim:
        results: list[tuple[float, float, object]] = []  # (start, end, status or error name)
        lock = threading.Lock()
        stop_load = threading.Event()

        def load(offset: int) -> None:
            n = offset
            while not stop_load.is_set():
                path = LOAD_PAGES[n % len(LOAD_PAGES)]
                n += 1
                began = time.monotonic()
                try:
                    with urllib.request.urlopen(self.url("proxy") + path, timeout=30) as response:  # noqa: S310
                        response.read()
                        outcome: object = response.status
                except urllib.error.HTTPError as error:
                    outcome = error.code
                except OSError as error:
                    outcome = type(error).__name__
                with lock:
                    results.append((began, time.monotonic(), outcome))

        threads = [threading.Thread(target=load, args=(n,)) for n in range(LOAD_CLIENTS)]
        for thread in threads:
            thread.start()
        time.sleep(5)
        killed_at = time.monotonic()
        os.killpg(self.processes["a"].pid, signal.SIGKILL)
        self.processes["a"].wait()
        time.sleep(8)
        stop_load.set()
        for thread in threads:
            thread.join()

        def failed(outcome: object) -> bool:
            return not isinstance(outcome, int) or outcome >= 500

        errors = [(began, ended, outcome) for began, ended, outcome in results if failed(outcome)]
        in_flight = sum(1 for began, ended, _ in results if began < killed_at < ended)
        late = [e for e in errors if e[0] > killed_at + 3]  # HAProxy takes A out within two seconds
        after = sum(1 for began, _, _ in results if began > killed_at + 3)
        kinds = collections.Counter(str(outcome) for _, _, outcome in errors)
        return Claim(
            "killing one app server costs only its in-flight requests",
            len(errors) <= LOAD_CLIENTS and not late and after > 0,
            f"{len(results)} requests by {LOAD_CLIENTS} clients through HAProxy, A killed after 5 s: "
            f"{len(errors)} errors {dict(kinds) or ''} ({in_flight} requests were in flight at the kill); "
            f"{after} requests from 3 s after the kill on, {len(late)} of them failed",
        )


def main() -> int:
    for binary in ("redis-server", "haproxy", f"{PGBIN}/initdb"):
        if not shutil.which(binary):
            print(f"FAIL: {binary} is not installed (make cluster-check installs redis-server, haproxy, postgresql)")
            return 2
    cluster = Cluster()
    claims: list[Claim] = []
    try:
        found = cluster.up()
        for check in (
            lambda: cluster.write_seen_through_the_other(found["organisation"]),
            cluster.rate_limit_across_both,
            lambda: cluster.job_seen_through_the_other(found["coordinator_email"]),
            cluster.kill_one_server,
        ):
            claim = check()
            claims.append(claim)
            print(claim.line(), flush=True)
    except Exception as error:  # noqa: BLE001 - the check reports any failure to start as a FAIL
        claims.append(Claim("the cluster started", False, str(error)[-3000:]))
        print(claims[-1].line())
    finally:
        cluster.down(keep=not all(claim.passed for claim in claims))
    passed = sum(claim.passed for claim in claims)
    print(f"{passed} of {len(claims)} claims passed: {'PASS' if passed == len(claims) == 4 else 'FAIL'}")
    return 0 if passed == len(claims) == 4 else 1


if __name__ == "__main__":
    sys.exit(main())
