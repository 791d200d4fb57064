from django import template

from articles.wallabag.account import clients_for

register = template.Library()


@register.simple_tag(takes_context=True)
def api_clients(context):
    """`{% api_clients as api %}`: the account page's wallabag API clients."""
    return clients_for(context["request"])
