"""/api/v1/tags: every tag with its count; rename, merge, delete (the tags page's operations)."""

from django.core.exceptions import ValidationError
from ninja import Router, Status

from articles import tagging
from articles.access import get_tag_for_user
from articles.api.errors import ApiError, ErrorOut
from articles.api.schemas import TagMerge, TagMerged, TagName, TagOut
from articles.forms import TagNameForm

router = Router(tags=["tags"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 429: ErrorOut}


@router.get("", response={200: list[TagOut], **ERRORS}, url_name="tags")
def list_tags(request):
    """Every tag of the user, in name order, with how many articles have it."""
    return list(tagging.tags_with_counts(request.auth))


@router.patch("/{str:slug}", response={200: TagOut, **ERRORS}, url_name="tag")
def rename_tag(request, slug: str, payload: TagName):
    """A new name; the slug follows it (unless only the case changed). A name another tag
    already has is refused: merge them instead."""
    tag = get_tag_for_user(request.auth, slug)
    name = _checked_name(payload.name)
    try:
        tagging.rename_tag(tag, name)
    except ValidationError as error:
        raise ApiError.invalid({"name": list(error.messages)}) from None
    return _with_count(request.auth, tag.pk)


@router.post("/{str:slug}/merge", response={200: TagMerged, **ERRORS}, url_name="tag_merge")
def merge_tag(request, slug: str, payload: TagMerge):
    """Move this tag's articles onto the tag named `into`, then delete this one."""
    tag = get_tag_for_user(request.auth, slug)
    try:
        target, moved = tagging.merge_into_named(tag, _checked_name(payload.into, "into"))
    except ValidationError as error:
        raise ApiError.invalid({"into": list(error.messages)}) from None
    return {"tag": _with_count(request.auth, target.pk), "moved": moved}


@router.delete("/{str:slug}", response={204: None, **ERRORS})
def delete_tag(request, slug: str):
    """The tag goes; its articles stay."""
    get_tag_for_user(request.auth, slug).delete()
    return Status(204, None)


def _checked_name(name: str, field: str = "name") -> str:
    form = TagNameForm(data={"name": name})
    if not form.is_valid():
        raise ApiError.invalid({field: list(form.errors["name"])})
    return form.cleaned_data["name"]


def _with_count(user, pk: int):
    return tagging.tags_with_counts(user).get(pk=pk)
