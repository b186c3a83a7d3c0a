"""Post, Category and Tag: slugs, publication dates, rendered fields and the Post queries."""

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from blog.models import Category, Post, Tag
from tests.factories import CategoryFactory, PostFactory, TagFactory

pytestmark = pytest.mark.django_db


class TestPostSlug:
    def test_slug_is_made_from_the_title_and_numbered_on_collision(self):
        posts = [PostFactory(title="Hello") for _ in range(3)]

        assert [post.slug for post in posts] == ["hello", "hello-2", "hello-3"]

    def test_slug_stays_the_same_when_the_title_is_edited(self, client):
        post = PostFactory(title="Hello")

        post.title = "A completely different title"
        post.save()
        post.refresh_from_db()

        assert post.slug == "hello"
        response = client.get(f"/{post.pk}/hello/")
        assert response.status_code == 200
        assert "A completely different title" in response.text

    def test_title_without_sluggable_characters_still_gets_a_usable_unique_slug(self, client):
        first = PostFactory(title="!!!")
        second = PostFactory(title="!!!")

        assert first.slug
        assert second.slug
        assert first.slug != second.slug
        for post in (first, second):
            response = client.get(post.get_absolute_url())
            assert response.status_code == 200
            assert "!!!" in response.text

    def test_very_long_titles_get_unique_slugs_within_the_column_length(self):
        max_length = Post._meta.get_field("slug").max_length
        posts = [PostFactory(title="a" * 200) for _ in range(3)]

        slugs = [post.slug for post in posts]
        assert len(set(slugs)) == 3
        assert all(0 < len(slug) <= max_length for slug in slugs)


@pytest.mark.parametrize(("model", "factory"), [(Category, CategoryFactory), (Tag, TagFactory)])
class TestNamedSlug:
    def test_blank_slug_is_filled_from_the_name(self, model, factory):
        item = factory(name="Django Tips")

        assert model.objects.get(pk=item.pk).slug == "django-tips"

    def test_given_slug_is_kept(self, model, factory):
        item = factory(name="Django Tips", slug="tips")

        assert model.objects.get(pk=item.pk).slug == "tips"

    def test_names_with_the_same_slug_get_numbered_slugs(self, model, factory):
        items = [factory(name=name) for name in ("C", "C++", "C#")]

        assert [item.slug for item in items] == ["c", "c-2", "c-3"]

    def test_names_at_full_length_that_collide_get_slugs_within_the_column_length(
        self, model, factory
    ):
        max_length = model._meta.get_field("slug").max_length
        items = [factory(name=name) for name in ("x" * 100, "x" * 99 + "!", "x" * 99 + "?")]

        slugs = [item.slug for item in items]
        assert len(set(slugs)) == 3
        assert all(len(slug) <= max_length for slug in slugs)

    def test_name_without_sluggable_characters_still_gets_a_slug(self, model, factory):
        items = [factory(name=name) for name in ("???", "!!!")]

        assert all(item.slug for item in items)
        assert items[0].slug != items[1].slug


class TestPublishedAt:
    def test_draft_has_no_publication_date(self):
        post = PostFactory(status=Post.Status.DRAFT)

        assert post.published_at is None

    def test_publication_date_is_set_when_a_post_is_first_published(self):
        before = timezone.now()
        post = PostFactory(status=Post.Status.PUBLISHED)
        after = timezone.now()

        assert before <= post.published_at <= after

    def test_publication_date_is_set_when_a_draft_is_published_later(self):
        post = PostFactory(status=Post.Status.DRAFT)

        before = timezone.now()
        post.status = Post.Status.PUBLISHED
        post.save()
        post.refresh_from_db()

        assert post.published_at >= before

    def test_editing_a_published_post_keeps_its_publication_date(self):
        published_at = datetime(2021, 5, 4, 12, 0, tzinfo=UTC)
        post = PostFactory(published_at=published_at)

        post.title = "Edited"
        post.save()
        post.refresh_from_db()

        assert post.published_at == published_at


class TestRenderedFields:
    def test_body_html_and_excerpt_are_computed_on_save(self):
        post = PostFactory(body="Some **Markdown** text.")
        post.refresh_from_db()

        assert post.body_html == "<p>Some <strong>Markdown</strong> text.</p>"
        assert post.excerpt == "Some Markdown text."

    def test_body_html_and_excerpt_follow_an_edited_body(self):
        post = PostFactory(body="First version.")

        post.body = "# Second\n\nversion *two*"
        post.save()
        post.refresh_from_db()

        assert "<h1>Second</h1>" in post.body_html
        assert "<em>two</em>" in post.body_html
        assert post.excerpt == "Second version two"

    def test_excerpt_of_a_long_body_is_shortened(self):
        body = " ".join(f"word{i}" for i in range(100))
        post = PostFactory(body=body)

        assert post.excerpt.startswith("word0 word1 ")
        assert "word40" not in post.excerpt
        assert post.excerpt.endswith("…")


class TestPostQueries:
    @pytest.fixture
    def posts(self, author, other_author):
        return {
            "alice_published": PostFactory(author=author),
            "alice_draft": PostFactory(author=author, status=Post.Status.DRAFT),
            "bob_published": PostFactory(author=other_author),
            "bob_draft": PostFactory(author=other_author, status=Post.Status.DRAFT),
        }

    @staticmethod
    def names(posts, queryset):
        return {name for name, post in posts.items() if queryset.filter(pk=post.pk).exists()}

    def test_published_returns_only_published_posts(self, posts):
        assert self.names(posts, Post.objects.published()) == {"alice_published", "bob_published"}

    def test_anonymous_reader_sees_only_published_posts(self, posts):
        visible = self.names(posts, Post.objects.visible_to(AnonymousUser()))

        assert visible == {"alice_published", "bob_published"}

    def test_author_sees_published_posts_and_only_their_own_drafts(self, posts, author):
        visible = self.names(posts, Post.objects.visible_to(author))

        assert visible == {"alice_published", "alice_draft", "bob_published"}

    def test_superuser_sees_every_post(self, posts, superuser):
        assert self.names(posts, Post.objects.visible_to(superuser)) == set(posts)

    def test_author_may_edit_only_their_own_posts(self, posts, author):
        editable = self.names(posts, Post.objects.editable_by(author))

        assert editable == {"alice_published", "alice_draft"}

    def test_superuser_may_edit_every_post(self, posts, superuser):
        assert self.names(posts, Post.objects.editable_by(superuser)) == set(posts)
