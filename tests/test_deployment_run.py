"""What docker compose runs, run on the host (SECURITY.md, “Deployment”).

No container engine runs here, so the processes compose starts are started the same way:
deploy/entrypoint.sh with each service's command from docker-compose.yml, configured by
.env.example's variables as a user fills them in, against PostgreSQL 15 at 127.0.0.1:5432 when
it answers (else the server the suite uses), in a database of their own. The site answers its
health check, an administrator logs in through a TLS proxy's X-Forwarded-Proto, a page is saved
and re-fetched by the worker, a full search box gets through gunicorn, and both stop cleanly.
"""

import http.client
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.parse
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from articles.search import MAX_QUERY_LENGTH
from tests.pages import article_html
from tests.test_deployment import ENTRYPOINT, compose, documented
from tests.webserver import page

ROOT = Path(__file__).resolve().parent.parent
PG15 = "postgresql://postgres@127.0.0.1:5432/postgres"
HOST = "reader.example.org"  # .env.example's ALLOWED_HOSTS
ADMIN_PASSWORD = secrets.token_urlsafe(16)


def server_url() -> str:
    """A maintenance database URL: PostgreSQL 15 if it answers, else the suite's server."""
    try:
        psycopg.connect(PG15, connect_timeout=3).close()
        return PG15
    except psycopg.OperationalError:
        db = connection.settings_dict
        query = urllib.parse.urlencode({"host": db["HOST"]}) if db["HOST"].startswith("/") else ""
        netloc = "" if query else f"{db['HOST']}:{db['PORT'] or 5432}"
        return f"postgresql://{db['USER']}:{db['PASSWORD'] or ''}@{netloc}/postgres?{query}"


@pytest.fixture(scope="module")
def database_url():
    # Named after the suite's test database, so engineers sharing a server never collide.
    name = f"{connection.settings_dict['NAME']}_deploy"[:60]
    maintenance = server_url()
    with psycopg.connect(maintenance, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    parts = urllib.parse.urlsplit(maintenance)
    yield urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))
    with psycopg.connect(maintenance, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def configured(database_url, _webserver):
    """.env.example as a user fills it in, plus what this machine needs (a loopback port, and
    the local page server as an allowed intranet)."""
    env = {name: value for name, value in documented().items() if value}
    port = free_port()
    env |= {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": database_url,
        "PORT": str(port),
        "TRUST_X_FORWARDED_PROTO": "true",  # behind the TLS proxy the README asks for
        "ADMIN_PASSWORD": ADMIN_PASSWORD,
        "FETCH_ALLOWED_PRIVATE": "127.0.0.1",
        "FETCH_ALLOWED_PORTS": f"80,443,{_webserver.port}",
        "GUNICORN_CMD_ARGS": f"--bind 127.0.0.1:{port}",  # loopback only, on a shared machine
        "PATH": f"{ROOT / '.venv' / 'bin'}:{os.environ['PATH']}",
        "HOME": os.environ.get("HOME", "/tmp"),
        "LANG": "C.UTF-8",
    }
    # The image collects the static files when it is built.
    subprocess.run(
        ["python", "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT, env=env, check=True, timeout=300,
    )  # fmt: skip
    return env


def entrypoint(*arguments: str) -> list[str]:
    return [str(ROOT / ENTRYPOINT.removeprefix("/app/")), *arguments]


@contextmanager
def service(name: str, env: dict, log: Path):
    """Start a compose service's command through the entrypoint; stop it as compose does."""
    command = compose()["services"][name]["command"]
    with log.open("w") as out:
        process = subprocess.Popen(
            entrypoint(*command), cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)  # docker stop
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def healthy(name: str, env: dict) -> bool:
    test = compose()["services"][name]["healthcheck"]["test"]
    assert test[0] == "CMD" and test[1] == ENTRYPOINT
    result = subprocess.run(
        entrypoint(*test[2:]), cwd=ROOT, env=env, capture_output=True, timeout=60
    )
    return result.returncode == 0


def wait_until_healthy(name: str, env: dict, process, log: Path, seconds: int = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{name} stopped: {log.read_text()[-3000:]}")
        if healthy(name, env):
            return
        time.sleep(1)
    pytest.fail(f"{name} was not healthy within {seconds} s: {log.read_text()[-3000:]}")


class Browser:
    """Just enough of a browser behind a TLS proxy: cookies, CSRF tokens, X-Forwarded-Proto."""

    def __init__(self, port: int, https: bool = True):
        self.port, self.https, self.cookies = port, https, {}

    def request(self, method: str, path: str, form: dict | None = None):
        headers = {"Host": HOST}
        if self.https:
            headers |= {"X-Forwarded-Proto": "https", "Origin": f"https://{HOST}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            form = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **form}
            body = urllib.parse.urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode(errors="replace")
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response, text

    def get(self, path: str):
        return self.request("GET", path)

    def post(self, path: str, form: dict):
        return self.request("POST", path, form)


def test_the_site_and_the_worker_run_as_compose_runs_them(configured, _webserver, tmp_path):
    _webserver.reset()
    _webserver.routes["/story"] = page(article_html("Deployed and Saved"))
    env, port = configured, int(configured["PORT"])
    with service("web", env, tmp_path / "web.log") as web:
        wait_until_healthy("web", env, web, tmp_path / "web.log")
        with service("worker", env, tmp_path / "worker.log") as worker:
            browser = Browser(port)
            # A plain-HTTP request goes to HTTPS; one the proxy says came over HTTPS is served.
            response, _ = Browser(port, https=False).get("/login/")
            assert (response.status, response.getheader("Location")) == (
                301, f"https://{HOST}/login/"
            )  # fmt: skip
            response, html = browser.get("/login/")
            assert response.status == 200 and "csrftoken" in browser.cookies
            assert "'unsafe-inline'" not in response.getheader("Content-Security-Policy")
            response, _ = browser.post("/login/", {"username": "admin", "password": ADMIN_PASSWORD})
            assert (response.status, response.getheader("Location")) == (302, "/")
            assert "sessionid" in browser.cookies

            response, _ = browser.post("/add/", {"url": _webserver.url("/story"), "tags": "ops"})
            assert response.status == 302, response.status
            article = wait_for_article(env["DATABASE_URL"], "Deployed and Saved")
            response, html = browser.get(f"/articles/{article}/")
            assert response.status == 200 and "Deployed and Saved" in html

            # The worker: a re-fetch asked for in the admin is done in the background.
            requests_before = len(_webserver.requests)
            response, _ = browser.post(
                "/admin/articles/article/",
                {"action": "refetch_action", "_selected_action": [article], "index": "0"},
            )
            assert response.status == 302
            wait_for(lambda: len(_webserver.requests) > requests_before, "the worker's fetch")
            assert healthy("worker", env)

            # A search box full of four-byte characters gets through gunicorn's request line.
            query = urllib.parse.quote("\U0001d11e" * MAX_QUERY_LENGTH)
            response, html = browser.get(f"/search/?q={query}&scope=tag%3Aops&sort=relevance")
            assert response.status == 200
            response, html = browser.get(f"/search/?q={'tea+' * 1500}")
            assert response.status == 200
            assert f"shortened to its first {MAX_QUERY_LENGTH:,} characters" in html

        assert worker.returncode == 0, (tmp_path / "worker.log").read_text()[-3000:]
    assert web.returncode == 0, (tmp_path / "web.log").read_text()[-3000:]
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0  # nothing listens any more


def test_gunicorn_believes_x_forwarded_proto_only_when_told_to(configured, tmp_path):
    env = configured | {"TRUST_X_FORWARDED_PROTO": "false"}
    with service("web", env, tmp_path / "web.log") as web:
        wait_until_healthy("web", env, web, tmp_path / "web.log")
        # Even from 127.0.0.1, where gunicorn trusts the header by default.
        response, _ = Browser(int(env["PORT"]), https=True).get("/login/")
        assert (response.status, response.getheader("Location")) == (
            301, f"https://{HOST}/login/"
        )  # fmt: skip


def wait_for_article(database_url: str, title: str) -> int:
    """The article's id once it is saved and ready (in the request, or by the worker)."""
    found = []

    def ready():
        with psycopg.connect(database_url) as db:
            row = db.execute(
                "SELECT id FROM articles_article WHERE title = %s AND status = 'ready'", [title]
            ).fetchone()
        found[:] = row or []
        return bool(row)

    wait_for(ready, f"“{title}” to be saved")
    return found[0]


def wait_for(condition, what: str, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {seconds} s for {what}")
        time.sleep(0.5)
