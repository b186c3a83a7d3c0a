"""Unique, readable slugs: "hello", then "hello-2", "hello-3"..."""

from django.db import models
from django.utils.text import slugify


def unique_slug(model: type[models.Model], text: str, max_length: int, exclude_pk=None) -> str:
    """Slugify `text` and add the lowest free numeric suffix among `model`'s slugs."""
    base = slugify(text)[:max_length].strip("-") or model._meta.model_name
    taken = set(
        # Every candidate below starts with this prefix, however long the suffix grows. The base
        # manager: a post in the trash keeps its slug, to come back to the same address.
        model._base_manager.filter(slug__startswith=base[: max_length - 12])
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    if base not in taken:
        return base
    suffix = 2
    while True:
        ending = f"-{suffix}"
        candidate = f"{base[: max_length - len(ending)].rstrip('-')}{ending}"
        if candidate not in taken:
            return candidate
        suffix += 1
