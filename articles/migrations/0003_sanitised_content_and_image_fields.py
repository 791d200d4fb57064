from django.db import migrations

import articles.fields


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_search"),
    ]

    operations = [
        migrations.AlterField(
            model_name="article",
            name="content_html",
            field=articles.fields.SanitisedHTMLField(
                blank=True,
                help_text=(
                    "Sanitised when saved: scripts, styles, forms, frames, meta tags and images "
                    "on private addresses are removed, as from every saved page."
                ),
            ),
        ),
        migrations.AlterField(
            model_name="article",
            name="lead_image_url",
            field=articles.fields.ImageURLField(blank=True, max_length=2048),
        ),
    ]
