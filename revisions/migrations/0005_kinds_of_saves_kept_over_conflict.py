"""A save kept over a newer version was once a kind of its own, which hid what else it did: a
submission kept so was no submission to the review queue. Each such revision now has the kind
its save had, told from the revision before it (the version the save was made on), and the
conflict noted beside it."""

from django.db import migrations
from django.db.models import OuterRef, Subquery

KEPT = "kept_over_conflict"
BATCH = 1000


def kind_of_save(was_status: str | None, revision) -> str:
    # revisions.changes.kind_of_save, told from a revision's own columns (frozen here, as a
    # migration must be).
    if was_status is None:
        return "saved"  # nothing to compare with: the plainest kind
    status = revision.status
    if status == "review" and was_status != "review":
        return "submitted"
    if status == "published" and was_status != "published":
        scheduled = revision.published_at is not None and revision.published_at > revision.created
        return "scheduled" if scheduled else "published"
    if status != "published" and was_status == "published":
        return "unpublished"
    return "saved"


def kinds_from_saves(apps, schema_editor):
    PostRevision = apps.get_model("revisions", "PostRevision")
    before = PostRevision.objects.filter(post=OuterRef("post"), version=OuterRef("version") - 1)
    kept = PostRevision.objects.filter(kind=KEPT).annotate(
        was_status=Subquery(before.values("status")[:1])
    )
    revisions = []
    for revision in kept.iterator(chunk_size=BATCH):
        revision.kind = kind_of_save(revision.was_status, revision)
        revision.over_conflict = True
        revisions.append(revision)
    PostRevision.objects.bulk_update(revisions, ["kind", "over_conflict"], batch_size=BATCH)


def kind_of_its_own(apps, schema_editor):
    PostRevision = apps.get_model("revisions", "PostRevision")
    # The column goes next (0004 backwards): the kind says all there was to say before it.
    PostRevision.objects.filter(over_conflict=True).update(kind=KEPT)


class Migration(migrations.Migration):
    dependencies = [("revisions", "0004_over_conflict")]

    operations = [migrations.RunPython(kinds_from_saves, kind_of_its_own)]
