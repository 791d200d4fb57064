"""The benchmarks' seed still fits the schema: it writes every column by hand, so a new NOT NULL
column or a renamed table would otherwise break `make bench` unnoticed (it has happened)."""

from pathlib import Path

from django.db import connection

from articles.listing import Listing
from articles.models import Article

SEED = Path(__file__).resolve().parent.parent / "bench" / "library_seed.sql"


def test_the_library_seed_fills_a_library_the_app_can_list(db, django_user_model):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL bench.articles = 40")
        cursor.execute(SEED.read_text())
    reader = django_user_model.objects.get(username="reader")
    assert Article.objects.filter(owner=reader).count() == 40
    assert Article.objects.exclude(owner=reader).count() == 3 * 8
    page = Listing(view="all").page(reader)
    assert len(page.articles) == 30 and all(card.title for card in page.articles)
    assert any(card.tags for card in page.articles)
