"""Small display helpers for the library and the reader."""

from urllib.parse import urlsplit

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def site_label(article) -> str:
    """The site's name, or the host of the article's link (no requests to favicon services)."""
    if article.site_name:
        return article.site_name
    host = urlsplit(article.url or "").hostname or ""
    return host.removeprefix("www.")


@register.filter
def short_date(value) -> str:
    """28 Nov, or 28 Nov 2024 when it is not this year."""
    if not value:
        return ""
    value, now = timezone.localtime(value), timezone.localtime()
    return value.strftime("%-d %b" if value.year == now.year else "%-d %b %Y")


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
