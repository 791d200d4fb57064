"""The query's operators as filters on the user's articles: is:, tag:, site:, author:, lang:,
saved:."""

from datetime import datetime, time

from django.db.models import F, Func, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from articles.models import state_q
from articles.search.language import ParsedQuery
from articles.search.tsquery import Matches, search_column, tsquery
from articles.tagging import find_tags

NARROW_TAG = 1000  # articles: a tag this small is searched article by article


def apply_filters(articles, parsed: ParsedQuery, user) -> tuple[QuerySet, int | None]:
    """The filters of the query; also how many articles the smallest wanted tag holds (None
    without one): within a tag, the search reads the tag's articles one by one."""
    tag_size = None
    for state in parsed.states:
        articles = articles.filter(state_q(state))
    for state in parsed.excluded_states:
        articles = articles.exclude(state_q(state))
    if parsed.tags or parsed.excluded_tags:
        articles, tag_size = _apply_tags(articles, parsed, user)
    if parsed.sites or parsed.excluded_sites:
        articles = articles.alias(
            reversed_host=Func(Func(F("url"), function="newsreader_url_host"), function="reverse")
        )
    for site in parsed.sites:
        articles = articles.filter(_site_filter(site))
    for site in parsed.excluded_sites:
        articles = articles.exclude(_site_filter(site))
    for author in parsed.authors:
        articles = articles.filter(byline__unaccent__icontains=author)
    for author in parsed.excluded_authors:
        articles = articles.exclude(byline__unaccent__icontains=author)
    for lang in parsed.langs:
        articles = articles.filter(_lang_filter(lang))
    for lang in parsed.excluded_langs:
        articles = articles.exclude(_lang_filter(lang))
    tz = timezone.get_current_timezone()
    if parsed.saved_from:
        articles = articles.filter(created_at__gte=datetime.combine(parsed.saved_from, time(), tz))
    if parsed.saved_until:
        articles = articles.filter(created_at__lt=datetime.combine(parsed.saved_until, time(), tz))
    return articles, tag_size


def is_narrow(tag_size: int | None) -> bool:
    """Whether a wanted tag holds few enough articles to read their vectors one by one."""
    return tag_size is not None and tag_size <= NARROW_TAG


def _apply_tags(articles, parsed: ParsedQuery, user):
    """tag: and -tag:, through the tag markers of the small head vector ('tag 42').

    A filter on the head comes before the text match in the WHERE clause, so an article of
    another tag is skipped without reading its large vector. Also says how many articles the
    smallest wanted tag holds (kept by the database, articles/counts.py), or None.
    """
    names = [*parsed.tags, *parsed.excluded_tags]
    tags = find_tags([user.pk], names).annotate(size=Coalesce("counted__articles", 0))
    found = {tag.name_lower: tag for tag in tags}
    missing = [name for name in parsed.tags if name.lower() not in found]
    if missing:
        parsed.notes.append(f"You have no tag named “{missing[0]}”.")
        return articles.none(), None
    wanted = [found[name.lower()] for name in parsed.tags]
    unwanted = [found[name.lower()] for name in parsed.excluded_tags if name.lower() in found]
    markers = [f"'tag {tag.pk}'" for tag in wanted] + [f"!'tag {tag.pk}'" for tag in unwanted]
    if not markers:
        return articles, None
    head = search_column("search_head")
    size = min((tag.size for tag in wanted), default=None)
    return articles.filter(Matches(head, tsquery(" & ".join(markers)))), size


def _site_filter(site: str) -> Q:
    reversed_site = site[::-1]
    condition = Q(reversed_host=reversed_site) | Q(reversed_host__startswith=reversed_site + ".")
    if "." not in site:  # site:nytimes also means the site name
        condition |= Q(site_name__iexact=site)
    return condition


def _lang_filter(lang: str) -> Q:
    lang = lang.lower()
    return (
        Q(language__iexact=lang)
        | Q(language__istartswith=lang + "-")
        | Q(language__istartswith=lang + "_")
    )
