"""Every page carries one strict Content-Security-Policy and the usual security headers."""

from django.urls import reverse


def test_pages_send_a_strict_csp_and_security_headers(owner_client):
    response = owner_client.get(reverse("unread"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert "base-uri 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_pages_have_no_inline_script_or_style(owner_client, make_article):
    article = make_article()
    for url in (reverse("unread"), reverse("article", args=[article.pk]), reverse("login")):
        html = owner_client.get(url).content.decode()
        assert "<script>" not in html and "<script >" not in html, url
        assert " style=" not in html and "<style" not in html, url
        for tag in html.split("<script")[1:]:
            assert "src=" in tag.split(">")[0], f"inline script in {url}"


def test_htmx_requests_carry_the_csrf_token(owner_client):
    html = owner_client.get(reverse("unread")).content.decode()
    assert 'hx-headers=\'{"X-CSRFToken": "' in html
    assert "django_htmx/htmx-2.min.js" in html
