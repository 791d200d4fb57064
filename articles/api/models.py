"""Personal access tokens: what an app or a script sends to use the API as its user."""

from typing import ClassVar

from articles.tokens import HashedToken


class PersonalToken(HashedToken):
    """Created, named and revoked on the account page; the secret is shown once (`issue`)."""

    PREFIX: ClassVar[str] = "nrp_"

    class Meta(HashedToken.Meta):
        verbose_name = "personal access token"
