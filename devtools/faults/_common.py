"""Shared helpers for the fault scripts: a throw-away SQLite database under a temp dir, manage.py runs against it."""

import os
import secrets
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
# Tables whose row counts must not change when an import dies half-way.
TABLES = [
    "activities_activity",
    "network_organisation",
    "network_organisationalias",
    "search_searchentry",
    "stories_story",
]


def temp_environment(prefix: str) -> tuple[Path, dict]:
    """A temp dir holding the database, and the environment of a production-like run against it (never var/)."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": f"sqlite:///{folder / 'rimpel.sqlite3'}",
            "DJANGO_SETTINGS_MODULE": "rimpel.settings",
            "RIMPEL_DEBUG": "0",
            "RIMPEL_SECRET_KEY": secrets.token_urlsafe(50),
            "RIMPEL_ALLOWED_HOSTS": "127.0.0.1",
            "RIMPEL_EMAIL_URL": "console:",  # a production server wants mail settings (core.startup)
            "RIMPEL_EMAIL_FROM": "rimpel@example.org",
        }
    )
    return folder, env


def manage(env: dict, *args: str, timeout: float = 120) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    return result.stdout


def database(folder: Path) -> Path:
    return folder / "rimpel.sqlite3"


def counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path, timeout=30) as connection:
        return {table: connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] for table in TABLES}


def integrity(path: Path) -> str:
    with sqlite3.connect(path, timeout=30) as connection:
        return "; ".join(row[0] for row in connection.execute("PRAGMA integrity_check"))


def verdict(ok: bool, why: str) -> None:
    print(("PASS" if ok else "FAIL") + f": {why}")
    sys.exit(0 if ok else 1)
