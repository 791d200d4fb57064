"""Articles a user saved, their tags, and per-user reading preferences."""

from datetime import datetime

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, HashIndex, OpClass
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower, Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from articles.fields import ImageURLField, LinkHashField, SanitisedHTMLField
from articles.states import CONDITIONS, STATES
from articles.user_input import normalise


def state_q(name: str) -> Q:
    """Articles in a state (a name of articles.states.CONDITIONS: unread, read, starred, ...);
    "" is every article (the All view)."""
    return Q(**CONDITIONS[name].lookups) if name else Q()


FINISHED = 0.995  # reading progress at which the end of the article is on screen

CONTENT_HELP = (
    "Sanitised when saved: scripts, styles, forms, frames, meta tags and images on private "
    "addresses are removed, as from every saved page."
)


class ArticleQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(owner=user)

    def in_state(self, name: str):
        """`Article.objects.in_state("unread")`: any name of articles.states.CONDITIONS."""
        return self.filter(state_q(name))

    def set_state(self, name: str, on: bool = True, at: datetime | None = None) -> int:
        """Turn a reading state (articles.states.STATES) on or off; how many articles changed.

        The one way states change. Articles already in the wanted state keep their timestamp
        and their updated_at; `at` says when it happened (an import), else now.
        """
        state, now = STATES[name], timezone.now()
        changes = {state.timestamp: (at or now) if on else None, "updated_at": now}
        changes |= {column: values[0 if on else 1] for column, values in state.also.items()}
        return self.filter(**{f"{state.timestamp}__isnull": on}).update(**changes)

    def star(self, on: bool = True) -> int:
        return self.set_state("starred", on)

    def archive(self, on: bool = True) -> int:
        return self.set_state("archived", on)

    def mark_read(self, on: bool = True) -> int:
        return self.set_state("read", on)

    def record_progress(self, progress: float, user) -> None:
        """How far the user has read (0–1), from the reader or the API; reaching the end marks
        the articles read, and archives them if the user's preferences say so."""
        self.update(reading_progress=progress, updated_at=timezone.now())
        if progress >= FINISHED:
            self.mark_read()
            prefs = ReadingPreferences.objects.filter(user=user).first()
            if prefs and prefs.archive_when_finished:
                self.archive()


class Article(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Fetching"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    # No index of its own: article_all_idx starts with the owner (one less index to write).
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="articles", db_index=False
    )
    # The URL as the user gave it, where it ended up after redirects, and the normalised form
    # used to recognise the same article again (utm_ parameters, fragments, case of the host).
    given_url = models.CharField(max_length=2048, blank=True)
    url = models.CharField(max_length=2048, blank=True)
    normalized_url = models.CharField(max_length=2048, blank=True)
    # wallabag's hashes of the link and of the link as given, which its apps send to ask
    # whether a link is saved (articles/wallabag/lookup.py).
    hashed_url = LinkHashField(links=("url", "given_url"))
    hashed_given_url = LinkHashField(links=("given_url", "url"))

    title = models.CharField(max_length=500, blank=True)
    byline = models.CharField(max_length=300, blank=True)
    site_name = models.CharField(max_length=200, blank=True)
    excerpt = models.TextField(blank=True)
    language = models.CharField(max_length=35, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    lead_image_url = ImageURLField(max_length=2048, blank=True)

    content_html = SanitisedHTMLField(blank=True, help_text=CONTENT_HELP)
    content_text = models.TextField(blank=True)
    word_count = models.PositiveIntegerField(default=0)
    reading_minutes = models.PositiveSmallIntegerField(default=0)
    # Only the start of the article was readable (a paywall or a login kept the rest).
    is_teaser = models.BooleanField(default=False)

    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    failure_reason = models.TextField(blank=True)  # written for the user, shown as is
    fetched_at = models.DateTimeField(null=True, blank=True)  # the last fetch attempt

    starred_at = models.DateTimeField(null=True, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    reading_progress = models.FloatField(default=0.0)  # 0.0 – 1.0 of the article's height

    tags = models.ManyToManyField("Tag", related_name="articles", blank=True)

    created_at = models.DateTimeField(default=timezone.now, db_index=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "normalized_url"],
                condition=~Q(normalized_url=""),
                name="article_unique_url_per_owner",
            ),
        ]
        indexes = [
            # One index per library view, in the order the library lists it (keyset pagination).
            models.Index(fields=["owner", "-created_at", "-id"], name="article_all_idx"),
            models.Index(
                fields=["owner", "-created_at", "-id"],
                condition=state_q("unread"),
                name="article_unread_idx",
            ),
            models.Index(
                fields=["owner", "-created_at", "-id"],
                condition=state_q("starred"),
                name="article_starred_idx",
            ),
            models.Index(
                fields=["owner", "-created_at", "-id"],
                condition=state_q("archived"),
                name="article_archived_idx",
            ),
            models.Index(fields=["owner", "word_count", "id"], name="article_length_idx"),
            # The admin's changelist order and its title/URL search across every user.
            models.Index(fields=["-created_at", "-id"], name="article_admin_order_idx"),
            GinIndex(OpClass(Upper("title"), name="gin_trgm_ops"), name="article_title_trgm"),
            GinIndex(OpClass(Upper("url"), name="gin_trgm_ops"), name="article_url_trgm"),
            models.Index(
                fields=["status"], name="article_status_idx", condition=~Q(status="ready")
            ),
            # The link as it was saved, looked up when the same link is saved again (a short
            # link's page has another normalized_url) and by the wallabag apps' "exists". A hash
            # index: equality is all it serves, and it takes links of any length.
            HashIndex(fields=["given_url"], name="article_given_url_hash"),
            # Syncing apps ask for what changed since their last sync (wallabag's `since`).
            models.Index(fields=["owner", "updated_at", "id"], name="article_updated_idx"),
            # wallabag's "exists?hashed_url=": hash indexes, equality is all they serve. And the
            # articles whose links are not hashed yet (written bypassing the model): none, mostly.
            HashIndex(fields=["hashed_url"], name="article_hashed_url"),
            HashIndex(fields=["hashed_given_url"], name="article_hashed_given_url"),
            models.Index(
                fields=["owner"], condition=Q(hashed_url__isnull=True), name="article_unhashed_idx"
            ),
        ]

    def __str__(self):
        return self.title or self.url or f"Article {self.pk}"

    def get_absolute_url(self):
        return reverse("article", args=[self.pk])

    @property
    def is_starred(self) -> bool:
        return self.starred_at is not None

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Tag(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tags"
    )
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=120, allow_unicode=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), "owner", name="tag_unique_name_per_owner"),
            models.UniqueConstraint(fields=["owner", "slug"], name="tag_unique_slug_per_owner"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # One spelling per name, whichever door it came through (forms, admin, imports).
        self.name = normalise(self.name)
        if not self.slug:
            self.slug = unique_tag_slug(self.owner_id, self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("tag", args=[self.slug])


def unique_tag_slug(owner_id: int, name: str) -> str:
    base = slugify(name, allow_unicode=True)[:100] or "tag"
    slug, n = base, 2
    while Tag.objects.filter(owner_id=owner_id, slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


class ReadingPreferences(models.Model):
    """How the reader looks, kept on the server so it follows the user between devices."""

    class Font(models.TextChoices):
        SERIF = "serif", "Serif"
        SANS = "sans", "Sans-serif"

    class Theme(models.TextChoices):
        SYSTEM = "system", "Follow the system"
        LIGHT = "light", "Light"
        SEPIA = "sepia", "Sepia"
        DARK = "dark", "Dark"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reading_preferences"
    )
    font = models.CharField(max_length=10, choices=Font, default=Font.SERIF)
    font_size = models.PositiveSmallIntegerField(default=19)  # CSS px
    line_width = models.PositiveSmallIntegerField(default=68)  # characters (ch)
    line_height = models.DecimalField(max_digits=3, decimal_places=2, default=1.6)
    theme = models.CharField(max_length=10, choices=Theme, default=Theme.SYSTEM)
    archive_when_finished = models.BooleanField(default=False)

    class Meta:
        verbose_name = verbose_name_plural = "reading preferences"

    def __str__(self):
        return f"Reading preferences of {self.user}"


class SavedSearch(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(max_length=100)
    query = models.CharField(max_length=1000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "saved searches"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"), "owner", name="saved_search_unique_name_per_owner"
            ),
        ]

    def __str__(self):
        return self.name


# The job queue, imports, exports, throttling, feeds, the API and the counts keep their
# models in their own modules (articles/jobs, articles/imports, articles/exports,
# articles/throttle.py, articles/feeds, articles/api, articles/counts.py); Django finds them
# through here.
from articles.api.models import PersonalToken  # noqa: E402, F401
from articles.counts import StateCount, TagCount  # noqa: E402, F401
from articles.exports.models import Export  # noqa: E402, F401
from articles.feeds.models import FeedToken  # noqa: E402, F401
from articles.imports.models import (  # noqa: E402, F401
    Import,
    ImportedArticle,
    ImportedHighlight,
    ImportProblem,
)
from articles.jobs.models import Job  # noqa: E402, F401
from articles.throttle import ThrottleWindow  # noqa: E402, F401
from articles.wallabag.models import (  # noqa: E402, F401
    AccessToken,
    ApiClient,
    RefreshToken,
)
