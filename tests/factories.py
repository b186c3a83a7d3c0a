"""Model factories shared by every test module."""

from functools import cache

import factory
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from blog.models import Category, Post, Tag
from team import roles

PASSWORD = "correct-horse-battery"


@cache
def _hash_of(password: str, hashers: tuple[str, ...]) -> str:
    return make_password(password)


def password_hash(password: str) -> str:
    """`password` hashed by the first of the hashers in use, as set_password stores it. The
    site's Argon2 takes about 200 ms of a core, so it is hashed once per password and hashers
    rather than for every account a test makes; each account's check of it stays a real one."""
    return _hash_of(password, tuple(settings.PASSWORD_HASHERS))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"author{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        """PASSWORD, or the password given (`UserFactory(password=...)`)."""
        obj.password = password_hash(extracted or PASSWORD)
        if create:
            obj.save()

    @factory.post_generation
    def role(obj, create, extracted, **kwargs):
        """Authors by default, as every account was before roles; role="" gives none."""
        if create and extracted != "":
            roles.set_role(obj, extracted or roles.Role.AUTHOR)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Category {n}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    name = factory.Sequence(lambda n: f"tag {n}")


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Post number {n}")
    body = "Some **Markdown** text."
    author = factory.SubFactory(UserFactory)
    category = factory.SubFactory(CategoryFactory)
    status = Post.Status.PUBLISHED

    @factory.post_generation
    def tags(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.tags.set(extracted)
