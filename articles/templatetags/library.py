"""Small display helpers for the library and the reader."""

from django import template
from django.utils import timezone
from django.utils.html import format_html_join

from articles.cards import day_label, failure_text, reading_time, site_label, web_url

register = template.Library()


@register.filter
def nav_count(count: int) -> str:
    """A navigation count: 1,234."""
    return f"{count:,}"


@register.filter
def day(moment) -> str:
    """A date as cards show it: 28 Nov, or 28 Nov 2024 in another year."""
    if not moment:
        return ""
    return day_label(timezone.localtime(moment), timezone.localtime())


# The card's helpers, for the reader.
register.filter(site_label)
register.filter(reading_time)
register.filter(web_url)
register.filter(failure_text)


@register.simple_tag(takes_context=True)
def action_fields(context, place: str = ""):
    """The hidden fields of a card's forms: the CSRF token, where the card is shown outside the
    library (`place`: a search result), the page to return to (no JavaScript) and the list (so
    htmx knows whether the card still belongs in it). Every card of a page carries the same
    ones, so they are built once per render: kept in the render context's first scope, which
    lasts the whole render (as {% include %} keeps its templates), since each {% partial card %}
    opens a scope of its own."""
    whole_render, key = context.render_context.dicts[0], (action_fields, place)
    rendered = whole_render.get(key)
    if rendered is None:
        rendered = whole_render[key] = _action_fields(context, place)
    return rendered


def _action_fields(context, place: str):
    listing, next_url = context.get("listing"), context.get("next_url", "")
    token = str(context.get("csrf_token") or "")  # as {% csrf_token %} renders it
    fields = [("csrfmiddlewaretoken", token)] if token and token != "NOTPROVIDED" else []
    if place:
        fields.append(("place", place))
    fields.append(("next", next_url))
    if listing:
        fields.append(("from", listing.view))
        if listing.view == "tag":
            fields.append(("tag", listing.slug))
        fields.append(("sort", listing.sort))
    return format_html_join("", '<input type="hidden" name="{}" value="{}">', fields)
