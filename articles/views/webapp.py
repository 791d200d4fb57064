"""newsreader as an installable web app: its manifest (with the share target, so "Share →
newsreader" on a phone opens the quick-save page), its service worker, and the page shown
offline. None of them holds anything of the user's: they are served without login.
"""

import hashlib
import json

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_safe

# Matching static/css/app.css: the header's surface (theme) and the page behind it (splash).
THEME_COLOR = "#ffffff"
BACKGROUND_COLOR = "#f7f7f5"
ICONS = [
    ("img/icon-192.png", "192x192", "any"),
    ("img/icon-512.png", "512x512", "any"),
    ("img/icon-maskable-192.png", "192x192", "maskable"),
    ("img/icon-maskable-512.png", "512x512", "maskable"),
]
# What the app needs to open at all, cached when the service worker installs.
SHELL = ["css/app.css", "js/app.js", "js/offline.js", "img/icon.svg", "img/icon-192.png"]


@login_not_required
@require_safe
def manifest(request):
    data = {
        "id": reverse("unread"),
        "name": "newsreader",
        "short_name": "newsreader",
        "description": "Your saved articles, to read later on any device.",
        "start_url": reverse("unread"),
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "icons": [
            {"src": static(path), "sizes": sizes, "type": "image/png", "purpose": purpose}
            for path, sizes, purpose in ICONS
        ],
        # GET: the shared link only fills a form; saving is that form's POST, with its CSRF
        # token (SECURITY.md, "Saving from other pages").
        "share_target": {
            "action": reverse("quick_save"),
            "method": "GET",
            "params": {"title": "title", "text": "text", "url": "url"},
        },
        "shortcuts": [
            {"name": "Save a link", "url": reverse("add")},
            {"name": "Starred", "url": reverse("starred")},
        ],
    }
    response = JsonResponse(data, content_type="application/manifest+json")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@login_not_required
@require_safe
def service_worker(request):
    """At the site's root, so that it may control every page (its scope is where it is)."""
    shell = [static(path) for path in SHELL]
    offline_url = reverse("offline")
    # A new version (new static file names after a deploy) replaces the kept shell.
    kept = json.dumps([shell, offline_url, settings.STATIC_URL]).encode()
    context = {
        "version": json.dumps(hashlib.sha256(kept).hexdigest()[:12]),
        "shell": json.dumps(shell),
        "offline": json.dumps(offline_url),
        "static_prefix": json.dumps(static("")),
        "sign_in_or_out": json.dumps([reverse("login"), reverse("logout")]),
    }
    script = render_to_string("webapp/sw.js", context)
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"  # browsers look for a new worker on every visit
    return response


@login_not_required
@require_safe
def offline(request):
    """What the app shows offline for a page it has not kept; lists the articles it has."""
    return render(request, "webapp/offline.html")
