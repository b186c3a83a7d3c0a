"""What the post editor shows about review: who submitted the post and when, with the
send-back form for editors; or, on a draft an editor sent back, the editor's note."""

from dataclasses import dataclass
from datetime import datetime

from blog.models import Post
from revisions.models import PostRevision
from team import roles

from .forms import SendBackForm

Kind = PostRevision.Kind


@dataclass(frozen=True)
class ReviewPanel:
    post: Post
    sent_back: bool  # True: a draft with the editor's note; False: waiting for review
    by: str  # the byline of who submitted it, or of the editor who sent it back
    at: datetime
    note: str = ""
    send_back_form: SendBackForm | None = None  # editors only, on a post waiting


def review_panel(user, form) -> ReviewPanel | None:
    """At most one query, and none for a published post. `form` is the post editor's: after an
    edit conflict its post is the one saved now, and its initial status is the saved one (its
    post's own may hold a status typed in but not saved)."""
    post = form.instance
    status = form.initial.get("status", post.status)
    if status not in (Post.Status.REVIEW, Post.Status.DRAFT):
        return None
    # The latest submission or sending back tells which of the two the post is in.
    latest = (
        post.revisions.filter(kind__in=[Kind.SUBMITTED, Kind.SENT_BACK])
        .select_related("editor")
        .first()
    )
    if status == Post.Status.DRAFT:
        if latest is None or latest.kind != Kind.SENT_BACK:
            return None  # a draft never sent back, or submitted and withdrawn since
        by = latest.editor.byline if latest.editor else "an editor"
        return ReviewPanel(post=post, sent_back=True, by=by, at=latest.created, note=latest.note)
    form = SendBackForm(initial={"version": post.version}) if roles.edits_every_post(user) else None
    submitted = latest if latest is not None and latest.kind == Kind.SUBMITTED else None
    return ReviewPanel(
        post=post,
        sent_back=False,
        by=(submitted.editor if submitted and submitted.editor else post.author).byline,
        at=submitted.created if submitted else post.updated,
        send_back_form=form,
    )
