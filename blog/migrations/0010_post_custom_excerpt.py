"""An author's own excerpt. SQLite adds the column by building the table anew, which drops the
triggers keeping the search index (0007): they are made again, and the index rebuilt."""

from importlib import import_module

from django.db import migrations, models

SEARCH_INDEX = import_module("blog.migrations.0007_post_body_text")


def sqlite_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SEARCH_INDEX.SQLITE_LIVE_POSTS:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0009_post_featured_image"),
    ]

    operations = [
        # Going back, the column goes by the same rebuild: the index is made again after it.
        migrations.RunPython(migrations.RunPython.noop, sqlite_search_index, elidable=False),
        migrations.AddField(
            model_name="post",
            name="custom_excerpt",
            field=models.CharField(
                blank=True,
                help_text="A sentence or two for lists and link previews (search engines show "
                "about 160 characters). Left blank, the post's first words.",
                max_length=300,
                verbose_name="excerpt",
            ),
        ),
        migrations.RunPython(sqlite_search_index, migrations.RunPython.noop, elidable=False),
    ]
