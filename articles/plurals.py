"""Counts in words through Django's plural forms, so that no message says "1 articles"."""

from django.utils.translation import ngettext


def articles_count(count: int) -> str:
    """1 article, 2 articles, 1,240 articles."""
    return ngettext("%(n)s article", "%(n)s articles", count) % {"n": f"{count:,}"}


def tags_count(count: int) -> str:
    return ngettext("%(n)s tag", "%(n)s tags", count) % {"n": f"{count:,}"}
