"""The one family of ingestion failures. Every message is written for the user and shown as is."""


class IngestError(Exception):
    """Saving failed for a reason the user can act on; str(error) is the message to show."""

    # Whether pasting the page's HTML would get around this failure (paywall, blocked fetch...).
    suggest_paste = True


class InvalidURL(IngestError):
    suggest_paste = False


class BlockedAddress(IngestError):
    """The URL points at a private, local or otherwise forbidden address, scheme or port."""


class FetchFailed(IngestError):
    """The server could not be reached, or the connection broke."""


class TooSlow(IngestError):
    pass


class TooLarge(IngestError):
    pass


class TooManyRedirects(IngestError):
    pass


class NotAWebPage(IngestError):
    """The response is a PDF, an image, a video or some other non-HTML type."""

    suggest_paste = False


class HTTPStatusError(IngestError):
    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


class NoArticleFound(IngestError):
    """The page has no readable article: a paywall, a login wall, a script-built page, a stub."""
