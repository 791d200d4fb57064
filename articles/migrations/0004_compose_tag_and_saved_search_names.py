"""Names saved before newsreader NFC-normalised them: "Café" typed with a combining accent
becomes "Café" precomposed, and a tag that then has a twin of the same name is merged into it
(its articles keep both tags' links). Saved-search names that would collide get a number."""

import unicodedata

from django.db import migrations
from django.db.models.functions import Lower


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def not_composed(schema_editor, table: str, columns: list[str]) -> list[int]:
    condition = " OR ".join(f"NOT ({column} IS NFC NORMALIZED)" for column in columns)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {table} WHERE {condition} ORDER BY id")
        return [row[0] for row in cursor.fetchall()]


def compose_tags(apps, schema_editor):
    Tag = apps.get_model("articles", "Tag")
    through = apps.get_model("articles", "Article").tags.through
    for tag in Tag.objects.filter(pk__in=not_composed(schema_editor, "articles_tag", ["name"])):
        name = nfc(tag.name)
        twin = (
            Tag.objects.filter(owner_id=tag.owner_id)
            .annotate(lower=Lower("name"))
            .filter(lower=name.lower())
            .exclude(pk=tag.pk)
            .first()
        )
        if twin is None:
            tag.name = name
            tag.save(update_fields=["name"])
            continue
        article_ids = through.objects.filter(tag_id=tag.pk).values_list("article_id", flat=True)
        through.objects.bulk_create(
            [through(article_id=pk, tag_id=twin.pk) for pk in article_ids], ignore_conflicts=True
        )
        tag.delete()


def compose_saved_searches(apps, schema_editor):
    SavedSearch = apps.get_model("articles", "SavedSearch")
    ids = not_composed(schema_editor, "articles_savedsearch", ["name", "query"])
    for saved in SavedSearch.objects.filter(pk__in=ids):
        taken = (
            SavedSearch.objects.filter(owner_id=saved.owner_id)
            .exclude(pk=saved.pk)
            .annotate(lower=Lower("name"))
        )
        name, n = nfc(saved.name), 2
        while taken.filter(lower=name.lower()).exists():
            name, n = f"{nfc(saved.name)[:95]} ({n})", n + 1
        saved.name, saved.query = name, nfc(saved.query)
        saved.save(update_fields=["name", "query"])


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_sanitised_content_and_image_fields")]

    operations = [
        migrations.RunPython(compose_tags, migrations.RunPython.noop),
        migrations.RunPython(compose_saved_searches, migrations.RunPython.noop),
    ]
