"""The one family of ingestion failures. Every message is written for the user and shown as is."""


class IngestError(Exception):
    """Saving failed for a reason the user can act on; str(error) is the message to show."""

    # Whether pasting the page's HTML would get around this failure (paywall, blocked fetch...).
    suggest_paste = True
    # Whether the same fetch may work later (the worker retries it, with growing pauses).
    transient = False


class InvalidURL(IngestError):
    suggest_paste = False


class BlockedAddress(IngestError):
    """The URL points at a private, local or otherwise forbidden address, scheme or port."""


class FetchFailed(IngestError):
    """The server could not be reached, or the connection broke."""

    transient = True


class NoSuchSite(FetchFailed):
    """DNS says the name does not exist: a domain that lapsed, or a typo. Old exports are full of
    them, and retrying each for hours would only delay the answer the user needs."""

    transient = False


class TooSlow(IngestError):
    transient = True


class TooLarge(IngestError):
    pass


class TooManyRedirects(IngestError):
    pass


class NotAWebPage(IngestError):
    """The response is a PDF, an image, a video or some other non-HTML type."""

    suggest_paste = False


class HTTPStatusError(IngestError):
    # Statuses that say "not now" rather than "never".
    TRANSIENT = {408, 425, 429, 500, 502, 503, 504, 507, 509, 520, 521, 522, 523, 524}

    def __init__(self, message: str, status: int, retry_after: float | None = None):
        super().__init__(message)
        self.status = status
        self.transient = status in self.TRANSIENT
        self.retry_after = retry_after  # seconds the site asked us to wait (Retry-After)


class NoArticleFound(IngestError):
    """The page has no readable article: a paywall, a login wall, a script-built page, a stub."""
