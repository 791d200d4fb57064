"""What the API takes and gives, as typed schemas: pydantic validates what comes in, and the
OpenAPI document and the docs page are generated from these classes."""

from datetime import datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import AfterValidator, BaseModel, Field

from articles.exports.formats import FORMATS
from articles.exports.scope import KINDS, MAX_SELECTED
from articles.listing import SORTS as LIST_SORTS
from articles.search import MAX_QUERY_LENGTH
from articles.states import VIEWS
from articles.tagging import MAX_TAG_LENGTH, MAX_TAGS_PER_SUBMISSION
from articles.user_input import CONTROL, normalise


def _plain(value: str) -> str:
    """Text that names something (a tag, a search's name): no control characters (PostgreSQL
    refuses NUL outright), one Unicode spelling."""
    if CONTROL.search(value):
        raise ValueError("This contains an invisible control character; please type it again")
    return normalise(value)


PlainText = Annotated[str, AfterValidator(_plain)]

View = Literal[tuple(VIEWS)]  # type: ignore[valid-type]
Sort = Literal[(*LIST_SORTS, "relevance")]  # type: ignore[valid-type]
ExportFormat = Literal[tuple(FORMATS)]  # type: ignore[valid-type]
ExportKind = Literal[KINDS]  # type: ignore[valid-type]
PAGE_LIMIT = 100
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]  # a bigint: larger ones never reach a query


# Articles
# A page of articles is built as plain dicts, so its schemas are plain pydantic models: ninja's
# Schema would read each of a page's 700 values through its Django attribute getter (bench/api.py
# measured a third of the request's time there).


class TagRef(BaseModel):
    name: str
    slug: str


class ArticleItem(BaseModel):
    id: int
    url: str = Field(description="Where the page ended up after redirects.")
    title: str
    byline: str
    site_name: str
    excerpt: str
    language: str
    published_at: datetime | None
    lead_image_url: str
    word_count: int
    reading_minutes: int
    is_teaser: bool = Field(description="Only the start of the article could be read.")
    status: Literal["pending", "ready", "failed"] = Field(
        description="pending: its page is being fetched; failed: see failure_reason."
    )
    failure_reason: str
    starred: bool
    archived: bool
    read: bool
    starred_at: datetime | None
    archived_at: datetime | None
    read_at: datetime | None
    reading_progress: float = Field(description="0.0 – 1.0 of the article read.")
    created_at: datetime = Field(description="When it was saved.")
    updated_at: datetime
    tags: list[TagRef] = Field(description="In name order.")


class ArticleDetail(ArticleItem):
    given_url: str = Field(description="The link as it was saved.")
    content_html: str = Field(description="The article, sanitised.")


class ArticlePage(BaseModel):
    items: list[ArticleItem]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null on the last page."
    )
    notes: list[str] = Field(
        description="What the search left out or changed, for the user (empty without q)."
    )


class PageParams(Schema):
    sort: Sort | None = Field(
        None,
        description="newest (the default), oldest, longest, shortest; with q, relevance (the "
        "default when q has words, as on the search page).",
    )
    cursor: str | None = Field(None, max_length=60, description="next_cursor of the page before.")
    limit: int = Field(30, ge=1, le=PAGE_LIMIT)


class ArticleFilters(PageParams):
    view: View = Field("all", description="A library view: unread, starred, archived or all.")
    tag: str | None = Field(None, max_length=120, description="Only articles with this tag (slug).")
    q: str | None = Field(
        None,
        max_length=MAX_QUERY_LENGTH,
        description='A search, in the search page\'s language: words, "phrases", -exclusions, '
        "a OR b, tag:, is:, site:, author:, lang:, saved:, sort:.",
    )


class ArticleIn(Schema):
    url: str = Field("", description="The page's link; with html, its original address.")
    html: str = Field("", description="The page's HTML, for pages the server cannot fetch.")
    tags: list[str] = Field([], max_length=MAX_TAGS_PER_SUBMISSION)


class ArticleChange(Schema):
    """Only the fields sent change. Progress is applied before the states, so
    {"progress": 1, "read": false} leaves the article unread."""

    starred: bool | None = None
    archived: bool | None = None
    read: bool | None = None
    progress: float | None = Field(None, ge=0, le=1, description="Reaching the end marks it read.")
    tags: list[str] | None = Field(
        None, max_length=MAX_TAGS_PER_SUBMISSION, description="The article's tags, all of them."
    )


# Tags


class TagOut(Schema):
    name: str
    slug: str
    count: int = Field(description="Articles with this tag.")


class TagName(Schema):
    name: PlainText = Field(max_length=MAX_TAG_LENGTH)


class TagMerge(Schema):
    into: PlainText = Field(max_length=MAX_TAG_LENGTH, description="The tag to keep, by name.")


class TagMerged(Schema):
    tag: TagOut
    moved: int = Field(description="Articles that got the kept tag.")


# Saved searches


class SavedSearchOut(Schema):
    id: int
    name: str
    query: str
    created_at: datetime


class SavedSearchIn(Schema):
    name: str = Field(max_length=100)
    query: str = Field(max_length=MAX_QUERY_LENGTH)


# Imports and exports


class ImportOut(Schema):
    id: int
    format: str
    file_name: str
    state: Literal["queued", "running", "done", "failed", "cancelled"]
    error: str
    rows_read: int
    created: int = Field(description="Articles it added.")
    already_saved: int
    skipped: int
    created_at: datetime
    finished_at: datetime | None


class FetchCounts(Schema):
    ready: int
    pending: int
    failed: int


class ImportDetail(ImportOut):
    fetches: FetchCounts = Field(description="The added articles by the state of their fetch.")


class ExportIn(Schema):
    format: ExportFormat
    scope: ExportKind = "library"
    tag: PlainText = Field("", max_length=120, description="The tag's slug, for scope=tag.")
    query: PlainText = Field(
        "", max_length=MAX_QUERY_LENGTH, description="The search, for scope=search."
    )
    ids: list[Id] = Field(
        [], max_length=MAX_SELECTED, description="Article ids, for scope=selection or article."
    )


class ExportOut(Schema):
    id: int
    format: str
    description: str
    state: Literal["queued", "running", "ready", "failed", "expired"]
    error: str
    size: int = Field(description="Bytes, once ready.")
    article_count: int
    created_at: datetime
    finished_at: datetime | None
    expires_at: datetime | None
    download_url: str | None = Field(description="Where to download it, once ready.")
