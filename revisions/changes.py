"""Changing a post the safe way: each change claims the version it was made on, and leaves a
revision behind.

A change names the version its author saw. The claim is one UPDATE ... WHERE version = seen:
whichever of two saves commits first wins it, on SQLite and PostgreSQL alike, and the other
finds no row and is told about the conflict instead of overwriting.
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from blog.models import Category, Post, Tag

from .models import PostRevision

Kind = PostRevision.Kind


class StaleVersion(Exception):
    """The post changed since the version the change was made on."""


def claim(post: Post, seen_version: int) -> None:
    """Take the next version number of `post`, if it is still at `seen_version`."""
    claimed = Post.all_objects.filter(pk=post.pk, version=seen_version).update(
        version=F("version") + 1
    )
    if not claimed:
        raise StaleVersion
    post.version = seen_version + 1


def record(
    post: Post,
    editor,
    kind: str,
    tags: Iterable[Tag] | None = None,
    restored_from: int | None = None,
    note: str = "",
    over_conflict: bool = False,
) -> PostRevision:
    """Keep the post as it now is, as revision number `post.version` (`note`: an editor's
    word on it, such as why it was sent back; `over_conflict`: saved over a newer version)."""
    tags = post.tags.all() if tags is None else tags
    category = post.category
    return PostRevision.objects.create(
        post=post,
        version=post.version,
        kind=kind,
        editor=editor,
        title=post.title,
        body=post.body,
        status=post.status,
        published_at=post.published_at,
        category=category,
        category_name=category.name if category else "",
        tags=sorted(([tag.pk, tag.name] for tag in tags), key=lambda pair: pair[1].lower()),
        restored_from=restored_from,
        note=note,
        over_conflict=over_conflict,
    )


def kind_of_save(was_status: str | None, post: Post) -> str:
    """What a save did, as the history tells it."""
    if post.in_review and was_status != Post.Status.REVIEW:
        return Kind.SUBMITTED
    if post.is_published and was_status != Post.Status.PUBLISHED:
        return Kind.SCHEDULED if post.is_scheduled else Kind.PUBLISHED
    if not post.is_published and was_status == Post.Status.PUBLISHED:
        return Kind.UNPUBLISHED
    return Kind.SAVED if was_status else Kind.CREATED


def save_new(form, editor) -> Post:
    """Save a new post from its form, as its version 1."""
    with transaction.atomic():
        form.instance.author = editor
        post = form.save()
        record(post, editor, kind_of_save(None, post), tags=form.cleaned_data["tags"])
    return post


def save_edit(form, editor, seen_version: int, over_conflict: bool = False) -> Post:
    """Save an edit form over version `seen_version`, or raise StaleVersion."""
    was_status = form.initial.get("status")
    with transaction.atomic():
        claim(form.instance, seen_version)
        post = form.save()
        kind = kind_of_save(was_status, post)
        record(post, editor, kind, tags=form.cleaned_data["tags"], over_conflict=over_conflict)
    return post


def restore(post: Post, revision: PostRevision, editor, seen_version: int) -> Post:
    """Make a new version with an earlier revision's title, body, category and tags. Whether
    the post is published stays as it is: restoring words never publishes or hides them."""
    with transaction.atomic():
        claim(post, seen_version)
        post.title = revision.title
        post.body = revision.body
        post.category = Category.objects.filter(pk=revision.category_id).first()
        post.save()
        tags = list(Tag.objects.filter(pk__in=revision.tag_ids))  # those still there
        post.tags.set(tags)
        record(post, editor, Kind.RESTORED, tags=tags, restored_from=revision.version)
    return post


def move_to_trash(post: Post, editor, seen_version: int) -> None:
    with transaction.atomic():
        claim(post, seen_version)
        post.deleted_at = timezone.now()
        post.save(update_fields=["version", "deleted_at", "updated"])
        record(post, editor, Kind.TRASHED)


def restore_from_trash(post: Post, editor) -> None:
    with transaction.atomic():
        claim(post, post.version)
        post.deleted_at = None
        post.save(update_fields=["version", "deleted_at", "updated"])
        record(post, editor, Kind.UNTRASHED)
