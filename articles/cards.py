"""What a library card shows of an article, worked out once per card in Python.

A list page renders thirty cards. Every filter, method call and missing variable in the card's
template costs more than the line of Python that computes the same value, so the card reads
plain attributes of a `Card` and the template only prints them. The text a card prints several
hundred times a page is escaped here, once (see Card), rather than by the template at each use.
"""

import html
from collections.abc import Callable
from dataclasses import InitVar, dataclass, field
from datetime import datetime
from urllib.parse import quote, urlsplit

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.db.models import CharField, F, Func, OuterRef
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from articles.models import Tag


class Printed:
    """A mixin for what templates print many times a page: `{{ card.name }}` looks up
    card["name"] first and reads the attribute only once that has raised and been caught.
    Answering the first lookup saves the exception, thirty times a card (9% of a card's
    rendering, counted with callgrind)."""

    __slots__ = ()

    def __getitem__(self, name: str):
        return getattr(self, name)


# The article columns a card shows.
CARD_FIELDS = (
    "id", "title", "url", "site_name", "byline", "excerpt", "lead_image_url", "word_count",
    "reading_minutes", "status", "failure_reason", "starred_at", "archived_at", "read_at",
    "reading_progress", "created_at",
)  # fmt: skip


def escape(text: str) -> SafeString:
    """django.utils.html.escape() for plain str, without its check for lazy strings, which
    doubled the cost of the two hundred escapes a page of cards makes."""
    return SafeString(html.escape(text))


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_label(moment: datetime, now: datetime) -> str:
    """strftime("%-d %b") at a tenth of the cost: 28 Nov, or 28 Nov 2024 in another year.

    `moment` is already in the local time zone, as `now` is (read once for a page of rows).
    """
    label = f"{moment.day} {_MONTHS[moment.month - 1]}"
    return label if moment.year == now.year else f"{label} {moment.year}"


def site_label(article) -> str:
    """The site's name, or the host of the article's link (no requests to favicon services)."""
    if article.site_name:
        return article.site_name
    host = urlsplit(article.url or "").hostname or ""
    return host.removeprefix("www.")


def reading_time(article) -> str:
    if not article.word_count:
        return ""
    return f"{max(article.reading_minutes, 1)} min"


def web_url(url) -> str:
    """The URL if it is an http(s) link, else nothing: no javascript: or data: into an href."""
    url = (url or "").strip()
    return url if urlsplit(url).scheme.lower() in ("http", "https") else ""


def failure_text(reason: str | None) -> str:
    """Why an article could not be saved: its fetch's reason, or the general one."""
    return reason or "The page could not be read."


def percent(progress) -> int:
    return round((progress or 0) * 100)


def path_for(name: str) -> Callable[[int | str], str]:
    """reverse(name, args=[value]) for many values at the cost of one reverse().

    For URLs with one argument at the end (an id, a slug), quoted as reverse() quotes it.
    """
    head, _, tail = reverse(name, args=["0"]).rpartition("0")

    def path(value: int | str) -> str:
        if not isinstance(value, int):
            value = quote(value, safe="!$&'()*+,;=~:@")
        return f"{head}{value}{tail}"

    return path


@dataclass(frozen=True, slots=True)
class TagChip(Printed):
    """A tag as a card or the reader shows it: its name, and where its list and removal lead.

    `name` and `url` are HTML, escaped once here: a page prints them a hundred times."""

    name: str
    slug: str
    url: str


def tag_pairs() -> ArraySubquery:
    """An article's tags as [name, slug] pairs in name order: an annotation, so a card's row
    carries its tags and a page needs no second query for them."""
    tags = Tag.objects.filter(articles=OuterRef("pk")).order_by(Lower("name"), "id")
    pair = Func(
        F("name"),
        F("slug"),
        template="ARRAY[%(expressions)s]",
        output_field=ArrayField(CharField()),
    )
    return ArraySubquery(tags.values_list(pair))


def tag_chips(pairs, tag_path: Callable[[str], str]) -> list[TagChip]:
    return [TagChip(escape(name), slug, escape(tag_path(slug))) for name, slug in pairs]


@dataclass(slots=True)
class Card(Printed):
    id: int
    title: str
    url: str
    site_name: str
    byline: str
    excerpt: str
    lead_image_url: str
    word_count: int
    reading_minutes: int
    status: str
    failure_reason: str
    starred_at: datetime | None
    archived_at: datetime | None
    read_at: datetime | None
    reading_progress: float
    created_at: datetime
    tags: list[TagChip]
    path: str  # the article's URL; its actions sit under it
    now: InitVar[datetime]  # local time, read once for a page of cards
    # Worked out from the above. All but `label` are HTML, escaped here once (SafeString): the
    # template prints them as they are, and escaping at each print cost a page milliseconds.
    key: str = field(init=False)  # the id as text, for ids and values in the HTML
    button_prefix: str = field(init=False)  # names the card's buttons: a12-star, a12-read
    label: str = field(init=False)  # what the article is called, as str(article): plain text
    site: str = field(init=False)
    image: str = field(init=False)
    minutes: str = field(init=False)
    progress: str = field(init=False)  # percent read, shown while neither read nor unstarted
    saved_iso: str = field(init=False)
    saved_on: str = field(init=False)
    failure: str = field(init=False)  # why it was not saved, on a failed article's card

    def __post_init__(self, now):
        # What a card has room for, escaped (the title stays text: search highlights it).
        self.byline, self.excerpt = escape(self.byline[:80]), escape(self.excerpt[:400])
        self.key, self.button_prefix = SafeString(self.id), SafeString(f"a{self.id}")
        self.path = escape(self.path)
        self.failure = escape(failure_text(self.failure_reason)) if self.status == "failed" else ""
        self.label = self.title or self.url or f"Article {self.id}"
        self.site = escape(site_label(self))
        self.image = escape(web_url(self.lead_image_url))
        self.minutes = SafeString(reading_time(self))  # digits and "min"
        started = not self.read_at and self.reading_progress > 0
        self.progress = SafeString(percent(self.reading_progress) if started else "")
        saved = self.created_at.astimezone(now.tzinfo)
        self.saved_iso, self.saved_on = (
            SafeString(saved.isoformat()),
            SafeString(day_label(saved, now)),
        )

    def __str__(self):
        return self.label

    @property
    def pk(self) -> int:
        return self.id

    @classmethod
    def of(cls, article, now=None, article_path=None, tag_path=None) -> "Card":
        """The card of an article, or of a row of for_cards(), with its tag_pairs annotated.

        A page of cards reads the local time and the shapes of the URLs once (cards_of).
        """
        return cls(
            **{name: getattr(article, name) for name in CARD_FIELDS},
            tags=tag_chips(article.tag_pairs, tag_path or path_for("tag")),
            path=(article_path or path_for("article"))(article.id),
            now=now or timezone.localtime(),
        )


def for_cards(articles, *also: str):
    """Rows of the columns a card shows (and of `also`), and of its tags as [name, slug] pairs,
    from one statement. Named tuples rather than models: building thirty Article instances was
    a quarter of the ORM work of a page of cards."""
    rows = articles.annotate(tag_pairs=tag_pairs())
    return rows.values_list(*CARD_FIELDS, "tag_pairs", *also, named=True)


def cards_of(articles) -> list[Card]:
    """The cards of rows read with for_cards(), for a page of them."""
    now, article_path, tag_path = timezone.localtime(), path_for("article"), path_for("tag")
    return [Card.of(article, now, article_path, tag_path) for article in articles]
