import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from articles.models import Article, Export, Import, PersonalToken, SavedSearch, Tag
from articles.transfer_files import expiry, transfer_storage
from tests.urlwalk import site_routes
from tests.webserver import WebServer


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # Static files need no collectstatic; the test client speaks plain HTTP; queued jobs are
    # run by the test (run_jobs) or by real worker processes. Everything else is production.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.SECURE_SSL_REDIRECT = False
    # Fast hashing, for tests only.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def owner(db):
    return get_user_model().objects.create_user("owner", password="owner-password-123")


@pytest.fixture
def stranger(db):
    return get_user_model().objects.create_user("stranger", password="stranger-password-123")


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def admin_client(client, db):
    """The admin client of pytest-django, with a site administrator who owns no articles."""
    boss = get_user_model().objects.create_superuser("boss", password="boss-password-123")
    client.force_login(boss)
    return client


@pytest.fixture
def make_article(owner):
    counter = iter(range(1, 10**9))

    def make(user=None, **fields):
        n = next(counter)
        fields.setdefault("title", f"Article number {n}")
        fields.setdefault("url", f"https://example.com/articles/{n}")
        fields.setdefault("normalized_url", fields["url"])
        fields.setdefault("status", Article.Status.READY)
        fields.setdefault("content_html", f"<p>Body of article {n}.</p>")
        fields.setdefault("content_text", f"Body of article {n}.")
        return Article.objects.create(owner=user or owner, **fields)

    return make


@pytest.fixture
def make_tag(owner):
    def make(name, user=None):
        return Tag.objects.create(owner=user or owner, name=name)

    return make


@pytest.fixture
def tagged(make_article, make_tag):
    """Python on the first two articles, django on the first and third."""
    python, django = make_tag("Python"), make_tag("django")
    first, second, third = make_article(), make_article(), make_article()
    first.tags.add(python, django)
    second.tags.add(python)
    third.tags.add(django)
    return python, django, (first, second, third)


@pytest.fixture(scope="session")
def _webserver():
    server = WebServer()
    yield server
    server.close()


@pytest.fixture
def web(_webserver, settings):
    """The local test server, reachable by the fetcher only because this fixture allows it."""
    _webserver.reset()
    settings.FETCH_ALLOWED_PRIVATE = ["127.0.0.1"]
    settings.FETCH_ALLOWED_PORTS = [80, 443, _webserver.port]
    settings.FETCH_TIMEOUT_SECONDS = 5
    return _webserver


@pytest.fixture
def routes(make_article, make_tag, owner):
    """Every named URL of the site, with real objects of the owner in its arguments."""
    stored = transfer_storage().save("exports/test/export.json", ContentFile(b"[]"))
    export = Export.objects.create(
        owner=owner, library_of=owner, format="json", state="ready", file=stored
    )
    Export.objects.filter(pk=export.pk).update(expires_at=expiry())
    samples = {
        "import_pk": Import.objects.create(owner=owner, format="pocket", file_name="p.csv").pk,
        "export_pk": export.pk,
        "pk": make_article().pk,
        "slug": make_tag("reading").slug,
        "saved_pk": SavedSearch.objects.create(owner=owner, name="s", query="x").pk,
        "token_pk": PersonalToken.issue(owner, name="routes")[0].pk,
        "uidb64": "MQ",  # a password reset link's user and token (not valid ones)
        "token": "set-password",
    }
    return site_routes(samples)
