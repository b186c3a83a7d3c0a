"""The e-mails review sends, each enqueued as a background task (accounts/mail.py):

- to the editors, when a contributor submits a post;
- to the contributor, when an editor sends their submission back, publishes or schedules it.

Nobody is told of their own doing, and an account without an address is skipped.
"""

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, timezone

from accounts import mail
from blog.models import Post

# Only the permission tables are asked, whichever backends sign people in.
PERMISSION_BACKEND = "django.contrib.auth.backends.ModelBackend"


def after_save(request: HttpRequest, was_status: str | None, post: Post, editor) -> None:
    """Called after every save of the post editor; `was_status` is the status before it (None
    for a new post)."""
    if post.in_review and was_status != Post.Status.REVIEW:
        _tell_editors_of_submission(request, post, editor)
    elif post.is_published and was_status == Post.Status.REVIEW:
        _tell_author_of_publication(request, post, editor)


def sent_back(request: HttpRequest, post: Post, note: str, editor) -> None:
    _tell_author(
        request,
        post,
        editor,
        f"Your post “{_one_line(post.title)}” was sent back",
        "review/email/sent_back.txt",
        note=note,
    )


def _tell_author_of_publication(request: HttpRequest, post: Post, editor) -> None:
    title = _one_line(post.title)
    if post.is_scheduled:
        when = dateformat.format(timezone.localtime(post.published_at), "j F Y, H:i e")
        subject = f"Your post “{title}” was scheduled for {when}"
    else:
        subject = f"Your post “{title}” was published"
    _tell_author(
        request,
        post,
        editor,
        subject,
        "review/email/published.txt",
        post_url=request.build_absolute_uri(post.get_absolute_url()),
    )


def _tell_author(
    request: HttpRequest, post: Post, editor, subject: str, template: str, **context
) -> None:
    author = post.author
    if not author.email or author.pk == editor.pk:
        return
    context.update(_context(request, post, editor), subject=subject)
    mail.send_email.enqueue(
        subject=subject, body=render_to_string(template, context), to=[author.email]
    )


def _tell_editors_of_submission(request: HttpRequest, post: Post, submitter) -> None:
    """One message each, so that no editor sees the others' addresses."""
    editors = (
        get_user_model()
        .objects.with_perm("blog.edit_any_post", backend=PERMISSION_BACKEND)
        .exclude(email="")
        .exclude(pk=submitter.pk)
        .order_by("pk")
    )
    subject = f"New submission: {_one_line(post.title)}"
    body = render_to_string(
        "review/email/submitted.txt",
        {
            **_context(request, post, submitter),
            "queue_url": request.build_absolute_uri(reverse("review_queue")),
        },
    )
    for address in editors.values_list("email", flat=True):
        mail.send_email.enqueue(subject=subject, body=body, to=[address])


def _context(request: HttpRequest, post: Post, editor) -> dict:
    return {
        "post": post,
        "editor": editor,
        "editor_url": request.build_absolute_uri(reverse("post_update", args=[post.pk])),
    }


def _one_line(text: str) -> str:
    # A line break in a subject would be refused by the mail library, and the message lost.
    return " ".join(text.split())
