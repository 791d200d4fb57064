"""`{% url %}`, with a route that takes no arguments reversed once per process.

A library page holds about thirty such links (the navigation, the header, the bulk form) and the
reader a dozen; reversing each on every request was a few percent of a page's time. Installed as
a template builtin (settings.TEMPLATES), so templates keep writing the ordinary `{% url %}`.
Links with arguments, `as` variables and namespaced names (the admin's, which depend on the
current application) are reversed as Django does.
"""

from django import template
from django.conf import settings
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape

register = template.Library()

# (name, what the URL depends on) -> path. The key holds the URL configuration in use and the
# prefix the site is served under, so tests that change either get their own entries.
_reversed: dict[tuple[str, str, object, str], str] = {}


class RouteNode(URLNode):
    def render(self, context):
        name = self.view_name.resolve(context)
        if self.args or self.kwargs or self.asvar or ":" in name:
            return super().render(context)
        key = (name, settings.ROOT_URLCONF, get_urlconf(), get_script_prefix())
        if (path := _reversed.get(key)) is None:
            path = _reversed[key] = reverse(name)
        return conditional_escape(path) if context.autoescape else path


@register.tag
def url(parser, token):
    node = django_url(parser, token)
    return RouteNode(node.view_name, node.args, node.kwargs, node.asvar)
