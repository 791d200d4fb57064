"""The account page's token list, read by its own include (templates/account/_api_tokens.html),
so the account view needs to know nothing about tokens."""

from django import template

from articles.views.api_tokens import TokenForm, tokens_of

register = template.Library()


@register.simple_tag
def personal_tokens(user):
    return {"tokens": list(tokens_of(user)), "form": TokenForm()}
