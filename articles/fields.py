"""Model fields that keep their promise whatever writes them (SECURITY.md, “The sanitiser”).

save() and bulk_create() go through pre_save, which also corrects the instance; update() and
bulk_update() through get_db_prep_save. So the admin, imports and any API to come cannot store
an article's HTML unsanitised, or an image address its reader's browser must not load.
"""

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
