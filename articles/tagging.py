"""Tag names from user text, and the tag operations every door shares (forms, admin, import)."""

import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Coalesce, Lower
from django.utils.text import slugify

from articles.models import Article, Tag, unique_tag_slug
from articles.user_input import normalise
from articles.views.feedback import quoted

MAX_TAG_LENGTH = 100
MAX_TAGS_PER_SUBMISSION = 100
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"\s+")


def parse_tag_names(text: str) -> list[str]:
    """Split comma-separated text into clean tag names, dropping empties and case duplicates."""
    names, seen = [], set()
    for raw in normalise(text).split(","):
        name = _SPACES.sub(" ", _CONTROL.sub(" ", raw)).strip()
        if not name:
            continue
        if len(name) > MAX_TAG_LENGTH:
            raise ValidationError(
                f"A tag can be at most {MAX_TAG_LENGTH} characters; “{name[:30]}…” is {len(name)}."
            )
        if name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    if len(names) > MAX_TAGS_PER_SUBMISSION:
        raise ValidationError(
            f"Add at most {MAX_TAGS_PER_SUBMISSION} tags at once ({len(names)} given)."
        )
    return names


def find_tags(owner_ids, names: list[str]):
    """Tags of these owners whose names match, ignoring case (and Unicode spelling)."""
    return Tag.objects.annotate(name_lower=Lower("name")).filter(
        owner_id__in=owner_ids, name_lower__in=[normalise(n).lower() for n in names]
    )


def tags_for_names(owner_id: int, names: list[str]) -> list[Tag]:
    """The owner's tags with these names (matched case-insensitively), creating missing ones."""
    if not names:
        return []
    names = [normalise(name) for name in names]
    existing = {tag.name_lower: tag for tag in find_tags([owner_id], names)}
    return [existing.get(name.lower()) or _get_or_create_tag(owner_id, name) for name in names]


def _get_or_create_tag(owner_id: int, name: str) -> Tag:
    # Two requests may create the same tag at once; the unique constraint decides, we re-read.
    try:
        with transaction.atomic():
            return Tag.objects.create(owner_id=owner_id, name=name)
    except IntegrityError:
        return find_tags([owner_id], [name]).get()


def add_tags(articles, tags: list[Tag]) -> None:
    """Attach tags to articles in one statement, ignoring pairs that already exist."""
    through = Article.tags.through
    through.objects.bulk_create(
        [through(article_id=a.pk, tag_id=t.pk) for a in articles for t in tags],
        ignore_conflicts=True,
    )


def remove_tags(articles, tags: list[Tag]) -> None:
    Article.tags.through.objects.filter(article__in=articles, tag__in=tags).delete()


@transaction.atomic
def merge_tags(target: Tag, others: list[Tag]) -> int:
    """Move every article of `others` onto `target`, then delete `others`. Nothing is lost."""
    others = [t for t in others if t.pk != target.pk]
    if any(t.owner_id != target.owner_id for t in others):
        raise ValidationError("Only tags of the same user can be merged.")
    through = Article.tags.through
    article_ids = set(through.objects.filter(tag__in=others).values_list("article_id", flat=True))
    through.objects.bulk_create(
        [through(article_id=pk, tag_id=target.pk) for pk in article_ids], ignore_conflicts=True
    )
    Tag.objects.filter(pk__in=[t.pk for t in others]).delete()
    return len(article_ids)


def tags_with_counts(user):
    """The user's tags in name order, each with `count`, its number of articles (kept by
    triggers: articles/counts.py)."""
    return (
        Tag.objects.filter(owner=user)
        .annotate(count=Coalesce("counted__articles", 0))
        .order_by(Lower("name"), "id")
    )


def rename_tag(tag: Tag, name: str) -> None:
    """Give a tag a new name; its links follow (a new slug) unless only the case changed.
    ValidationError if the owner has another tag of that name (they should merge them)."""
    taken = ValidationError(f"You already have a tag named {quoted(name)}: merge them instead.")
    if find_tags([tag.owner_id], [name]).exclude(pk=tag.pk).exists():
        raise taken
    tag.name = name
    if slugify(name, allow_unicode=True)[:100] != tag.slug:
        tag.slug = unique_tag_slug(tag.owner_id, name)
    try:
        with transaction.atomic():
            tag.save(update_fields=["name", "slug"])
    except IntegrityError:  # created under that name a moment ago, in another tab
        raise taken from None


def merge_into_named(tag: Tag, name: str) -> tuple[Tag, int]:
    """Merge a tag into the owner's tag called `name`: that tag, and how many articles moved.
    ValidationError if there is no such tag, or it is this one."""
    target = find_tags([tag.owner_id], [name]).first()
    if target is None:
        raise ValidationError(
            "You have no tag by that name. To give this tag a new name, rename it."
        )
    if target.pk == tag.pk:
        raise ValidationError("Choose another tag to merge this one into.")
    return target, merge_tags(target, [tag])
