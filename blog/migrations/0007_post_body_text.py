"""Search reads the body as readers read it: `body_text`, the rendered post in plain words,
instead of its Markdown source, so that no `**`, link address or code fence is matched or
quoted in an excerpt. The full-text indexes of 0006 are rebuilt from it, and existing posts
get their `body_text` (and an excerpt with its entities decoded) from the HTML they have.

`PostSearchRow` is SQLite's FTS5 table as a model that migrations do not manage, so that the
search query can join it (blog/search.py).
"""

from django.db import migrations, models
from django.db.models.deletion import DO_NOTHING

import blog.models
from blog.rendering import plain_excerpt, plain_text

BATCH = 500


def postgres_index(body_column: str) -> list[str]:
    return [
        f"""
        CREATE OR REPLACE FUNCTION blog_post_search_vector() RETURNS trigger AS $$
        BEGIN
            NEW.search_vector :=
                setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A')
                || setweight(to_tsvector('english', coalesce(NEW.{body_column}, '')), 'B');
            RETURN NEW;
        END
        $$ LANGUAGE plpgsql
        """,
        "DROP TRIGGER IF EXISTS blog_post_search_vector_trigger ON blog_post",
        f"""
        CREATE TRIGGER blog_post_search_vector_trigger
        BEFORE INSERT OR UPDATE OF title, {body_column} ON blog_post
        FOR EACH ROW EXECUTE FUNCTION blog_post_search_vector()
        """,
        "UPDATE blog_post SET title = title",
    ]


def sqlite_index(body_column: str) -> list[str]:
    return [
        "DROP TRIGGER IF EXISTS blog_post_fts_insert",
        "DROP TRIGGER IF EXISTS blog_post_fts_update",
        "DROP TRIGGER IF EXISTS blog_post_fts_delete",
        "DELETE FROM blog_post_fts",
        f"""
        CREATE TRIGGER blog_post_fts_insert AFTER INSERT ON blog_post BEGIN
            INSERT INTO blog_post_fts(rowid, title, body)
            VALUES (new.id, new.title, new.{body_column});
        END
        """,
        f"""
        CREATE TRIGGER blog_post_fts_update AFTER UPDATE OF id, title, {body_column}
        ON blog_post BEGIN
            DELETE FROM blog_post_fts WHERE rowid = old.id;
            INSERT INTO blog_post_fts(rowid, title, body)
            VALUES (new.id, new.title, new.{body_column});
        END
        """,
        """
        CREATE TRIGGER blog_post_fts_delete AFTER DELETE ON blog_post BEGIN
            DELETE FROM blog_post_fts WHERE rowid = old.id;
        END
        """,
        f"""
        INSERT INTO blog_post_fts(rowid, title, body)
        SELECT id, title, {body_column} FROM blog_post
        """,
    ]


def index_from(body_column: str):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        statements = {"postgresql": postgres_index, "sqlite": sqlite_index}.get(vendor)
        for statement in statements(body_column) if statements else []:
            schema_editor.execute(statement)

    return run


def fill_body_text(apps, schema_editor):
    Post = apps.get_model("blog", "Post")
    posts = Post._base_manager.only("pk", "body_html").order_by("pk")
    batch = []
    for post in posts.iterator(chunk_size=BATCH):
        post.body_text = plain_text(post.body_html)
        post.excerpt = plain_excerpt(post.body_text)
        batch.append(post)
        if len(batch) == BATCH:
            Post._base_manager.bulk_update(batch, ["body_text", "excerpt"])
            batch = []
    Post._base_manager.bulk_update(batch, ["body_text", "excerpt"])


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0006_post_full_text_search"),
    ]

    operations = [
        migrations.AddField(
            model_name="post",
            name="body_text",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fill_body_text, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(index_from("body_text"), index_from("body"), elidable=False),
        migrations.CreateModel(
            name="PostSearchRow",
            fields=[
                (
                    "post",
                    models.OneToOneField(
                        db_column="rowid",
                        db_constraint=False,
                        on_delete=DO_NOTHING,
                        primary_key=True,
                        related_name="search_row",
                        serialize=False,
                        to="blog.post",
                    ),
                ),
                ("title", models.TextField()),
                ("body", models.TextField()),
                ("index", blog.models.FullTextIndexField(db_column="blog_post_fts")),
            ],
            options={"db_table": "blog_post_fts", "managed": False},
        ),
    ]
