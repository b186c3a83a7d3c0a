"""Reader lists read posts straight from an index in the order they show them: no sort of every
published post, however many there are, for a page of any depth or for the count of pages."""

import pytest
from django.db import connection

from blog.models import Post
from tests.factories import CategoryFactory, PostFactory

pytestmark = [pytest.mark.django_db, pytest.mark.every_backend]


def plan_of(queryset) -> str:
    if connection.vendor == "postgresql":
        # A few rows are cheaper to scan, or to sort, than to read in order from an index, and
        # which the planner picks turns on the statistics other tests left behind. Ask what it
        # would do with a large table: no full scan, and a sort only where no index gives the order.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
    return queryset.explain()


@pytest.fixture
def category():
    category = CategoryFactory()
    PostFactory.create_batch(3, category=category)
    return category


def test_the_post_list_page_is_read_in_index_order():
    PostFactory.create_batch(3)

    plan = plan_of(Post.objects.published().for_listing()[20:30])

    assert "post_status_published_idx" in plan
    assert "TEMP B-TREE" not in plan
    assert "Sort" not in plan


def test_a_category_page_is_read_in_index_order(category):
    plan = plan_of(Post.objects.published().for_listing().filter(category=category)[20:30])

    assert "post_category_published_idx" in plan
    assert "TEMP B-TREE" not in plan
    assert "Sort" not in plan
