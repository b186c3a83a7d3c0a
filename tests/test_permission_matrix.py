"""Every dashboard URL and action, for every role, on every kind of post (team/roles.py).

The tables below are the rules, written out: each row lists the answer for the roles
no_role, contributor, author, editor, administrator and superuser, in that order. Each cell
asserts the exact status (and the exact Location of a redirect) and what the database holds
afterwards: the change made when it is allowed, nothing at all changed when it is not. How
each action is sent and checked is in tests/roles_matrix.py.
"""

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.utils import timezone

from mfa.confirm import CONFIRMED_AT_KEY
from tests.roles_matrix import (
    BACK_IN_EDITOR,
    BAD_REQUEST,
    CATEGORY_SAVED,
    CONFLICT,
    CURRENT_TITLE,
    FORBIDDEN,
    KEPT_IN_THE_SLOT,
    MARKED_AS_EDITING,
    NEW_POST_SLOT_DISCARDED,
    NOT_FOUND,
    OPENED_IN_EDITOR,
    PEOPLE_CHANGED,
    POST_ACTIONS,
    PREVIEWED,
    REFUSED,
    ROLES,
    SAVED,
    SENT_BACK,
    SHOWN,
    SITE_ACTIONS,
    TAG_SAVED,
    Outcome,
    Scene,
    scene_for,
    snapshot,
)

pytestmark = pytest.mark.django_db


def for_editors(outcome: Outcome) -> tuple[Outcome, ...]:
    """Editors, administrators and superusers; a 403 for anyone else."""
    return (FORBIDDEN, FORBIDDEN, FORBIDDEN, outcome, outcome, outcome)


def for_administrators(outcome: Outcome) -> tuple[Outcome, ...]:
    """Administrators and superusers; a 403 for anyone else."""
    return (FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, outcome, outcome)


def whose_posts_the_role_may_edit(allowed: Outcome) -> dict[str, tuple[Outcome, ...]]:
    """The rows of an action that any editable post allows: contributors their own drafts and
    submissions, authors all their own posts, editors and administrators every post."""
    return {
        "own_draft": (NOT_FOUND, allowed, allowed, allowed, allowed, allowed),
        "own_review": (NOT_FOUND, allowed, allowed, allowed, allowed, allowed),
        "own_published": (NOT_FOUND, NOT_FOUND, allowed, allowed, allowed, allowed),
        "others_draft": (NOT_FOUND, NOT_FOUND, NOT_FOUND, allowed, allowed, allowed),
        "others_review": (NOT_FOUND, NOT_FOUND, NOT_FOUND, allowed, allowed, allowed),
        "others_published": (NOT_FOUND, NOT_FOUND, NOT_FOUND, allowed, allowed, allowed),
    }


# action: {ownership: (no_role, contributor, author, editor, administrator, superuser)}
POST_EXPECTED: dict[str, dict[str, tuple[Outcome, ...]]] = {
    "open_editor": whose_posts_the_role_may_edit(OPENED_IN_EDITOR),
    "edit": whose_posts_the_role_may_edit(SAVED),
    "edit_over_newer_version": whose_posts_the_role_may_edit(CONFLICT),
    # Contributors may not publish or schedule: the form says so and nothing is saved.
    "publish": {
        "own_draft": (NOT_FOUND, REFUSED, SAVED, SAVED, SAVED, SAVED),
        "own_review": (NOT_FOUND, REFUSED, SAVED, SAVED, SAVED, SAVED),
        "others_draft": (NOT_FOUND, NOT_FOUND, NOT_FOUND, SAVED, SAVED, SAVED),
        "others_review": (NOT_FOUND, NOT_FOUND, NOT_FOUND, SAVED, SAVED, SAVED),
    },
    "schedule": {
        "own_draft": (NOT_FOUND, REFUSED, SAVED, SAVED, SAVED, SAVED),
        "own_review": (NOT_FOUND, REFUSED, SAVED, SAVED, SAVED, SAVED),
        "own_published": (NOT_FOUND, NOT_FOUND, SAVED, SAVED, SAVED, SAVED),
        "others_draft": (NOT_FOUND, NOT_FOUND, NOT_FOUND, SAVED, SAVED, SAVED),
        "others_review": (NOT_FOUND, NOT_FOUND, NOT_FOUND, SAVED, SAVED, SAVED),
        "others_published": (NOT_FOUND, NOT_FOUND, NOT_FOUND, SAVED, SAVED, SAVED),
    },
    "unpublish": {
        "own_published": (NOT_FOUND, NOT_FOUND, SAVED, SAVED, SAVED, SAVED),
        "others_published": (NOT_FOUND, NOT_FOUND, NOT_FOUND, SAVED, SAVED, SAVED),
    },
    # Review is a contributor's step: a role that publishes is not offered it on a draft.
    "submit_for_review": {
        "own_draft": (NOT_FOUND, SAVED, REFUSED, REFUSED, REFUSED, REFUSED),
        "others_draft": (NOT_FOUND, NOT_FOUND, NOT_FOUND, REFUSED, REFUSED, REFUSED),
    },
    "open_delete": whose_posts_the_role_may_edit(SHOWN),
    "delete": whose_posts_the_role_may_edit(SAVED),
    "delete_over_newer_version": whose_posts_the_role_may_edit(CONFLICT),
    # The post is in the trash, in the state it was deleted in.
    "restore_from_trash": whose_posts_the_role_may_edit(BACK_IN_EDITOR),
    "history": whose_posts_the_role_may_edit(SHOWN),
    "compare_revisions": whose_posts_the_role_may_edit(SHOWN),
    "restore_revision": whose_posts_the_role_may_edit(BACK_IN_EDITOR),
    # Previewing is writing: without a role it is refused before any post is looked up.
    "preview": {
        ownership: (FORBIDDEN, *row[1:])
        for ownership, row in whose_posts_the_role_may_edit(PREVIEWED).items()
    },
    "autosave": whose_posts_the_role_may_edit(KEPT_IN_THE_SLOT),
    "discard_autosave": whose_posts_the_role_may_edit(BACK_IN_EDITOR),
    "editing_ping": whose_posts_the_role_may_edit(MARKED_AS_EDITING),
    # Reviewing is an editor's: anyone else gets a 403, whoever's post it is.
    # Only a post waiting for review can be sent back.
    "send_back": {
        "own_review": for_editors(SENT_BACK),
        "others_review": for_editors(SENT_BACK),
        "others_draft": for_editors(BAD_REQUEST),
        "others_published": for_editors(BAD_REQUEST),
    },
    "send_back_over_newer_version": {
        "others_review": for_editors(CONFLICT),
    },
}


def post_cells():
    for action, rows in POST_EXPECTED.items():
        for ownership, row in rows.items():
            assert len(row) == len(ROLES), (action, ownership)
            for role, expected in zip(ROLES, row, strict=True):
                yield pytest.param(
                    role, action, ownership, expected, id=f"{role}-{action}-{ownership}"
                )


def assert_answer(response, expected: Outcome, scene: Scene) -> None:
    assert response.status_code == expected.status
    if expected.location:
        pk = scene.post.pk if scene.post else ""
        assert response.headers["Location"] == expected.location.format(pk=pk)
    else:
        assert "Location" not in response.headers
    if expected.form_error:
        assert response.context["form"].errors
    if expected.shows:
        assert expected.shows in response.text
    if expected.status in (403, 404) and scene.post is not None:
        # A post one may not change is not even named.
        assert CURRENT_TITLE not in response.text


@pytest.mark.parametrize(("role", "action_name", "ownership", "expected"), list(post_cells()))
def test_a_post_action_answers_and_changes_exactly_what_the_role_allows(
    request, role, action_name, ownership, expected
):
    action = POST_ACTIONS[action_name]
    scene = scene_for(request, role, ownership, trashed=action.trashed)
    action.setup(scene)
    before = snapshot(scene.post)

    response = getattr(scene.client, action.method)(action.url(scene), action.data(scene))

    assert_answer(response, expected, scene)
    assert action.done(scene, before) is expected.applied
    if not (expected.applied and action.changes_post):
        assert snapshot(scene.post) == before


EVERYONE_SEES = (SHOWN, SHOWN, SHOWN, SHOWN, SHOWN, SHOWN)

# action: (no_role, contributor, author, editor, administrator, superuser)
SITE_EXPECTED: dict[str, tuple[Outcome, ...]] = {
    # One's own pages open for everyone signed in, a role or not.
    "home": EVERYONE_SEES,
    "post_list": EVERYONE_SEES,
    "trash": EVERYONE_SEES,
    "security": EVERYONE_SEES,
    "sessions": EVERYONE_SEES,
    "profile": EVERYONE_SEES,
    "account_activity": EVERYONE_SEES,
    "password_change": EVERYONE_SEES,
    # Writing needs a role; publishing needs more than a contributor's.
    "open_new_post": (FORBIDDEN, SHOWN, SHOWN, SHOWN, SHOWN, SHOWN),
    "add_draft": (FORBIDDEN, SAVED, SAVED, SAVED, SAVED, SAVED),
    "add_for_review": (FORBIDDEN, SAVED, REFUSED, REFUSED, REFUSED, REFUSED),
    "add_published": (FORBIDDEN, REFUSED, SAVED, SAVED, SAVED, SAVED),
    "preview_new_post": (FORBIDDEN, *(PREVIEWED,) * 5),
    "autosave_new_post": (FORBIDDEN, *(KEPT_IN_THE_SLOT,) * 5),
    # Forgetting one's own unsaved text changes nothing anyone else sees.
    "discard_new_post_autosave": (NEW_POST_SLOT_DISCARDED,) * 6,
    # Reviewing, categories and tags are editors'.
    "review_queue": for_editors(SHOWN),
    "category_list": for_editors(SHOWN),
    "open_category_add": for_editors(SHOWN),
    "category_add": for_editors(CATEGORY_SAVED),
    "open_category_update": for_editors(SHOWN),
    "category_update": for_editors(CATEGORY_SAVED),
    "tag_list": for_editors(SHOWN),
    "open_tag_add": for_editors(SHOWN),
    "tag_add": for_editors(TAG_SAVED),
    "open_tag_update": for_editors(SHOWN),
    "tag_update": for_editors(TAG_SAVED),
    # People are administrators', and each change asks for a recent "confirm it is you".
    "people": for_administrators(SHOWN),
    "open_person_role": for_administrators(SHOWN),
    "person_role": for_administrators(PEOPLE_CHANGED),
    "person_deactivate": for_administrators(PEOPLE_CHANGED),
    "person_reactivate": for_administrators(PEOPLE_CHANGED),
    "invite": for_administrators(PEOPLE_CHANGED),
    "invitation_revoke": for_administrators(PEOPLE_CHANGED),
    "invitation_resend": for_administrators(PEOPLE_CHANGED),
}


def site_cells():
    for action, row in SITE_EXPECTED.items():
        assert len(row) == len(ROLES), action
        for role, expected in zip(ROLES, row, strict=True):
            yield pytest.param(role, action, expected, id=f"{role}-{action}")


@pytest.mark.parametrize(("role", "action_name", "expected"), list(site_cells()))
def test_a_dashboard_page_or_action_answers_and_changes_exactly_what_the_role_allows(
    request, role, action_name, expected
):
    action = SITE_ACTIONS[action_name]
    scene = scene_for(request, role)
    action.setup(scene)

    response = getattr(scene.client, action.method)(action.url(scene), action.data(scene))

    assert_answer(response, expected, scene)
    assert action.done(scene, None) is expected.applied


def test_every_post_action_and_page_of_the_matrix_has_its_rules_written_out():
    assert set(POST_EXPECTED) == set(POST_ACTIONS)
    assert set(SITE_EXPECTED) == set(SITE_ACTIONS)


PEOPLE_ACTIONS = [
    "person_role",
    "person_deactivate",
    "person_reactivate",
    "invite",
    "invitation_revoke",
    "invitation_resend",
]


@pytest.mark.parametrize("role", ["administrator", "superuser"])
@pytest.mark.parametrize("action_name", PEOPLE_ACTIONS)
def test_a_people_action_long_after_sign_in_asks_to_confirm_it_is_you_and_changes_nothing(
    request, role, action_name
):
    action = SITE_ACTIONS[action_name]
    scene = scene_for(request, role)
    session = scene.client.session
    session[CONFIRMED_AT_KEY] = (timezone.now() - timedelta(hours=1)).timestamp()
    session.save()
    url = action.url(scene)

    response = scene.client.post(url, action.data(scene))

    assert response.status_code == 302
    assert response.headers["Location"] == f"/cadmin/confirm/?{urlencode({'next': url})}"
    assert action.done(scene, None) is False


@pytest.mark.parametrize("role", ["no_role", "contributor", "author", "editor"])
@pytest.mark.parametrize("action", ["role", "deactivate", "reactivate"])
def test_a_people_action_tells_someone_who_may_not_manage_people_nothing_about_who_exists(
    request, role, action
):
    scene = scene_for(request, role)
    existing = scene.client.post(f"/cadmin/people/{scene.other.pk}/{action}/")
    missing = scene.client.post(f"/cadmin/people/999999/{action}/")

    assert (existing.status_code, missing.status_code) == (403, 403)


@pytest.mark.parametrize("action", ["role", "deactivate", "reactivate"])
def test_a_people_action_sends_a_visitor_to_sign_in_whether_or_not_the_account_exists(
    client, other_author, action
):
    existing = client.post(f"/cadmin/people/{other_author.pk}/{action}/")
    missing = client.post(f"/cadmin/people/999999/{action}/")

    assert existing.status_code == missing.status_code == 302
    assert existing.headers["Location"] == (
        f"/cadmin/login/?next=/cadmin/people/{other_author.pk}/{action}/"
    )
    assert missing.headers["Location"] == f"/cadmin/login/?next=/cadmin/people/999999/{action}/"
