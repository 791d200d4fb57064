from django import template

from articles.feeds.models import FeedToken

register = template.Library()


@register.simple_tag
def feed_token_of(user) -> FeedToken | None:
    """The user's feed token, if feeds are on (the account page says when it was made and used)."""
    return FeedToken.objects.filter(user=user).first()
