"""What an export covers: the whole library, a tag, a search, a selection or one article."""

from dataclasses import asdict, dataclass, field

from django.http import Http404
from django.utils.text import Truncator

from articles.access import get_article_for_user, get_tag_for_user
from articles.models import Article

KINDS = ("library", "tag", "search", "selection", "article")
MAX_SELECTED = 1000


@dataclass(frozen=True)
class Scope:
    kind: str = "library"
    tag: str = ""  # slug
    query: str = ""
    ids: list[int] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "Scope":
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})

    @classmethod
    def from_request(cls, data) -> "Scope":
        """From the export form's fields (GET or POST); unknown kinds are not found."""
        kind = data.get("scope", "library")
        if kind not in KINDS:
            raise Http404("No such export.")
        ids = [int(i) for i in data.getlist("ids")[:MAX_SELECTED] if i.isdigit() and len(i) < 19]
        if kind == "article":
            ids = ids[:1]
        return cls(kind, tag=data.get("tag", "")[:200], query=data.get("q", "")[:1000], ids=ids)


def articles_in(user, scope: Scope):
    """The user's articles in the scope, unordered; someone else's tag or article is a 404."""
    articles = Article.objects.for_user(user)
    if scope.kind == "tag":
        return articles.filter(tags=get_tag_for_user(user, scope.tag))
    if scope.kind == "search":
        from articles.search import search_articles

        return articles.filter(pk__in=search_articles(user, scope.query).matches.values("pk"))
    if scope.kind == "article":
        return articles.filter(pk=get_article_for_user(user, scope.ids[0] if scope.ids else 0).pk)
    if scope.kind == "selection":
        return articles.filter(pk__in=scope.ids)
    return articles


def describe(user, scope: Scope) -> str:
    if scope.kind == "tag":
        return f"tag “{get_tag_for_user(user, scope.tag).name}”"
    if scope.kind == "search":
        return f"search “{Truncator(scope.query).chars(60)}”"
    if scope.kind == "article":
        article = get_article_for_user(user, scope.ids[0] if scope.ids else 0)
        return f"“{Truncator(str(article)).chars(80)}”"
    if scope.kind == "selection":
        return "selected articles"
    return "whole library"


def file_stem(user, scope: Scope, today) -> str:
    label = {"library": "library", "tag": scope.tag, "search": "search", "selection": "selection"}
    stem = label.get(scope.kind, "article")
    return f"newsreader-{user.get_username()}-{stem}-{today:%Y-%m-%d}"
