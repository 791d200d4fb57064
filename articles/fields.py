"""Model fields that keep their promise whatever writes them (SECURITY.md, “The sanitiser”).

save() and bulk_create() go through pre_save, which also corrects the instance; update() and
bulk_update() through get_db_prep_save. So the admin, imports and any API to come cannot store
an article's HTML unsanitised, or an image address its reader's browser must not load.
"""

import hashlib

from django.db import models

from articles.ingest.clean import SanitisedHTML, clean, image_url


class _CheckedOnWrite:
    """A field whose value passes on_write() however it is written."""

    def on_write(self, value):
        raise NotImplementedError

    def pre_save(self, model_instance, add):
        value = self.on_write(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def get_db_prep_save(self, value, connection):
        return super().get_db_prep_save(self.on_write(value), connection)


class SanitisedHTMLField(_CheckedOnWrite, models.TextField):
    """HTML that went through clean(); anything else is cleaned on its way to the database."""

    def on_write(self, value):
        if isinstance(value, str) and not isinstance(value, SanitisedHTML):
            return clean(value)  # idempotent: a stored article saved again is unchanged
        return value


class ImageURLField(_CheckedOnWrite, models.CharField):
    """The address of an image shown to the reader: "" unless its browser may load it."""

    def on_write(self, value):
        return image_url(value) if isinstance(value, str) else value


class LinkHashField(models.CharField):
    """wallabag's SHA-1 of an article's link, which its apps send to ask whether a link is
    saved: computed from the first of `links` that is set on every save() and bulk_create(),
    so that question is one index lookup even right after an import of thousands. PostgreSQL
    has no SHA-1 without pgcrypto (not in every PostgreSQL), so Python computes it. A write
    that bypasses the model (raw SQL, an update() of a link) leaves it NULL, through a trigger
    of migration link_hashes_on_articles, and the next question hashes what is NULL
    (articles/wallabag/lookup.py). "" is an article without a link."""

    def __init__(self, *args, links: tuple[str, ...] = (), **kwargs):
        self.links = links
        kwargs |= {"max_length": 40, "null": True, "editable": False}
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        for implied in ("max_length", "null", "editable"):
            kwargs.pop(implied, None)
        return name, path, args, kwargs | {"links": self.links}

    def pre_save(self, model_instance, add):
        link = next((value for name in self.links if (value := getattr(model_instance, name))), "")
        value = sha1(link) if link else ""
        setattr(model_instance, self.attname, value)
        return value


def sha1(text: str) -> str:
    # wallabag's UrlHasher: clients compute it too, to ask whether a link is saved.
    return hashlib.sha1(text.encode()).hexdigest()
