"""Helpers for the tests against Redis: a real redis-server on a free loopback port, and the CACHES that
rimpel/settings.py makes with RIMPEL_REDIS_URL."""

import shutil
import socket
import subprocess
import time

REDIS = shutil.which("redis-server")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_redis(folder, port: int | None = None) -> tuple[subprocess.Popen, str]:
    """A redis-server on a loopback port (a free one unless given), answering PING; with its URL."""
    port = port or free_port()
    server = subprocess.Popen(
        [REDIS, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as probe:
                probe.sendall(b"PING\r\n")
                if probe.recv(16).startswith(b"+PONG"):
                    return server, f"redis://127.0.0.1:{port}/0"
        except OSError:
            if time.monotonic() > deadline:
                server.kill()
                raise
            time.sleep(0.05)


def redis_caches(url: str) -> dict:
    """CACHES as rimpel/settings.py makes them with RIMPEL_REDIS_URL=url."""
    default = {
        "BACKEND": "core.cache_backends.ResilientRedisCache",
        "LOCATION": url,
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
    return {
        "default": default,
        "pages": {**default, "KEY_PREFIX": "pages"},
        "template_fragments": {"BACKEND": "core.cache_backends.RenderLockCache", "LOCATION": "default"},
    }
