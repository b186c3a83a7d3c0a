"""Posts written before revisions were kept get their first one: the post as it is, so the
history, conflict page and restore have somewhere to start."""

from django.db import migrations

BATCH = 1000


def first_revisions(apps, schema_editor):
    Post = apps.get_model("blog", "Post")
    PostRevision = apps.get_model("revisions", "PostRevision")
    posts = Post.objects.select_related("category").prefetch_related("tags").order_by("pk")
    batch = []
    for post in posts.iterator(chunk_size=BATCH):
        tags = sorted(([tag.pk, tag.name] for tag in post.tags.all()), key=lambda t: t[1].lower())
        batch.append(
            PostRevision(
                post=post,
                version=post.version,
                kind="created",
                editor_id=post.author_id,
                created=post.updated,
                title=post.title,
                body=post.body,
                status=post.status,
                published_at=post.published_at,
                category=post.category,
                category_name=post.category.name if post.category else "",
                tags=tags,
            )
        )
        if len(batch) == BATCH:
            PostRevision.objects.bulk_create(batch)
            batch = []
    PostRevision.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("revisions", "0001_initial"),
        ("blog", "0004_post_version_trash_schedule"),
    ]

    operations = [migrations.RunPython(first_revisions, migrations.RunPython.noop)]
