"""Django admin holds each staff member to their role, as the dashboard does: what they see,
open, change, delete and publish there is what their role allows, whatever the POST says."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client

from blog.admin import CANNOT_PUBLISH
from blog.models import Category, Post
from team.roles import ROLE_PERMISSIONS, Role
from tests.clients import signed_in
from tests.factories import CategoryFactory, PostFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db

POSTS = "/admin/blog/post/"
ADD_POST = f"{POSTS}add/"
NO_INLINES = {"revisions-TOTAL_FORMS": "0", "revisions-INITIAL_FORMS": "0"}


def staff(user) -> Client:
    """A browser signed in to Django admin as `user`, made staff (by a superuser, as ever)."""
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return signed_in(user)


def change_url(post: Post) -> str:
    return f"{POSTS}{post.pk}/change/"


def delete_url(post: Post) -> str:
    return f"{POSTS}{post.pk}/delete/"


def post_fields(post: Post | None = None, **changes) -> dict:
    fields = {"title": "A title", "body": "Some text.", "status": Post.Status.DRAFT}
    if post is not None:
        fields.update(title=post.title, body=post.body, status=post.status)
    return {**fields, **NO_INLINES, **changes}


def unchanged(post: Post) -> bool:
    saved = Post.objects.get(pk=post.pk)
    return (saved.title, saved.status, saved.author_id, saved.version) == (
        post.title,
        post.status,
        post.author_id,
        post.version,
    )


@pytest.fixture
def posts(author, other_author, contributor) -> dict[str, Post]:
    return {
        "alice published": PostFactory(author=author, title="alice published", category=None),
        "alice draft": PostFactory(author=author, title="alice draft", status="draft"),
        "bob published": PostFactory(author=other_author, title="bob published", category=None),
        "connie draft": PostFactory(author=contributor, title="connie draft", status="draft"),
        "connie published": PostFactory(author=contributor, title="connie published"),
    }


EVERY_POST = {"alice published", "alice draft", "bob published", "connie draft", "connie published"}


class TestChangeList:
    @pytest.mark.parametrize(
        ("role", "listed"),
        [
            ("contributor", {"connie draft", "connie published"}),
            ("author", {"alice published", "alice draft"}),
            ("editor", EVERY_POST),
            ("administrator", EVERY_POST),
            ("superuser", EVERY_POST),
        ],
    )
    def test_it_lists_exactly_the_posts_the_role_may_see(self, request, posts, role, listed):
        client = staff(request.getfixturevalue(role))

        response = client.get(POSTS)

        assert response.status_code == 200
        assert {post.title for post in response.context["cl"].result_list} == listed

    def test_a_search_finds_nothing_beyond_the_authors_own(self, author, posts):
        response = staff(author).get(POSTS, {"q": "bob"})

        assert list(response.context["cl"].result_list) == []
        assert "0 results" in response.text

    def test_a_staff_member_without_a_role_may_not_open_it(self, posts):
        response = staff(UserFactory(username="nobody", role="")).get(POSTS)

        assert response.status_code == 403


class TestSomeoneElsesPost:
    """Outside the user's list a post does not exist for them: Django admin says so and sends
    them to the admin's home page, whether they read, change or delete."""

    @pytest.mark.parametrize("role", ["author", "contributor"])
    def test_its_change_page_is_not_found(self, request, posts, role):
        client = staff(request.getfixturevalue(role))

        response = client.get(change_url(posts["bob published"]), follow=True)

        assert response.redirect_chain == [("/admin/", 302)]
        assert "Perhaps it was deleted?" in response.text

    @pytest.mark.parametrize("role", ["author", "contributor"])
    def test_a_forged_change_is_refused_and_nothing_saved(self, request, posts, role):
        client = staff(request.getfixturevalue(role))
        bobs = posts["bob published"]

        response = client.post(change_url(bobs), post_fields(bobs, title="Taken over"))

        assert response.status_code == 302
        assert response.headers["Location"] == "/admin/"
        assert unchanged(bobs)
        assert not bobs.revisions.exists()

    @pytest.mark.parametrize("role", ["author", "contributor"])
    def test_a_forged_delete_is_refused_and_the_post_kept(self, request, posts, role):
        client = staff(request.getfixturevalue(role))
        bobs = posts["bob published"]

        response = client.post(delete_url(bobs), {"post": "yes"})

        assert response.headers["Location"] == "/admin/"
        assert Post.objects.filter(pk=bobs.pk).exists()

    def test_a_bulk_delete_leaves_it_alone(self, author, posts):
        bobs, own = posts["bob published"], posts["alice draft"]

        staff(author).post(
            POSTS,
            {"action": "delete_selected", "_selected_action": [bobs.pk, own.pk], "post": "yes"},
        )

        assert Post.objects.filter(pk=bobs.pk).exists()
        assert Post.all_objects.trashed().filter(pk=own.pk).exists()

    def test_an_editor_may_change_it(self, editor, posts):
        bobs = posts["bob published"]

        response = staff(editor).post(
            change_url(bobs), post_fields(bobs, title="Edited", author=bobs.author_id)
        )

        assert response.status_code == 302
        assert response.headers["Location"] == POSTS
        assert Post.objects.get(pk=bobs.pk).title == "Edited"


class TestContributorsPublishedPost:
    """A contributor may read their post once it is published, and change it no more."""

    def test_its_page_is_read_only(self, contributor, posts):
        response = staff(contributor).get(change_url(posts["connie published"]))

        assert response.status_code == 200
        assert "View post" in response.text
        assert 'name="_save"' not in response.text

    def test_a_forged_change_is_forbidden_and_nothing_saved(self, contributor, posts):
        published = posts["connie published"]

        response = staff(contributor).post(
            change_url(published), post_fields(published, title="Rewritten", status="draft")
        )

        assert response.status_code == 403
        assert unchanged(published)

    def test_a_forged_delete_is_forbidden(self, contributor, posts):
        published = posts["connie published"]

        response = staff(contributor).post(delete_url(published), {"post": "yes"})

        assert response.status_code == 403
        assert Post.objects.filter(pk=published.pk).exists()

    def test_a_bulk_delete_that_includes_it_is_forbidden(self, contributor, posts):
        published, draft = posts["connie published"], posts["connie draft"]

        response = staff(contributor).post(
            POSTS,
            {
                "action": "delete_selected",
                "_selected_action": [published.pk, draft.pk],
                "post": "yes",
            },
        )

        assert response.status_code == 403
        assert Post.objects.filter(pk__in=[published.pk, draft.pk]).count() == 2


class TestPublishing:
    def test_a_contributor_is_offered_only_draft_and_review(self, contributor):
        html = staff(contributor).get(ADD_POST).text

        assert '<option value="draft"' in html
        assert '<option value="review"' in html
        assert '<option value="published"' not in html
        assert 'name="published_at' not in html

    def test_a_contributor_forging_published_on_add_is_refused(self, contributor):
        response = staff(contributor).post(ADD_POST, post_fields(status="published"))

        assert response.status_code == 200
        assert CANNOT_PUBLISH in response.text
        assert not Post.objects.exists()

    def test_a_contributor_forging_published_on_change_is_refused(self, contributor, posts):
        draft = posts["connie draft"]

        response = staff(contributor).post(
            change_url(draft),
            post_fields(draft, status="published", published_at_0="2020-01-01"),
        )

        assert response.status_code == 200
        assert CANNOT_PUBLISH in response.text
        assert unchanged(draft)

    def test_a_contributor_may_send_their_draft_to_review(self, contributor, posts):
        draft = posts["connie draft"]

        response = staff(contributor).post(change_url(draft), post_fields(draft, status="review"))

        assert response.status_code == 302
        assert Post.objects.get(pk=draft.pk).status == Post.Status.REVIEW

    def test_an_author_may_publish_their_own(self, author, posts):
        draft = posts["alice draft"]

        response = staff(author).post(change_url(draft), post_fields(draft, status="published"))

        assert response.status_code == 302
        assert Post.objects.get(pk=draft.pk).is_published


class TestAuthorField:
    def test_an_author_adding_under_someone_elses_name_writes_under_their_own(
        self, author, other_author
    ):
        response = staff(author).post(ADD_POST, post_fields(author=other_author.pk))

        assert response.status_code == 302
        assert Post.objects.get().author == author

    def test_an_author_cannot_hand_their_post_to_someone_else(self, author, other_author, posts):
        own = posts["alice draft"]

        response = staff(author).post(change_url(own), post_fields(own, author=other_author.pk))

        assert response.status_code == 302
        assert Post.objects.get(pk=own.pk).author == author

    def test_an_author_sees_the_author_read_only(self, author):
        html = staff(author).get(ADD_POST).text

        assert 'name="author"' not in html

    def test_an_editor_may_choose_the_author(self, editor, other_author):
        response = staff(editor).post(ADD_POST, post_fields(author=other_author.pk))

        assert response.status_code == 302
        assert Post.objects.get().author == other_author


class TestChoosingCategoryAndTags:
    """The autocomplete asks the category and tag admin, which an author may not view: an
    author chooses from a plain list instead, and the choice is saved."""

    def test_an_author_chooses_a_category_and_tags_from_a_list(self, author):
        category, tag = CategoryFactory(name="Django"), TagFactory(name="tips")
        client = staff(author)

        html = client.get(ADD_POST).text
        response = client.post(ADD_POST, post_fields(category=category.pk, tags=[tag.pk]))

        assert "admin-autocomplete" not in html
        assert f'<option value="{category.pk}">Django</option>' in html
        assert response.status_code == 302
        post = Post.objects.get()
        assert (post.category, list(post.tags.all())) == (category, [tag])

    def test_an_editor_gets_the_autocomplete_for_them(self, editor):
        html = staff(editor).get(ADD_POST).text

        assert 'data-field-name="category"' in html
        assert 'data-field-name="author"' not in html  # users are for superusers only
        assert '<select name="author"' in html


class TestCategories:
    def test_an_author_may_not_add_one(self, author):
        response = staff(author).post("/admin/blog/category/add/", {"name": "Mine", "slug": ""})

        assert response.status_code == 403
        assert not Category.objects.exists()

    def test_an_editor_may(self, editor):
        response = staff(editor).post("/admin/blog/category/add/", {"name": "News", "slug": ""})

        assert response.status_code == 302
        assert Category.objects.get().name == "News"


class TestPeople:
    """Users are changed in Django admin by superusers only: the page edits is_superuser,
    groups and permissions, which would let anyone else raise their own powers."""

    @pytest.fixture
    def administrator_with_user_permissions(self, administrator):
        # Even someone handed the model permissions directly stays out.
        administrator.user_permissions.add(
            *Permission.objects.filter(
                content_type__app_label="accounts",
                codename__in=["add_user", "change_user", "delete_user", "view_user"],
            )
        )
        return administrator

    @pytest.mark.parametrize("who", ["administrator", "administrator_with_user_permissions"])
    @pytest.mark.parametrize("page", ["", "{pk}/change/", "{pk}/password/", "{pk}/delete/", "add/"])
    def test_an_administrator_who_is_not_a_superuser_is_forbidden(
        self, request, other_author, who, page
    ):
        client = staff(request.getfixturevalue(who))
        url = "/admin/accounts/user/" + page.format(pk=other_author.pk)

        assert client.get(url).status_code == 403

    def test_an_administrator_cannot_make_themselves_superuser(
        self, administrator_with_user_permissions
    ):
        ada = administrator_with_user_permissions
        client = staff(ada)

        response = client.post(
            f"/admin/accounts/user/{ada.pk}/change/",
            {"username": ada.username, "is_active": "on", "is_staff": "on", "is_superuser": "on"},
        )

        assert response.status_code == 403
        ada.refresh_from_db()
        assert not ada.is_superuser

    def test_a_superuser_opens_the_user_change_page(self, superuser, other_author):
        response = staff(superuser).get(f"/admin/accounts/user/{other_author.pk}/change/")

        assert response.status_code == 200
        assert "Superuser status" in response.text

    def test_an_administrator_handed_group_permissions_still_cannot_change_a_role_group(
        self, administrator
    ):
        administrator.user_permissions.add(
            *Permission.objects.filter(content_type__app_label="auth", codename__endswith="group")
        )
        editors = Group.objects.get(name="Editor")
        client = staff(administrator)

        response = client.post(f"/admin/auth/group/{editors.pk}/change/", {"name": "Editor"})

        assert client.get("/admin/auth/group/").status_code == 403
        assert response.status_code == 403
        assert editors.permissions.count() == len(ROLE_PERMISSIONS[Role.EDITOR])

    def test_a_superuser_opens_the_role_groups(self, superuser):
        assert "Contributor" in staff(superuser).get("/admin/auth/group/").text
