"""What the post editor keeps while someone writes: their unsaved draft, and who is editing."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from blog.models import Category, Post, Tag


class Autosave(models.Model):
    """One author's unsaved changes to one post, or to the new post they are writing.

    Never the post itself: the post changes only when its author presses Save.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="autosaves"
    )
    # Null: the draft of a post not added yet (the new-post editor).
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, null=True, blank=True, related_name="autosaves"
    )
    title = models.CharField(max_length=Post._meta.get_field("title").max_length, blank=True)
    body = models.TextField(max_length=Post._meta.get_field("body").max_length, blank=True)
    category = models.ForeignKey(
        Category, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="+")
    saved_at = models.DateTimeField()
    # The post's version the editor was opened on: restored with the text, so that saving it
    # over someone else's newer change is a conflict (409), never a silent overwrite.
    version = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "post"],
                condition=models.Q(post__isnull=False),
                name="autosave_one_per_user_and_post",
            ),
            # A unique (user, post) pair alone would allow many rows with a null post.
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(post__isnull=True),
                name="autosave_one_new_post_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"Autosave of {self.post or 'a new post'} by {self.user}"


# The "also editing" notice looks back less than a minute; a row this old is read by nothing.
PRESENCE_KEPT_FOR = timedelta(days=1)


class EditingPresenceQuerySet(models.QuerySet):
    def stale(self) -> "EditingPresenceQuerySet":
        """Editors last heard from over a day ago: the daily purge deletes them."""
        return self.filter(seen_at__lt=timezone.now() - PRESENCE_KEPT_FOR)


class EditingPresence(models.Model):
    """When `user` last had the editor of `post` open. Kept in the database, not in one
    process's memory, so every app server sees the same people."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField()

    objects = EditingPresenceQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "user"], name="presence_one_per_post_and_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} editing {self.post}"
