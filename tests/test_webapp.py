"""The installable web app: a manifest browsers accept, its icons, the service worker at the
root, the offline page. (tests/e2e/test_clients_browser.py installs the worker in Chromium.)"""

import json
import struct
from pathlib import Path

from django.contrib.staticfiles import finders
from django.urls import reverse


def png_size(path: str) -> tuple[int, int]:
    with open(path, "rb") as image:
        head = image.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR"
    return struct.unpack(">II", head[16:24])


def test_the_manifest_makes_an_installable_app_with_a_share_target(client, db):
    response = client.get(reverse("manifest"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "newsreader" and manifest["short_name"]
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#ffffff" and manifest["background_color"] == "#f7f7f5"
    sizes = set()
    for icon in manifest["icons"]:
        path = finders.find(icon["src"].removeprefix("/static/"))
        assert path, icon["src"]
        width, height = png_size(path)
        assert icon["sizes"] == f"{width}x{height}" and icon["type"] == "image/png"
        sizes.add((icon["sizes"], icon["purpose"]))
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    share = manifest["share_target"]
    assert share["action"] == reverse("quick_save") and share["method"] == "GET"
    assert share["params"] == {"title": "title", "text": "text", "url": "url"}


def test_the_theme_colours_are_the_stylesheets(db):
    css = Path(finders.find("css/app.css")).read_text()
    assert "--surface: #ffffff;" in css and "--bg: #f7f7f5;" in css
    assert "--surface: #1b1d20;" in css  # the dark theme-color in base.html


def test_the_service_worker_is_served_from_the_root_with_the_shell_to_keep(client, db):
    response = client.get(reverse("service_worker"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    script = response.content.decode()
    shell = json.loads(script.split("const SHELL = ", 1)[1].split(";\n", 1)[0])
    assert "/static/css/app.css" in shell and "/static/js/app.js" in shell
    assert all(finders.find(url.removeprefix("/static/")) for url in shell)
    assert 'const OFFLINE = "/offline/";' in script
    assert 'const SIGN_IN_OR_OUT = ["/login/", "/logout/"];' in script
    assert "&quot;" not in script and "&#x27;" not in script  # not HTML-escaped


def test_the_offline_page_needs_no_login_and_every_page_links_the_manifest(client, owner_client):
    offline = client.get(reverse("offline"))
    assert offline.status_code == 200 and "You're offline" in offline.content.decode()
    html = owner_client.get(reverse("unread")).content.decode()
    assert f'<link rel="manifest" href="{reverse("manifest")}">' in html
    assert f'data-service-worker="{reverse("service_worker")}"' in html
