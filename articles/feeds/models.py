"""The feed token: the key in a user's feed URLs and their e-reader's password."""

from typing import ClassVar

from articles.tokens import HashedToken


class FeedToken(HashedToken):
    """Reads the user's feeds and catalogue (articles and EPUBs), nothing else: it cannot log
    in, change or delete anything. Revoking it (deleting the row) breaks every URL made with it.
    """

    PREFIX: ClassVar[str] = "nrf_"

    class Meta(HashedToken.Meta):
        verbose_name = "feed token"
