"""What the post editor's form sends, for tests that post it without drawing the page."""

from django.utils import timezone

PUBLISH_AT_FORMAT = "%Y-%m-%dT%H:%M"  # the editor's datetime-local input


def editor_form(post, **changes) -> dict:
    """The editor's fields for `post` as saved (opened at its current version), with `changes`."""
    published_at = post.published_at
    data = {
        "title": post.title,
        "body": post.body,
        "category": post.category_id or "",
        "tags": [tag.pk for tag in post.tags.all()],
        "status": post.status,
        "published_at": timezone.localtime(published_at).strftime(PUBLISH_AT_FORMAT)
        if published_at
        else "",
        "version": post.version,
    }
    return {**data, **changes}
