"""Expired kept forms are deleted: whenever one is kept, and by `store.purge_expired()`."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from keptforms import store
from keptforms.models import KeptForm
from tests.factories import PostFactory

from .browsing import end_session, filled_in

pytestmark = pytest.mark.django_db


def kept(name: str, expires_in: timedelta) -> KeptForm:
    return KeptForm.objects.create(
        token_hash=f"token-{name}",
        browser_hash=f"browser-{name}",
        ip="192.0.2.1",
        path="/cadmin/post/add/",
        data={"title": [name]},
        expires_at=timezone.now() + expires_in,
    )


def test_purge_deletes_only_the_expired_and_says_how_many(django_assert_num_queries):
    kept("old", -timedelta(seconds=1))
    kept("older", -timedelta(days=3))
    fresh = kept("fresh", timedelta(hours=1))

    with django_assert_num_queries(1):
        assert store.purge_expired() == 2

    assert list(KeptForm.objects.all()) == [fresh]


def test_keeping_a_form_purges_the_expired(csrf_client, author):
    stale = kept("stale", timedelta(hours=24))
    post = PostFactory(author=author)
    csrf_client.force_login(author)
    data = filled_in(csrf_client, f"/cadmin/post/update/{post.pk}/", "title")
    end_session(csrf_client)

    with time_machine.travel(timedelta(hours=25)):
        response = csrf_client.post(f"/cadmin/post/update/{post.pk}/", data)

    assert response.status_code == 302
    assert not KeptForm.objects.filter(pk=stale.pk).exists()
    assert KeptForm.objects.count() == 1
