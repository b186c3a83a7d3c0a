"""Full-text search of posts (blog/search.py), kept current by the database itself.

PostgreSQL: a `search_vector` tsvector column (title weighted A, body B) filled by a trigger on
every insert and update, with a GIN index. SQLite: an FTS5 table `blog_post_fts(title, body)`
whose rowid is the post's id, filled by triggers on insert, update and delete. Triggers also
cover queryset.update(), bulk_create() and raw SQL, which model signals would miss. Neither is
part of Django's model state: queries reach them through blog/search.py only.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "ALTER TABLE blog_post ADD COLUMN search_vector tsvector",
    """
    CREATE FUNCTION blog_post_search_vector() RETURNS trigger AS $$
    BEGIN
        NEW.search_vector :=
            setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A')
            || setweight(to_tsvector('english', coalesce(NEW.body, '')), 'B');
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER blog_post_search_vector_trigger
    BEFORE INSERT OR UPDATE OF title, body ON blog_post
    FOR EACH ROW EXECUTE FUNCTION blog_post_search_vector()
    """,
    "UPDATE blog_post SET title = title",
    "CREATE INDEX post_search_vector_idx ON blog_post USING gin (search_vector)",
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS blog_post_search_vector_trigger ON blog_post",
    "DROP FUNCTION IF EXISTS blog_post_search_vector()",
    "ALTER TABLE blog_post DROP COLUMN IF EXISTS search_vector",
]

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE blog_post_fts USING fts5(title, body, tokenize='porter unicode61')",
    """
    CREATE TRIGGER blog_post_fts_insert AFTER INSERT ON blog_post BEGIN
        INSERT INTO blog_post_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END
    """,
    """
    CREATE TRIGGER blog_post_fts_update AFTER UPDATE OF id, title, body ON blog_post BEGIN
        DELETE FROM blog_post_fts WHERE rowid = old.id;
        INSERT INTO blog_post_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END
    """,
    """
    CREATE TRIGGER blog_post_fts_delete AFTER DELETE ON blog_post BEGIN
        DELETE FROM blog_post_fts WHERE rowid = old.id;
    END
    """,
    "INSERT INTO blog_post_fts(rowid, title, body) SELECT id, title, body FROM blog_post",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS blog_post_fts_insert",
    "DROP TRIGGER IF EXISTS blog_post_fts_update",
    "DROP TRIGGER IF EXISTS blog_post_fts_delete",
    "DROP TABLE IF EXISTS blog_post_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0005_review_status_role_permissions"),
    ]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
            elidable=False,
        ),
    ]
