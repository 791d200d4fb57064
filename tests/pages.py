"""Realistic article pages for saving and re-fetching tests."""

from html import escape

_SENTENCES = [
    "The committee met on Tuesday to weigh the evidence gathered over the past year.",
    "Residents described long queues at the only clinic still open in the district.",
    "Engineers say the bridge was designed for half the traffic it now carries every day.",
    "Several witnesses contradicted the official account of what happened that night.",
    "The report recommends a gradual approach rather than a sudden change of policy.",
    "Farmers in the valley have adapted by planting crops that need far less water.",
    "Critics argue the plan ignores the cost borne by the smallest businesses in town.",
    "Historians note that a similar debate divided the city more than a century ago.",
]


def article_html(
    title="A Long Story About Bridges",
    paragraphs=12,
    byline="Jane Doe",
    site="The Daily Example",
    extra="",
):
    body = "\n".join(
        f"<p>{' '.join(_SENTENCES[(i + j) % len(_SENTENCES)] for j in range(4))}</p>"
        for i in range(paragraphs)
    )
    t, b, s = escape(title), escape(byline), escape(site)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{t} | {s}</title>
<meta property="og:title" content="{t}">
<meta property="og:site_name" content="{s}">
<meta name="author" content="{b}">
<meta property="article:published_time" content="2026-03-14T09:30:00Z">
</head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/s">Sport</a></nav></header>
<main><article>
<h1>{t}</h1>
<p class="byline">By {b}</p>
{body}
{extra}
</article></main>
<footer><p>Copyright {s}. All rights reserved.</p></footer>
</body></html>"""


def stub_html(title="Subscribe to continue"):
    return f"""<!doctype html><html lang="en"><head><title>{escape(title)}</title></head>
<body><h1>{escape(title)}</h1><p>Subscribe to read this article.</p></body></html>"""


def teaser_html(title="The Big Story"):
    """The free first lines of a paywalled story, then the prompt to subscribe."""
    return f"""<!doctype html><html lang="en"><head><title>{escape(title)}</title></head>
<body><article><h1>{escape(title)}</h1>
<p>The first lines of the big story are free to read, and then the rest is not.</p>
<div class="paywall"><p>Subscribe to continue reading.</p></div></article></body></html>"""
