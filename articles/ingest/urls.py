"""Reading URLs the user typed, and recognising the same article behind different URLs."""

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from articles.ingest.addresses import MAX_URL_LENGTH, parse_url
from articles.ingest.errors import InvalidURL

# Controls, and whitespace as str.isspace() sees it (which is what \s matches).
_CONTROL_OR_SPACE = re.compile(r"[\x00-\x1f\x7f\s]")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
# Query parameters that only say where a click came from; the article is the same without them.
_TRACKING_PREFIXES = ("utm_", "mtm_", "pk_", "_hs", "hsa_", "oly_")
_TRACKING_NAMES = {
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid",
    "mc_cid", "mc_eid", "mkt_tok", "_ga", "_gl", "ncid", "cmpid", "ito", "smid", "sr_share",
    "spm", "guccounter", "guce_referrer", "guce_referrer_sig", "__twitter_impression",
}  # fmt: skip


def read_url(text: str) -> str:
    """The URL in what the user typed, or InvalidURL with a message saying what is wrong."""
    url = text.strip()
    if not url:
        raise InvalidURL("Paste the link of the page you want to save.")
    if _CONTROL_OR_SPACE.search(url):
        raise InvalidURL("That link contains spaces or invisible characters; copy it again.")
    if len(url) > MAX_URL_LENGTH:
        raise InvalidURL(f"That link is longer than {MAX_URL_LENGTH} characters.")
    if not _SCHEME.match(url) or url.lower().startswith(("localhost:", "www.")):
        url = "https://" + url.lstrip("/")  # "example.com/story" means the web page
    scheme = url.split(":", 1)[0].lower()
    if scheme not in ("http", "https"):
        raise InvalidURL(f"Only web links (http or https) can be saved, not “{scheme}:” links.")
    if "\\" in url or not _has_host(url):
        raise InvalidURL("That doesn't look like a web link; it should start with https://")
    parse_url(url)  # the fetcher's own reading: a bad host or port is refused here, not later
    return url


def _has_host(url: str) -> bool:
    try:
        return bool(urlsplit(url).hostname)
    except ValueError:  # "http://[::1": parse_url says what is wrong with it
        return True


def normalize_url(url: str) -> str:
    """One spelling per article: lower-case scheme and host, no default port, no fragment,
    no tracking parameters, remaining parameters sorted."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    port = parts.port if parts.port not in (None, {"http": 80, "https": 443}.get(scheme)) else None
    netloc = f"[{host}]" if ":" in host else host
    if port:
        netloc += f":{port}"
    query = sorted(
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not _is_tracking(name)
    )
    return urlunsplit((scheme, netloc, parts.path or "/", urlencode(query), ""))


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in _TRACKING_NAMES or lowered.startswith(_TRACKING_PREFIXES)
