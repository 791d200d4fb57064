"""Small display helpers for the library and the reader."""

from urllib.parse import urlsplit

from django import template
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from articles.listing import COUNT_CAP

register = template.Library()


@register.filter
def site_label(article) -> str:
    """The site's name, or the host of the article's link (no requests to favicon services)."""
    if article.site_name:
        return article.site_name
    host = urlsplit(article.url or "").hostname or ""
    return host.removeprefix("www.")


@register.simple_tag
def short_date(value):
    """<time> with 28 Nov, or 28 Nov 2024 when it is not this year."""
    if not value:
        return ""
    value, now = timezone.localtime(value), timezone.localtime()
    label = value.strftime("%-d %b" if value.year == now.year else "%-d %b %Y")
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), label)


@register.filter
def nav_count(count: int) -> str:
    """A navigation count: 1,234, or 10k+ past the point where counting stops."""
    if count > COUNT_CAP:
        return f"{COUNT_CAP // 1000}k+" if COUNT_CAP >= 1000 else f"{COUNT_CAP}+"
    return f"{count:,}"


@register.filter
def percent(progress) -> int:
    return round((progress or 0) * 100)


@register.filter
def reading_time(article) -> str:
    if not article.word_count:
        return ""
    return f"{max(article.reading_minutes, 1)} min"


@register.filter
def web_url(url) -> str:
    """The URL if it is an http(s) link, else nothing: no javascript: or data: into an href."""
    url = (url or "").strip()
    return url if urlsplit(url).scheme.lower() in ("http", "https") else ""


@register.simple_tag(takes_context=True)
def list_fields(context):
    """Hidden fields telling an action where the user was: the page to return to (no JavaScript)
    and the list (so htmx knows whether the card still belongs in it). Every card of a page
    carries the same ones, so they are built once per request."""
    listing, next_url = context.get("listing"), context.get("next_url", "")
    request = context.get("request")
    cache = request.__dict__.setdefault("_list_fields", {}) if request else {}
    key = (listing, next_url)
    if key not in cache:
        fields = [("next", next_url)]
        if listing:
            fields.append(("from", listing.view))
            if listing.view == "tag":
                fields.append(("tag", listing.slug))
            fields.append(("sort", listing.sort))
        cache[key] = format_html_join("", '<input type="hidden" name="{}" value="{}">', fields)
    return cache[key]
