"""Search reads the body as readers read it: `body_text`, the rendered post in plain words,
instead of its Markdown source, so that no `**`, link address or code fence is matched or
quoted in an excerpt. The full-text indexes of 0006 are rebuilt from it, and existing posts
get their `body_text` (and an excerpt with its entities decoded) from the HTML they have.
SQLite's index now holds only the published posts outside the trash.
"""

from importlib import import_module

from django.db import migrations, models

from blog.rendering import plain_excerpt, plain_text

BATCH = 500
BEFORE = import_module("blog.migrations.0006_post_full_text_search")
SQLITE_REMOVE_INDEX = BEFORE.SQLITE_BACKWARD


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


# SQLite's index holds the published posts outside the trash, so that it counts and ranks a
# search's matches on its own; the posts of one page are then read by id. Scheduled posts are
# in it (no write marks the moment their time comes): search leaves out those still to come.
SQLITE_LIVE_POSTS = [
    *SQLITE_REMOVE_INDEX,
    """
    CREATE VIRTUAL TABLE blog_post_fts USING fts5(title, body, tokenize='porter unicode61')
    """,
    """
    CREATE TRIGGER blog_post_fts_insert AFTER INSERT ON blog_post
    WHEN new.status = 'published' AND new.deleted_at IS NULL BEGIN
        INSERT INTO blog_post_fts(rowid, title, body) VALUES (new.id, new.title, new.body_text);
    END
    """,
    """
    CREATE TRIGGER blog_post_fts_update
    AFTER UPDATE OF id, title, body_text, status, deleted_at ON blog_post BEGIN
        DELETE FROM blog_post_fts WHERE rowid = old.id;
        INSERT INTO blog_post_fts(rowid, title, body)
        SELECT new.id, new.title, new.body_text
        WHERE new.status = 'published' AND new.deleted_at IS NULL;
    END
    """,
    """
    CREATE TRIGGER blog_post_fts_delete AFTER DELETE ON blog_post BEGIN
        DELETE FROM blog_post_fts WHERE rowid = old.id;
    END
    """,
    """
    INSERT INTO blog_post_fts(rowid, title, body)
    SELECT id, title, body_text FROM blog_post WHERE status = 'published' AND deleted_at IS NULL
    """,
]
# Back to 0006's index: every post, by its Markdown.
SQLITE_MARKDOWN = [*SQLITE_REMOVE_INDEX, *BEFORE.SQLITE_FORWARD]


def index_of(postgres: list[str], sqlite: list[str]):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for statement in {"postgresql": postgres, "sqlite": sqlite}.get(vendor, []):
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
        migrations.RunPython(
            index_of(postgres_index("body_text"), SQLITE_LIVE_POSTS),
            index_of(postgres_index("body"), SQLITE_MARKDOWN),
            elidable=False,
        ),
    ]
