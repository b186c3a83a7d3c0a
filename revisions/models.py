"""Every version a post has had: who made it, when, and everything a reader or author saw.

A small model of our own rather than django-reversion: a revision is the post's version number
(the one edit forms carry to catch conflicts), its kind of change (saved, published, restored,
submitted...) and whether it was kept over a newer version, and its content as typed columns,
so the history page lists and diffs revisions straight from one indexed table. The category
and tags are kept by name as well as by id: a revision still reads right after a category is
renamed or deleted, and restoring one never points a post at a row that is gone.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from blog.models import Category, Post


class PostRevision(models.Model):
    class Kind(models.TextChoices):
        CREATED = "created", "Created"
        SAVED = "saved", "Saved"
        PUBLISHED = "published", "Published"
        SCHEDULED = "scheduled", "Scheduled"
        UNPUBLISHED = "unpublished", "Unpublished"
        RESTORED = "restored", "Restored an earlier revision"
        TRASHED = "trashed", "Moved to the trash"
        UNTRASHED = "untrashed", "Restored from the trash"
        SUBMITTED = "submitted", "Submitted for review"
        SENT_BACK = "sent_back", "Sent back by an editor"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=Kind)
    # Saved with "Save mine anyway" over someone else's newer version. A fact beside the kind,
    # not a kind of its own: a save kept over a conflict may also submit or publish the post,
    # and the review queue dates a submission by its `submitted` revision.
    over_conflict = models.BooleanField("kept over a newer version", default=False)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)
    title = models.CharField(max_length=200)
    body = models.TextField()
    status = models.CharField(max_length=10, choices=Post.Status)
    published_at = models.DateTimeField(null=True, blank=True)
    category = models.ForeignKey(Category, on_delete=models.SET_NULL, null=True, related_name="+")
    category_name = models.CharField(max_length=100, blank=True)
    # [[id, name], ...] of the tags as they were, sorted by name.
    tags = models.JSONField(default=list)
    restored_from = models.PositiveIntegerField(null=True, blank=True)
    # What an editor wrote when sending a submission back (review/).
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["post", "version"], name="one_revision_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.post_id} v{self.version}"

    @property
    def label(self) -> str:
        """The change as the history names it: "Submitted for review over a newer version"."""
        kind = self.get_kind_display()
        return f"{kind} over a newer version" if self.over_conflict else kind

    @property
    def tag_names(self) -> list[str]:
        return [name for _, name in self.tags]

    @property
    def tag_ids(self) -> list[int]:
        return [tag_id for tag_id, _ in self.tags]
