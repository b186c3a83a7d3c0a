"""Sending a submission back to its author: the one change to a post that review/ makes.

Publishing a submission needs nothing of its own: an editor saves the post editor's form
with the status Published, through revisions.changes like every other save.
"""

from django.db import transaction

from blog.models import Post
from revisions import changes
from revisions.models import PostRevision


class NotInReview(Exception):
    """Only a post waiting for review can be sent back."""


def send_back(post: Post, editor, note: str, seen_version: int) -> PostRevision:
    """Make `post` a draft again, with a revision that keeps the editor's note.

    Raises StaleVersion if the post changed since the editor read version `seen_version`
    (checked first: what changed may be that it is no longer in review), and NotInReview.
    """
    if seen_version != post.version:
        raise changes.StaleVersion
    if not post.in_review:
        raise NotInReview
    with transaction.atomic():
        # Fails if anyone changed the post after it was read above, so the status checked
        # there is still the status being changed.
        changes.claim(post, seen_version)
        post.status = Post.Status.DRAFT
        post.save(update_fields=["status", "version", "updated"])
        return changes.record(post, editor, PostRevision.Kind.SENT_BACK, note=note)
