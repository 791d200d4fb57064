"""Embedded video and audio players become links to what they play.

The reader shows no third-party frames (the sanitiser drops them, the CSP forbids them), but a
reader should still see that the article had a video there, and reach it in one tap. Only the
players of well-known hosting services count: other frames are ads, widgets and trackers.
"""

import re
from urllib.parse import urlsplit

from lxml import etree

PLAYER_TAGS = ("iframe", "embed", "object", "video", "audio")
SOURCE_ATTRIBUTES = ("src", "data-src", "data")

# host (without "www."): the service's name, and what it hosts
SERVICES = {
    "youtube.com": ("YouTube", "Video"),
    "youtube-nocookie.com": ("YouTube", "Video"),
    "youtu.be": ("YouTube", "Video"),
    "player.vimeo.com": ("Vimeo", "Video"),
    "vimeo.com": ("Vimeo", "Video"),
    "dailymotion.com": ("Dailymotion", "Video"),
    "player.twitch.tv": ("Twitch", "Video"),
    "embed.ted.com": ("TED", "Talk"),
    "archive.org": ("the Internet Archive", "Recording"),
    "w.soundcloud.com": ("SoundCloud", "Audio"),
    "open.spotify.com": ("Spotify", "Audio"),
    "bandcamp.com": ("Bandcamp", "Audio"),
    "upload.wikimedia.org": ("Wikimedia Commons", "Media"),
}
# Embed addresses rewritten to the service's own page, which works in any browser.
WATCH_PAGES = [
    (re.compile(r"^(?:www\.)?youtube(?:-nocookie)?\.com/embed/([\w-]{6,})"),
        "https://www.youtube.com/watch?v={}"),
    (re.compile(r"^player\.vimeo\.com/video/(\d+)"), "https://vimeo.com/{}"),
    (re.compile(r"^(?:www\.)?dailymotion\.com/embed/video/(\w+)"),
        "https://www.dailymotion.com/video/{}"),
]  # fmt: skip
# Frame titles that name the player, not what it plays.
GENERIC_TITLE = re.compile(r"player|embed|video|iframe|^\W*$", re.I)


def link_players(root) -> None:
    """Replace each known player in the parsed page with a paragraph linking to its media."""
    for element in list(root.iter(*PLAYER_TAGS)):
        if element.getparent() is None or _inside_player(element):
            continue
        found = _player_address(element)
        if found is None:
            continue
        address, (service, kind) = found
        link = etree.Element("a", href=_watch_page(address))
        title = (element.get("title") or "").strip()
        link.text = f"{kind} on {service}" + (
            f": {title}" if title and not GENERIC_TITLE.search(title) else ""
        )
        paragraph = etree.Element("p")
        paragraph.append(link)
        paragraph.tail = element.tail
        element.getparent().replace(element, paragraph)


def _inside_player(element) -> bool:
    return any(ancestor.tag in PLAYER_TAGS for ancestor in element.iterancestors())


def _player_address(element) -> tuple[str, tuple[str, str]] | None:
    candidates = [element.get(name) for name in SOURCE_ATTRIBUTES]
    candidates += [source.get("src") for source in element.iter("source", "embed")]
    candidates += [param.get("value") for param in element.iter("param")]
    for candidate in candidates:
        address = (candidate or "").strip()
        if address.startswith("//"):
            address = "https:" + address
        parts = urlsplit(address)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            continue
        host = parts.hostname.removeprefix("www.")
        service = SERVICES.get(host) or SERVICES.get(host.partition(".")[2])
        if service:
            return address, service
    return None


def _watch_page(address: str) -> str:
    parts = urlsplit(address)
    where = f"{parts.hostname}{parts.path}"
    for pattern, page in WATCH_PAGES:
        match = pattern.match(where)
        if match:
            return page.format(match[1])
    return address
