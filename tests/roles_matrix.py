"""The people, posts, answers and actions of the permission matrix
(tests/test_permission_matrix.py, where the rules themselves are written out).

Each cell of the matrix is one role doing one action, on one post where the action has one:
the signed-in actor, the post as its owner left it (with a history of two revisions), how
the action is sent, and how to tell from the database whether it was done.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from blog.models import Category, Post, Tag
from editing.models import Autosave, EditingPresence
from revisions import changes
from revisions.models import PostRevision
from team import roles
from team.models import Invitation
from team.roles import Role
from tests.clients import signed_in
from tests.editor_forms import PUBLISH_AT_FORMAT, editor_form
from tests.factories import CategoryFactory, PostFactory, TagFactory, UserFactory

# The columns of every row of the matrix, in this order.
ROLES = ("no_role", "contributor", "author", "editor", "administrator", "superuser")

# Whose post, and in which state. "Others" are Bob's, an author's.
OWNERSHIPS = {
    "own_draft": ("own", Post.Status.DRAFT),
    "own_review": ("own", Post.Status.REVIEW),
    "own_published": ("own", Post.Status.PUBLISHED),
    "others_draft": ("others", Post.Status.DRAFT),
    "others_review": ("others", Post.Status.REVIEW),
    "others_published": ("others", Post.Status.PUBLISHED),
}

FIRST_TITLE = "First title"  # revision 1
CURRENT_TITLE = "Current title"  # revision 2, what the post holds


@dataclass(frozen=True)
class Outcome:
    """What one cell answers: the status, the exact Location of a redirect ("{pk}" is the
    post's), whether the action's change is in the database afterwards, whether the page is
    the form again with an error, and a text the page shows."""

    status: int
    location: str = ""
    applied: bool = False
    form_error: bool = False
    shows: str = ""


@dataclass
class Scene:
    """One cell's world: who acts, with which browser, on what."""

    role: str
    actor: Any
    client: Client
    other: Any
    post: Post | None = None
    objects: dict = field(default_factory=dict)


def actor_for(request, role: str):
    """The conftest fixture of `role`, or a signed-up account without any group."""
    if role == "no_role":
        return UserFactory(username="nora", email="nora@example.com", role="")
    return request.getfixturevalue(role)


def post_with_history(owner, status: str, trashed: bool = False) -> Post:
    """A post at version 2: created as FIRST_TITLE, then saved as CURRENT_TITLE, each with
    its revision, as the dashboard leaves a post; moved to the trash (version 3) if asked."""
    post = PostFactory(
        author=owner,
        title=FIRST_TITLE,
        body="Words worth keeping.",
        status=status,
        category=CategoryFactory(name="Gardening"),
    )
    changes.record(post, owner, PostRevision.Kind.CREATED)
    changes.claim(post, post.version)
    post.title = CURRENT_TITLE
    post.save()
    changes.record(post, owner, PostRevision.Kind.SAVED)
    if trashed:
        changes.move_to_trash(post, owner, post.version)
    return Post.all_objects.get(pk=post.pk)


def scene_for(request, role: str, ownership: str | None = None, trashed: bool = False) -> Scene:
    actor = actor_for(request, role)
    other = request.getfixturevalue("other_author")
    scene = Scene(role=role, actor=actor, client=signed_in(actor), other=other)
    if ownership is not None:
        whose, status = OWNERSHIPS[ownership]
        scene.post = post_with_history(actor if whose == "own" else other, status, trashed)
    return scene


def snapshot(post: Post) -> dict:
    """Everything about a post that an action could change, trash included."""
    row = (
        Post.all_objects.filter(pk=post.pk)
        .values(
            "title",
            "body",
            "status",
            "published_at",
            "version",
            "deleted_at",
            "updated",
            "category_id",
            "author_id",
        )
        .get()
    )
    row["revisions"] = list(
        PostRevision.objects.filter(post_id=post.pk).values_list("version", "kind")
    )
    return row


def reloaded_user(user):
    """The account as saved, with its groups asked afresh."""
    return get_user_model().objects.get(pk=user.pk)


POSTS = "/cadmin/posts/"
EDITOR = "/cadmin/post/update/{pk}/"
NEW_POST = "/cadmin/post/add/"
REVIEW_QUEUE = "/cadmin/review/"
CATEGORIES = "/cadmin/categories/"
TAGS = "/cadmin/tags/"
PEOPLE = "/cadmin/people/"

# The answers a cell can expect.
SHOWN = Outcome(200)
NOT_FOUND = Outcome(404)
FORBIDDEN = Outcome(403)
CONFLICT = Outcome(409)
BAD_REQUEST = Outcome(400)
SAVED = Outcome(302, POSTS, applied=True)
BACK_IN_EDITOR = Outcome(302, EDITOR, applied=True)
SENT_BACK = Outcome(302, REVIEW_QUEUE, applied=True)
# The form again, saying why: nothing saved.
REFUSED = Outcome(200, form_error=True)
KEPT_IN_THE_SLOT = Outcome(200, applied=True)
MARKED_AS_EDITING = Outcome(200, applied=True)
PREVIEWED = Outcome(200, shows="Previewed title")
OPENED_IN_EDITOR = Outcome(200, shows=f'value="{CURRENT_TITLE}"')
CATEGORY_SAVED = Outcome(302, CATEGORIES, applied=True)
TAG_SAVED = Outcome(302, TAGS, applied=True)
PEOPLE_CHANGED = Outcome(302, PEOPLE, applied=True)
NEW_POST_SLOT_DISCARDED = Outcome(302, NEW_POST, applied=True)


def never(scene: Scene, before) -> bool:
    return False


def no_data(scene: Scene) -> dict:
    return {}


def nothing(scene: Scene) -> None:
    return None


@dataclass(frozen=True)
class Action:
    method: str
    url: Callable[[Scene], str]
    data: Callable[[Scene], dict] = no_data
    # Whether the action's change is in the database, given the post's snapshot before.
    done: Callable[[Scene, dict | None], bool] = never
    setup: Callable[[Scene], None] = nothing
    changes_post: bool = True
    trashed: bool = False  # acts on a post in the trash


def post_url(pattern: str) -> Callable[[Scene], str]:
    return lambda scene: pattern.format(pk=scene.post.pk)


def fixed_url(path: str) -> Callable[[Scene], str]:
    return lambda scene: path


def in_three_days() -> str:
    return timezone.localtime(timezone.now() + timedelta(days=3)).strftime(PUBLISH_AT_FORMAT)


def saved_as_one_new_version(scene: Scene, before: dict, **fields) -> bool:
    after = snapshot(scene.post)
    return (
        after["version"] == before["version"] + 1
        and len(after["revisions"]) == len(before["revisions"]) + 1
        and all(after[name] == value for name, value in fields.items())
    )


def edited(scene, before) -> bool:
    return saved_as_one_new_version(scene, before, title="Edited title")


def published_now(scene, before) -> bool:
    after = snapshot(scene.post)
    return saved_as_one_new_version(scene, before, status=Post.Status.PUBLISHED) and (
        after["published_at"] <= timezone.now()
    )


def scheduled(scene, before) -> bool:
    after = snapshot(scene.post)
    return saved_as_one_new_version(scene, before, status=Post.Status.PUBLISHED) and (
        after["published_at"] > timezone.now() + timedelta(days=2)
    )


def unpublished(scene, before) -> bool:
    return saved_as_one_new_version(scene, before, status=Post.Status.DRAFT)


def submitted(scene, before) -> bool:
    return saved_as_one_new_version(scene, before, status=Post.Status.REVIEW)


def in_the_trash(scene, before) -> bool:
    after = snapshot(scene.post)
    return saved_as_one_new_version(scene, before) and after["deleted_at"] is not None


def out_of_the_trash(scene, before) -> bool:
    return saved_as_one_new_version(scene, before, deleted_at=None)


def first_revision_restored(scene, before) -> bool:
    after = snapshot(scene.post)
    return saved_as_one_new_version(scene, before, title=FIRST_TITLE) and (
        after["revisions"][0] == (after["version"], PostRevision.Kind.RESTORED)
    )


def sent_back(scene, before) -> bool:
    after = snapshot(scene.post)
    return saved_as_one_new_version(scene, before, status=Post.Status.DRAFT) and (
        after["revisions"][0] == (after["version"], PostRevision.Kind.SENT_BACK)
    )


def has_slot(scene, before) -> bool:
    return Autosave.objects.filter(user=scene.actor, post=scene.post).exists()


def slot_gone(scene, before) -> bool:
    return not Autosave.objects.filter(user=scene.actor, post=scene.post).exists()


def give_the_actor_a_slot(scene: Scene) -> None:
    Autosave.objects.create(
        user=scene.actor, post=scene.post, title="Unsaved", body="", saved_at=timezone.now()
    )


def marked_as_editing(scene, before) -> bool:
    return EditingPresence.objects.filter(user=scene.actor, post=scene.post).exists()


def editor_fields(**changes) -> Callable[[Scene], dict]:
    return lambda scene: editor_form(scene.post, **changes)


def opened_one_version_ago(**changes) -> Callable[[Scene], dict]:
    return lambda scene: editor_form(scene.post, version=scene.post.version - 1, **changes)


POST_ACTIONS: dict[str, Action] = {
    "open_editor": Action("get", post_url(EDITOR)),
    "edit": Action("post", post_url(EDITOR), editor_fields(title="Edited title"), edited),
    "edit_over_newer_version": Action(
        "post", post_url(EDITOR), opened_one_version_ago(title="Edited title"), edited
    ),
    "publish": Action(
        "post",
        post_url(EDITOR),
        editor_fields(status=Post.Status.PUBLISHED, published_at=""),
        published_now,
    ),
    "schedule": Action(
        "post",
        post_url(EDITOR),
        lambda scene: editor_form(
            scene.post, status=Post.Status.PUBLISHED, published_at=in_three_days()
        ),
        scheduled,
    ),
    "unpublish": Action(
        "post", post_url(EDITOR), editor_fields(status=Post.Status.DRAFT), unpublished
    ),
    "submit_for_review": Action(
        "post", post_url(EDITOR), editor_fields(status=Post.Status.REVIEW), submitted
    ),
    "open_delete": Action("get", post_url("/cadmin/post/delete/{pk}/")),
    "delete": Action(
        "post",
        post_url("/cadmin/post/delete/{pk}/"),
        lambda scene: {"version": scene.post.version},
        in_the_trash,
    ),
    "delete_over_newer_version": Action(
        "post",
        post_url("/cadmin/post/delete/{pk}/"),
        lambda scene: {"version": scene.post.version - 1},
        in_the_trash,
    ),
    "restore_from_trash": Action(
        "post", post_url("/cadmin/trash/{pk}/restore/"), done=out_of_the_trash, trashed=True
    ),
    "history": Action("get", post_url("/cadmin/post/{pk}/history/")),
    "compare_revisions": Action(
        "get",
        lambda scene: f"/cadmin/post/{scene.post.pk}/history/?from=1&to=2",
    ),
    "restore_revision": Action(
        "post",
        post_url("/cadmin/post/{pk}/history/1/restore/"),
        lambda scene: {"version": scene.post.version},
        first_revision_restored,
    ),
    "preview": Action(
        "post", post_url("/cadmin/post/{pk}/preview/"), editor_fields(title="Previewed title")
    ),
    "autosave": Action(
        "post",
        post_url("/cadmin/post/{pk}/autosave/"),
        editor_fields(title="Autosaved title"),
        has_slot,
        changes_post=False,
    ),
    "discard_autosave": Action(
        "post",
        post_url("/cadmin/post/{pk}/autosave/discard/"),
        done=slot_gone,
        setup=give_the_actor_a_slot,
        changes_post=False,
    ),
    "editing_ping": Action(
        "post", post_url("/cadmin/post/{pk}/editing/"), done=marked_as_editing, changes_post=False
    ),
    "send_back": Action(
        "post",
        post_url("/cadmin/post/{pk}/send-back/"),
        lambda scene: {"note": "Needs a stronger ending.", "version": scene.post.version},
        sent_back,
    ),
    "send_back_over_newer_version": Action(
        "post",
        post_url("/cadmin/post/{pk}/send-back/"),
        lambda scene: {"note": "Needs a stronger ending.", "version": scene.post.version - 1},
        sent_back,
    ),
}


# Pages and actions without a post of their own.


def person(scene: Scene, **fields):
    """Tess, a contributor, whom the people actions are done to."""
    if "person" not in scene.objects:
        scene.objects["person"] = UserFactory(username="tess", role=Role.CONTRIBUTOR, **fields)
    return scene.objects["person"]


def inactive_person(scene: Scene):
    return person(scene, is_active=False)


def person_url(pattern: str, make=person) -> Callable[[Scene], str]:
    return lambda scene: pattern.format(pk=make(scene).pk)


def role_is_author(scene, before) -> bool:
    return roles.role_of(reloaded_user(scene.objects["person"])) == Role.AUTHOR


def deactivated(scene, before) -> bool:
    return not reloaded_user(scene.objects["person"]).is_active


def reactivated(scene, before) -> bool:
    return reloaded_user(scene.objects["person"]).is_active


def an_invitation(scene: Scene) -> Invitation:
    if "invitation" not in scene.objects:
        scene.objects["invitation"] = Invitation.objects.create(
            email="newcomer@example.com", role=Role.CONTRIBUTOR, invited_by=scene.other
        )
    return scene.objects["invitation"]


def invitation_url(pattern: str) -> Callable[[Scene], str]:
    return lambda scene: pattern.format(pk=an_invitation(scene).pk)


def invited(scene, before) -> bool:
    return Invitation.objects.open().filter(email="newcomer@example.com").exists()


def revoked(scene, before) -> bool:
    invitation = Invitation.objects.get(pk=scene.objects["invitation"].pk)
    return invitation.revoked_at is not None


def sent_again(scene, before) -> bool:
    invitation = Invitation.objects.get(pk=scene.objects["invitation"].pk)
    return invitation.nonce != scene.objects["invitation"].nonce


def a_category(scene: Scene) -> Category:
    if "category" not in scene.objects:
        scene.objects["category"] = CategoryFactory(name="Gardening")
    return scene.objects["category"]


def a_tag(scene: Scene) -> Tag:
    if "tag" not in scene.objects:
        scene.objects["tag"] = TagFactory(name="summer")
    return scene.objects["tag"]


def category_added(scene, before) -> bool:
    return Category.objects.filter(name="Beekeeping").exists()


def category_renamed(scene, before) -> bool:
    return Category.objects.get(pk=scene.objects["category"].pk).name == "Beekeeping"


def tag_added(scene, before) -> bool:
    return Tag.objects.filter(name="honey").exists()


def tag_renamed(scene, before) -> bool:
    return Tag.objects.get(pk=scene.objects["tag"].pk).name == "honey"


def new_post_fields(status: str) -> Callable[[Scene], dict]:
    return lambda scene: {
        "title": "A new post",
        "body": "Fresh words.",
        "category": a_category(scene).pk,
        "status": status,
    }


def new_post_saved_as(status: str) -> Callable[[Scene, dict | None], bool]:
    def saved(scene, before) -> bool:
        post = Post.objects.filter(title="A new post", author=scene.actor).first()
        return post is not None and post.status == status and post.revisions.count() == 1

    return saved


def has_new_post_slot(scene, before) -> bool:
    return Autosave.objects.filter(user=scene.actor, post=None).exists()


def new_post_slot_gone(scene, before) -> bool:
    return not Autosave.objects.filter(user=scene.actor, post=None).exists()


def give_the_actor_a_new_post_slot(scene: Scene) -> None:
    Autosave.objects.create(user=scene.actor, post=None, title="Unsaved", saved_at=timezone.now())


SITE_ACTIONS: dict[str, Action] = {
    "home": Action("get", fixed_url("/cadmin/")),
    "post_list": Action("get", fixed_url(POSTS)),
    "trash": Action("get", fixed_url("/cadmin/trash/")),
    "security": Action("get", fixed_url("/cadmin/security/")),
    "sessions": Action("get", fixed_url("/cadmin/sessions/")),
    "profile": Action("get", fixed_url("/cadmin/profile/")),
    "account_activity": Action("get", fixed_url("/cadmin/activity/")),
    "password_change": Action("get", fixed_url("/cadmin/password-change/")),
    "open_new_post": Action("get", fixed_url(NEW_POST)),
    "add_draft": Action(
        "post", fixed_url(NEW_POST), new_post_fields("draft"), new_post_saved_as("draft")
    ),
    "add_for_review": Action(
        "post", fixed_url(NEW_POST), new_post_fields("review"), new_post_saved_as("review")
    ),
    "add_published": Action(
        "post", fixed_url(NEW_POST), new_post_fields("published"), new_post_saved_as("published")
    ),
    "preview_new_post": Action(
        "post",
        fixed_url("/cadmin/post/preview/"),
        lambda scene: {**new_post_fields("draft")(scene), "title": "Previewed title"},
    ),
    "autosave_new_post": Action(
        "post",
        fixed_url("/cadmin/post/add/autosave/"),
        lambda scene: {"title": "Autosaved title", "body": "Half a thought"},
        has_new_post_slot,
    ),
    "discard_new_post_autosave": Action(
        "post",
        fixed_url("/cadmin/post/add/autosave/discard/"),
        done=new_post_slot_gone,
        setup=give_the_actor_a_new_post_slot,
    ),
    "review_queue": Action("get", fixed_url(REVIEW_QUEUE)),
    "category_list": Action("get", fixed_url(CATEGORIES)),
    "open_category_add": Action("get", fixed_url("/cadmin/category/add/")),
    "category_add": Action(
        "post", fixed_url("/cadmin/category/add/"), lambda s: {"name": "Beekeeping"}, category_added
    ),
    "open_category_update": Action(
        "get", lambda scene: f"/cadmin/category/update/{a_category(scene).pk}/"
    ),
    "category_update": Action(
        "post",
        lambda scene: f"/cadmin/category/update/{a_category(scene).pk}/",
        lambda scene: {"name": "Beekeeping", "slug": "beekeeping"},
        category_renamed,
    ),
    "tag_list": Action("get", fixed_url(TAGS)),
    "open_tag_add": Action("get", fixed_url("/cadmin/tag/add/")),
    "tag_add": Action(
        "post", fixed_url("/cadmin/tag/add/"), lambda s: {"name": "honey"}, tag_added
    ),
    "open_tag_update": Action("get", lambda scene: f"/cadmin/tag/update/{a_tag(scene).pk}/"),
    "tag_update": Action(
        "post",
        lambda scene: f"/cadmin/tag/update/{a_tag(scene).pk}/",
        lambda scene: {"name": "honey", "slug": "honey"},
        tag_renamed,
    ),
    "people": Action("get", fixed_url(PEOPLE)),
    "open_person_role": Action("get", person_url("/cadmin/people/{pk}/role/")),
    "person_role": Action(
        "post",
        person_url("/cadmin/people/{pk}/role/"),
        lambda scene: {"role": Role.AUTHOR},
        role_is_author,
    ),
    "person_deactivate": Action(
        "post", person_url("/cadmin/people/{pk}/deactivate/"), done=deactivated
    ),
    "person_reactivate": Action(
        "post", person_url("/cadmin/people/{pk}/reactivate/", inactive_person), done=reactivated
    ),
    "invite": Action(
        "post",
        fixed_url("/cadmin/people/invite/"),
        lambda scene: {"email": "newcomer@example.com", "role": Role.CONTRIBUTOR},
        invited,
    ),
    "invitation_revoke": Action(
        "post", invitation_url("/cadmin/people/invitations/{pk}/revoke/"), done=revoked
    ),
    "invitation_resend": Action(
        "post", invitation_url("/cadmin/people/invitations/{pk}/resend/"), done=sent_again
    ),
}
