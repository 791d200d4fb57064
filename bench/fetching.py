"""Background fetching under load: a 2,000-link import over 20 sites while other people save and
browse, then 32 saves of links that never answer.

Everything runs as in production, on this machine: gunicorn (gthread, 2 x 8 threads, as the
Dockerfile runs it), two `manage.py worker` processes (8 jobs each), a database of its own
(created, then dropped), and 20 local sites that answer after 200 ms (three after 1.5 s, one
with a 503 before each page, one always 503, one always 404). A second user pastes a link now
and then; a third loads the library every 100 ms.

Baselines from the same run: the same measures with the queue idle, and the old way (fetch and
extract in the request, one link after another) for throughput.

    .venv/bin/python bench/fetching.py          (about three minutes on two cores)
    BENCH_LINKS=500 ...                         a shorter import
"""

import contextlib
import os
import re
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsreader.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")

import django  # noqa: E402

django.setup()

import urllib3  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from measuring import percentile  # noqa: E402

from articles.ingest.extract import extract  # noqa: E402
from articles.ingest.fetch import fetch  # noqa: E402
from articles.jobs.models import Job  # noqa: E402
from articles.jobs.queue import queue_fetches  # noqa: E402
from articles.models import Article  # noqa: E402
from tests.pages import article_html  # noqa: E402

BENCH_DB = "newsreader_bench_fetching"
LINKS = int(os.environ.get("BENCH_LINKS", "2000"))
PORT = int(os.environ.get("BENCH_PORT", "8110"))
SITE = f"http://127.0.0.1:{PORT}"
PER_HOST = 2
LATENCY = 0.2
PAGE = article_html("A page worth saving", paragraphs=8).encode()
http = urllib3.PoolManager(maxsize=64, retries=False, timeout=30)


class Site:
    """A local web site with a latency and a behaviour, counting requests in flight."""

    def __init__(self, latency: float = LATENCY, behaviour: str = "ok"):
        self.latency, self.behaviour = latency, behaviour
        self.in_flight = self.most_in_flight = 0
        self.seen: set[str] = set()
        self.lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                site.serve(self)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def serve(self, handler) -> None:
        if self.behaviour == "never":
            with contextlib.suppress(OSError):
                handler.connection.recv(1)  # until the client gives up
            return
        with self.lock:
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
            first = handler.path not in self.seen
            self.seen.add(handler.path)
        try:
            time.sleep(self.latency)
            status, body = 200, PAGE
            if self.behaviour == "503" or (self.behaviour == "503-once" and first):
                status, body = 503, b"<h1>Busy</h1>"
            elif self.behaviour == "404":
                status, body = 404, b"<h1>Not found</h1>"
            handler.send_response(status)
            handler.send_header("Content-Type", "text/html; charset=utf-8")
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)
        finally:
            with self.lock:
                self.in_flight -= 1


class Browser:
    """One signed-in person, over HTTP, as a browser without JavaScript would be."""

    def __init__(self, user=None):
        self.cookies = {}
        if user is not None:
            client = Client()
            client.force_login(user)
            self.cookies["sessionid"] = client.cookies["sessionid"].value

    def get(self, path: str):
        return http.request("GET", SITE + path, headers=self._headers(), redirect=False)

    def paste(self, url: str) -> str:
        form = self.get("/add/")
        if cookie := re.search(r"csrftoken=([^;]+)", form.headers.get("Set-Cookie", "")):
            self.cookies["csrftoken"] = cookie.group(1)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form.data).group(1)
        answer = http.request(
            "POST",
            SITE + "/add/",
            fields={"csrfmiddlewaretoken": token.decode(), "url": url, "html": "", "tags": ""},
            encode_multipart=False,
            headers=self._headers(),
            redirect=False,
        )
        assert answer.status == 302, (answer.status, answer.data[:300])
        return answer.headers["Location"]

    def _headers(self) -> dict:
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}


def paste_to_article(browser: Browser, url: str) -> float:
    """Seconds from pasting a link to its article on the screen (the page looks again every
    300 ms, as the reader does while fetching)."""
    started = time.perf_counter()
    location = browser.paste(url)
    while b"data-fetching" in (body := browser.get(location).data):
        time.sleep(0.3)
    if b"A page worth saving" not in body:
        notice = re.search(rb'<div class="notice[^>]*>(.*?)</div>', body, re.S)
        raise AssertionError(f"{url} was not saved: {notice.group(1) if notice else body[:300]}")
    return time.perf_counter() - started


def p95_ms(browser: Browser, path: str, runs: int) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        assert browser.get(path).status == 200
        samples.append((time.perf_counter() - started) * 1000)
    return percentile(samples, 95)


def child_environment(ports: list[int]) -> dict:
    url = urlunsplit(urlsplit(settings.DATABASE_URL)._replace(path="/" + BENCH_DB))
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "FETCH_ALLOWED_PRIVATE": "127.0.0.1",
        "FETCH_ALLOWED_PORTS": ",".join(map(str, ports)),
        "FETCH_PER_HOST": str(PER_HOST),
        "WORKER_CONCURRENCY": "8",
        "JOB_RETRY_SECONDS": "1",
        "JOB_MAX_ATTEMPTS": "3",
        "FETCH_TIMEOUT_SECONDS": "10",
        "LOG_LEVEL": "ERROR",
    }


def start_processes(env: dict) -> list[subprocess.Popen]:
    python = sys.executable
    subprocess.run(
        [python, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    web = subprocess.Popen(
        [
            ROOT / ".venv/bin/gunicorn",
            "newsreader.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--worker-class",
            "gthread",
            "--workers",
            "2",
            "--threads",
            "8",
            "--log-level",
            "error",
        ],
        cwd=ROOT,
        env=env,
    )
    workers = [subprocess.Popen([python, "manage.py", "worker"], cwd=ROOT, env=env) for _ in "12"]
    deadline = time.monotonic() + 30
    while True:
        with contextlib.suppress(urllib3.exceptions.HTTPError):
            if http.request("GET", SITE + "/healthz").status == 200:
                break
        assert time.monotonic() < deadline, "gunicorn did not start"
        time.sleep(0.2)
    return [web, *workers]


def create_database() -> str:
    original = connection.settings_dict["NAME"]
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        cursor.execute(f"CREATE DATABASE {BENCH_DB}")
    connections.close_all()
    connection.settings_dict["NAME"] = BENCH_DB
    call_command("migrate", verbosity=0)
    return original


def drop_database(original: str) -> None:
    connections.close_all()
    connection.settings_dict["NAME"] = original
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")


def queue_import(user, sites: list[Site]) -> None:
    articles = Article.objects.bulk_create(
        Article(owner=user, url=u, given_url=u, normalized_url=u, status=Article.Status.PENDING)
        for u in (sites[n % len(sites)].url(f"/story/{n}") for n in range(LINKS))
    )
    queue_fetches(articles, priority=Job.Priority.BULK)


def naive_rate(site: Site, count: int = 40) -> float:
    """The old way: each link fetched and extracted in turn, as the request used to."""
    settings.FETCH_ALLOWED_PRIVATE = ["127.0.0.1"]
    settings.FETCH_ALLOWED_PORTS = [site.port]
    started = time.perf_counter()
    for n in range(count):
        page = fetch(site.url(f"/naive/{n}"))
        extract(page.html, page.url)
    return count / (time.perf_counter() - started)


def main() -> None:
    behaviours = ["ok"] * 14 + ["slow"] * 3 + ["503-once", "503", "404"]
    sites = [Site(1.5 if b == "slow" else LATENCY, b) for b in behaviours]
    elsewhere, dead = Site(), Site(behaviour="never")
    ports = [s.port for s in [*sites, elsewhere, dead]]
    original = create_database()
    users = get_user_model().objects
    importer, saver = users.create_user("importer"), users.create_user("saver")
    watcher = users.create_user("watcher")
    processes = start_processes(child_environment(ports))
    try:
        run(sites, elsewhere, dead, importer, Browser(saver), Browser(watcher))
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(20)
        drop_database(original)


def run(sites, elsewhere, dead, importer, saver, watcher) -> None:
    naive = naive_rate(Site())
    idle_home = p95_ms(watcher, "/", 100)
    idle_login = p95_ms(Browser(), "/login/", 100)
    idle_saves = [paste_to_article(saver, elsewhere.url(f"/idle/{n}")) for n in range(10)]

    queue_import(importer, sites)
    started = time.perf_counter()
    busy_home, busy_saves, stop = [], [], threading.Event()

    def browse():
        while not stop.wait(0.1):
            t = time.perf_counter()
            watcher.get("/")
            busy_home.append((time.perf_counter() - t) * 1000)

    def save():
        n = 0
        while not stop.wait(1.0):
            busy_saves.append(paste_to_article(saver, elsewhere.url(f"/busy/{n}")))
            n += 1

    threads = [threading.Thread(target=browse), threading.Thread(target=save)]
    for thread in threads:
        thread.start()
    active = Job.objects.filter(owner=importer, state__in=Job.ACTIVE)
    while active.exists():
        time.sleep(0.5)
    elapsed = time.perf_counter() - started
    stop.set()
    for thread in threads:
        thread.join()
    states = dict(Job.objects.filter(owner=importer).values_list("state").annotate(n=Count("id")))
    spans = [
        (job.finished_at - job.started_at).total_seconds()
        for job in Job.objects.filter(owner=importer, state=Job.State.DONE)
    ]
    states["mean s per attempt"] = round(sum(spans) / len(spans), 2)
    states["mean jobs at once"] = round(sum(spans) / elapsed, 1)

    hung_started = time.perf_counter()
    pasted = []
    paste_threads = [
        threading.Thread(target=lambda n=n: pasted.append(saver.paste(dead.url(f"/never/{n}"))))
        for n in range(32)
    ]
    for thread in paste_threads:
        thread.start()
    for thread in paste_threads:
        thread.join()
    hung_pastes = time.perf_counter() - hung_started
    hung_login = p95_ms(Browser(), "/login/", 100)

    print_table(sites, elsewhere, dict(locals()))


def print_table(sites, elsewhere, run: dict) -> None:
    """One row per measure; `run` holds what run() measured, by name."""
    naive, elapsed, states = run["naive"], run["elapsed"], run["states"]
    idle_home, busy_home = run["idle_home"], run["busy_home"]
    idle_login, hung_login = run["idle_login"], run["hung_login"]
    idle_saves, busy_saves = run["idle_saves"], run["busy_saves"]
    hung_pastes, pasted = run["hung_pastes"], len(run["pasted"])
    rate = LINKS / elapsed
    most = max(site.most_in_flight for site in sites)
    idle_p95, busy_p95 = percentile(idle_saves, 95), percentile(busy_saves, 95)
    home_p95 = percentile(busy_home, 95)
    print(
        f"\nImport of {LINKS:,} links over {len(sites)} sites, 2 workers x 8, cap {PER_HOST}"
        f" per site; {elapsed:.1f} s; jobs: {states}"
    )
    print("| measure | busy | baseline (same run) | ratio | target |")
    print("|---|---|---|---|---|")
    print(f"| jobs/s | {rate:.1f} | {naive:.1f} (fetch+extract in turn) | {rate / naive:.1f}x | |")
    print(f"| most fetches at once to one site | {most} | cap {PER_HOST} | | <= {PER_HOST} |")
    print(
        f"| single save, paste to article p95 (n={len(busy_saves)}) | {busy_p95:.2f} s | "
        f"{idle_p95:.2f} s idle | {busy_p95 / idle_p95:.1f}x | < {LATENCY + 3:.1f} s |"
    )
    print(
        f"| GET / p95 (n={len(busy_home)}) | {home_p95:.1f} ms | {idle_home:.1f} ms idle | "
        f"{home_p95 / idle_home:.1f}x | < 100 ms |"
    )
    print(
        f"| GET /login/ p95 after {pasted} never-answering saves | {hung_login:.1f} ms | "
        f"{idle_login:.1f} ms idle | {hung_login / idle_login:.1f}x | < 100 ms |"
    )
    print(f"| the {pasted} never-answering saves, all answered in | {hung_pastes:.2f} s | | | |")
    slow = [site for site in sites if site.latency > LATENCY]
    floor = LINKS / len(sites) * max(site.latency for site in slow) / PER_HOST
    print(
        f"The import cannot end sooner than {floor:.0f} s (each slow site's links, {PER_HOST} at "
        f"a time). Load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores."
    )
    print(
        "Per site, most in flight: "
        + " ".join(str(s.most_in_flight) for s in sites)
        + f"; the other user's site: {elsewhere.most_in_flight}"
    )


if __name__ == "__main__":
    main()
