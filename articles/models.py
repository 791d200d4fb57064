"""Articles a user saved, their tags, and per-user reading preferences."""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower, Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

# What each reading state means, once: the library's views, the search's is: operators and the
# partial indexes that serve them all read these.
UNREAD = Q(archived_at__isnull=True, read_at__isnull=True)
READ = Q(read_at__isnull=False)
STARRED = Q(starred_at__isnull=False)
ARCHIVED = Q(archived_at__isnull=False)


class ArticleQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(owner=user)

    def unread(self):
        return self.filter(UNREAD)

    def starred(self):
        return self.filter(STARRED)

    def archived(self):
        return self.filter(ARCHIVED)


class Article(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Fetching"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="articles"
    )
    # The URL as the user gave it, where it ended up after redirects, and the normalised form
    # used to recognise the same article again (utm_ parameters, fragments, case of the host).
    given_url = models.CharField(max_length=2048, blank=True)
    url = models.CharField(max_length=2048, blank=True)
    normalized_url = models.CharField(max_length=2048, blank=True)

    title = models.CharField(max_length=500, blank=True)
    byline = models.CharField(max_length=300, blank=True)
    site_name = models.CharField(max_length=200, blank=True)
    excerpt = models.TextField(blank=True)
    language = models.CharField(max_length=35, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    lead_image_url = models.CharField(max_length=2048, blank=True)

    content_html = models.TextField(
        blank=True
    )  # sanitised; never rendered unless it came from clean()
    content_text = models.TextField(blank=True)
    word_count = models.PositiveIntegerField(default=0)
    reading_minutes = models.PositiveSmallIntegerField(default=0)

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
                condition=UNREAD,
                name="article_unread_idx",
            ),
            models.Index(
                fields=["owner", "-created_at", "-id"],
                condition=STARRED,
                name="article_starred_idx",
            ),
            models.Index(
                fields=["owner", "-created_at", "-id"],
                condition=ARCHIVED,
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

    def star(self, starred: bool = True):
        self.starred_at = (self.starred_at or timezone.now()) if starred else None

    def archive(self, archived: bool = True):
        self.archived_at = (self.archived_at or timezone.now()) if archived else None

    def mark_read(self, read: bool = True):
        self.read_at = (self.read_at or timezone.now()) if read else None
        self.reading_progress = 1.0 if read else 0.0


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
