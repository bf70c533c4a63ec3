"""The pieces of `make cluster-check` (check.py): free ports, services started and stopped as process groups, a
small browser (cookies, CSRF, forms sent as the page filled them in) and the verdicts. Tested in
devtools/tests/test_cluster.py; the script itself takes minutes and stays out of the test run."""

# ruff: noqa: S310, S603 - loopback URLs and fixed commands only
import http.cookiejar
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(command: list[str], log: Path, env: dict | None = None, cwd: Path | None = None) -> subprocess.Popen:
    """A service in a process group of its own, so stopping it stops its workers too."""
    handle = open(log, "w")  # noqa: SIM115 - open for the service's life
    return subprocess.Popen(command, cwd=cwd, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)


def stop(process: subprocess.Popen | None, sig: int = signal.SIGTERM) -> None:
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, sig)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def wait_for(probe, what: str, seconds: float = 60) -> None:
    """Call `probe()` until it is true; raise with `what` after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if probe():
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not come up within {seconds:.0f} s")


def redis_answers(port: int) -> bool:
    with socket.create_connection(("127.0.0.1", port), timeout=1) as connection:
        connection.sendall(b"PING\r\n")
        return connection.recv(16).startswith(b"+PONG")


class FormParser(HTMLParser):
    """The fields of the forms on a page as a browser would send them: inputs with their values (checked boxes
    only), selected options, textareas; per form, by its action."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "method": a.get("method", "get").lower(), "fields": []})
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            if kind not in {"submit", "button", "file", "image", "reset"}:
                fields.append((a["name"], a.get("value", "on" if kind in {"checkbox", "radio"} else "")))
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            fields.append((self._select, a.get("value", "")))
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            fields.append((a["name"], ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea and self.forms:
            fields = self.forms[-1]["fields"]
            name, text = fields[-1]
            fields[-1] = (name, text + data)


def form_fields(html: str, containing: str) -> list[tuple[str, str]]:
    """The fields of the first POST form on the page that has a field named `containing`."""
    parser = FormParser()
    parser.feed(html)
    for form in parser.forms:
        if form["method"] == "post" and any(name == containing for name, _ in form["fields"]):
            return form["fields"]
    raise LookupError(f"no POST form with a field {containing!r}")


def replaced(fields: list[tuple[str, str]], **values: str) -> list[tuple[str, str]]:
    return [(name, values.get(name, value)) for name, value in fields]


@dataclass
class Browser:
    """One visitor: its own cookies, and the client address the proxy would pass on (X-Forwarded-For; the servers
    trust it from 127.0.0.1, RIMPEL_TRUSTED_PROXIES), so each claim counts its own rate limits."""

    address: str
    jar: http.cookiejar.CookieJar = field(default_factory=http.cookiejar.CookieJar)

    def __post_init__(self) -> None:
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())

    def request(self, url: str, data: list[tuple[str, str]] | None = None, timeout: float = 30) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, headers={"X-Forwarded-For": self.address})
        if body is not None:
            request.add_header("Referer", url)
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return response.status, response.read().decode(errors="replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def csrf(self) -> str:
        return next((cookie.value for cookie in self.jar if cookie.name == "csrftoken"), "")

    def post_form(self, url: str, containing: str, **values: str) -> int:
        """Open the page, fill in its form as it is, change `values`, and send it: the status of the answer."""
        status, page = self.request(url)
        if status != 200:
            raise RuntimeError(f"GET {url} answered {status}")
        return self.request(url, replaced(form_fields(page, containing), **values))[0]

    def log_in(self, base: str, username: str, password: str) -> int:
        return self.post_form(f"{base}/account/inloggen/", "username", username=username, password=password)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Answers as they are: a 302 after a login or a saved form is the outcome to check."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: ANN001, ANN201, PLR0913 - urllib's hook
        return None


def first_refusal(statuses: list[int], refused: int = 429) -> int | None:
    """The number (1-based) of the first attempt that was refused, or None."""
    return next((number for number, status in enumerate(statuses, 1) if status == refused), None)


@dataclass
class Claim:
    name: str
    passed: bool
    detail: str

    def line(self) -> str:
        return f"{'PASS' if self.passed else 'FAIL'}: {self.name} — {self.detail}"
