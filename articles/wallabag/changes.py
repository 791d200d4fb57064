"""What POST and PATCH /api/entries may change on an entry, read in full before anything is
changed, so a 400 leaves the entry as it was."""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from articles.ingest import saving
from articles.ingest.errors import IngestError
from articles.models import Article
from articles.tagging import add_tags, tags_for_names
from articles.wallabag.params import BadRequest, Params


@dataclass(frozen=True)
class Changes:
    title: str | None = None
    tags: list[str] | None = None
    archive: bool | None = None
    starred: bool | None = None
    language: str | None = None
    preview_picture: str | None = None
    published_at: datetime | None = None
    authors: str | None = None
    content: str | None = None

    @classmethod
    def read(cls, params: Params) -> "Changes":
        params.flag("public")  # accepted, as wallabag does; nothing is shared publicly here
        # Where the link was found (a feed, a page that linked to it): checked, not kept. An
        # article has no place for it (given_url is the link itself, as it was saved), and
        # entries answer `origin_url: null`, which wallabag also answers when none was sent.
        params.text("origin_url", 2048)
        authors = params.text("authors", 300)
        return cls(
            title=params.text("title", 500),
            tags=params.tag_names(),
            archive=params.flag("archive"),
            starred=params.flag("starred"),
            language=params.text("language", 35),
            preview_picture=params.text("preview_picture", 2048),
            published_at=params.date("published_at"),
            authors=", ".join(a.strip() for a in authors.split(",") if a.strip())
            if authors is not None
            else None,
            content=params.text("content", multiline=True),
        )


@transaction.atomic
def apply(article: Article, changes: Changes, *, replace_tags: bool) -> None:
    """Change the entry. PATCH's tags replace the entry's tags; POST's are added to them."""
    if changes.content and changes.content.strip():
        try:
            saving.replace_content(article, changes.content)
        except IngestError as problem:
            raise BadRequest(f"“content”: {problem}") from None
    fields = {
        "title": changes.title.strip() if changes.title else None,
        "language": changes.language,
        "lead_image_url": changes.preview_picture,
        "published_at": changes.published_at,
        "byline": changes.authors,
    }
    if changed := {name: value for name, value in fields.items() if value is not None}:
        for name, value in changed.items():
            setattr(article, name, value)
        article.save(update_fields=[*changed, "updated_at"])
    if changes.tags is not None:
        tags = tags_for_names(article.owner_id, changes.tags)
        if replace_tags:
            article.tags.set(tags)
        else:
            add_tags([article], tags)
        # Apps syncing with `since` see the new tags.
        Article.objects.filter(pk=article.pk).update(updated_at=timezone.now())
    _change_states(article, changes)


def _change_states(article: Article, changes: Changes) -> None:
    this = Article.objects.filter(pk=article.pk)
    if changes.archive is True:
        this.archive()
    elif changes.archive is False:  # back in the Unread list, as the app now shows it
        this.archive(False)
        this.mark_read(False)
    if changes.starred is not None:
        this.star(changes.starred)
