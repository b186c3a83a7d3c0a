"""Forget cached reader pages whenever something a reader can see changes."""

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from media.processing import image_ready

from .models import Category, Post, Tag
from .page_cache import content_changed

READER_VISIBLE = (Post, Category, Tag, get_user_model())


def _saved_or_deleted(sender, update_fields=None, **kwargs) -> None:
    if update_fields is not None and set(update_fields) <= {"last_login", "password"}:
        return  # signing in or changing a password shows nothing new to readers
    content_changed()


for model in READER_VISIBLE:
    name = model._meta.label_lower
    post_save.connect(_saved_or_deleted, sender=model, dispatch_uid=f"pages_{name}_saved")
    post_delete.connect(_saved_or_deleted, sender=model, dispatch_uid=f"pages_{name}_deleted")


@receiver(m2m_changed, sender=Post.tags.through, dispatch_uid="pages_post_tags_changed")
def _tags_changed(sender, action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        content_changed()


@receiver(image_ready, dispatch_uid="pages_image_ready")
def _draw_posts_with_image(sender, image_id: int, **kwargs) -> None:
    """The picture's files are made: the posts showing it offer them to readers now."""
    posts = Post.all_objects.filter(images__pk=image_id)
    for post in posts:
        post.render()
        Post.all_objects.filter(pk=post.pk).update(body_html=post.body_html)
    content_changed()
