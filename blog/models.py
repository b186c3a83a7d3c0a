"""The blog's content: posts, their categories and tags."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from media.markup import keys_in, shown_images, width_renditions
from media.models import Image

from .rendering import plain_excerpt, plain_text, render_markdown
from .slugs import unique_slug


def unique_name_ignoring_case(kind: str) -> models.UniqueConstraint:
    # "Django" and "django" would be two entries a reader cannot tell apart.
    return models.UniqueConstraint(
        Lower("name"),
        name=f"{kind.lower()}_name_unique_ignoring_case",
        violation_error_message=f"A {kind.lower()} with this name already exists.",
    )


class NamedSlugModel(models.Model):
    """A name with a unique URL slug, filled in from the name when left blank."""

    name = models.CharField(max_length=100)
    slug = models.SlugField(
        max_length=100, unique=True, blank=True, help_text="Leave blank to make one from the name."
    )

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            max_length = self._meta.get_field("slug").max_length
            self.slug = unique_slug(type(self), self.name, max_length, exclude_pk=self.pk)
        super().save(*args, **kwargs)


class Category(NamedSlugModel):
    class Meta(NamedSlugModel.Meta):
        verbose_name_plural = "categories"
        constraints = [unique_name_ignoring_case("Category")]

    def get_absolute_url(self) -> str:
        return reverse("post_by_category", args=[self.slug])


class Tag(NamedSlugModel):
    class Meta(NamedSlugModel.Meta):
        constraints = [unique_name_ignoring_case("Tag")]

    def get_absolute_url(self) -> str:
        return reverse("post_by_tag", args=[self.slug])


def is_live_now() -> models.Q:
    return models.Q(status=Post.Status.PUBLISHED, published_at__lte=timezone.now())


class PostQuerySet(models.QuerySet):
    def published(self) -> "PostQuerySet":
        """What readers see: published, and the publication time has come."""
        return self.filter(is_live_now())

    def scheduled(self) -> "PostQuerySet":
        """Published for a time still to come: readers see them from then on."""
        return self.filter(status=Post.Status.PUBLISHED, published_at__gt=timezone.now())

    def trashed(self) -> "PostQuerySet":
        return self.filter(deleted_at__isnull=False)

    def visible_to(self, user) -> "PostQuerySet":
        """Published posts, plus the drafts and scheduled posts `user` may preview (their own;
        every post for editors)."""
        if user.has_perm("blog.edit_any_post"):
            return self.all()
        if user.is_authenticated:
            return self.filter(is_live_now() | models.Q(author=user))
        return self.published()

    def listed_for(self, user) -> "PostQuerySet":
        """The dashboard's list: every post for editors, else the user's own."""
        if user.has_perm("blog.edit_any_post"):
            return self.all()
        return self.filter(author=user) if user.has_perm("blog.view_post") else self.none()

    def editable_by(self, user) -> "PostQuerySet":
        """Posts `user` may change (team/roles.py): every post for editors; their own for
        authors; their own not yet published for contributors; none without a role."""
        if user.has_perm("blog.edit_any_post"):
            return self.all()
        if not user.has_perm("blog.change_post"):
            return self.none()
        own = self.filter(author=user)
        return (
            own if user.has_perm("blog.publish_post") else own.exclude(status=Post.Status.PUBLISHED)
        )

    def unfinished_by(self, user) -> "PostQuerySet":
        """`user`'s own drafts and submissions in review that they may still open in the
        editor, the most recently changed first: what the dashboard home shows them first."""
        return (
            self.editable_by(user)
            .filter(author=user, status__in=[Post.Status.DRAFT, Post.Status.REVIEW])
            .order_by("-updated")
        )

    def in_review(self) -> "PostQuerySet":
        """Submissions waiting for an editor, the longest-waiting first."""
        return self.filter(status=Post.Status.REVIEW).order_by("updated")

    def for_dashboard(self) -> "PostQuerySet":
        """Most recently changed first, with what the dashboard tables show."""
        return self.select_related("author", "category").order_by("-updated")

    def for_listing(self) -> "PostQuerySet":
        """Everything a list page shows, fetched in a fixed number of queries. A featured
        image that is trashed or not ready yet is left out (None)."""
        featured = shown_images().prefetch_related(width_renditions())
        return (
            self.select_related("author", "category")
            .prefetch_related("tags")
            .prefetch_related(models.Prefetch("featured_image", queryset=featured))
        )


class PostManager(models.Manager.from_queryset(PostQuerySet)):
    """Posts that are not in the trash: what every page, list and relation works with."""

    def get_queryset(self) -> PostQuerySet:
        return super().get_queryset().filter(deleted_at__isnull=True)


class Post(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        # A contributor's draft waiting for an editor (review/).
        REVIEW = "review", "In review"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True, editable=False)
    body = models.TextField(max_length=100_000, help_text="Written in Markdown.")
    body_html = models.TextField(editable=False)
    # The body as readers read it, in plain words: what search indexes and quotes from.
    body_text = models.TextField(editable=False, default="")
    excerpt = models.TextField(editable=False)
    # The author's own excerpt, when the post's first words are not the best teaser: it is the
    # excerpt on list cards, in search results and in link previews.
    custom_excerpt = models.CharField(
        "excerpt",
        max_length=300,
        blank=True,
        help_text="A sentence or two for lists and link previews (search engines show about "
        "160 characters). Left blank, the post's first words.",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts"
    )
    category = models.ForeignKey(
        Category, on_delete=models.SET_NULL, null=True, blank=True, related_name="posts"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="posts")
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(
        "publish at",
        null=True,
        blank=True,
        help_text="Leave blank to publish now; a time to come schedules the post.",
    )
    # Goes up by one with every change: a form carries the number it was opened on, so a save
    # over someone else's newer change is caught instead of silently overwriting it.
    version = models.PositiveIntegerField(default=1, editable=False)
    # Set when the post is moved to the trash; purged for good after TGDB_TRASH_DAYS.
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Shown on its card, at its top, in link previews and in the feeds (blog/pictures.py).
    featured_image = models.ForeignKey(
        Image,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="featured_in",
        help_text="Shown at the top of the post, on its card in lists, and where it is shared.",
    )
    # The pictures of the media library it shows, in its body or as its featured image: the
    # library tells where each is used, a picture in use by a published post cannot be
    # deleted, and a picture made ready draws these posts again (blog/signals.py).
    images = models.ManyToManyField(Image, blank=True, editable=False, related_name="posts")

    objects = PostManager()
    # The trash too: for the trash page, restoring, purging and unique slugs.
    all_objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created"]
        # The roles (team/roles.py) are groups holding these beside Django's own four.
        permissions = [
            ("publish_post", "Can publish, schedule and change their own published posts"),
            ("edit_any_post", "Can edit, publish and delete every post, and review submissions"),
        ]
        indexes = [
            # Reader lists, in their exact order: a page of any depth and the count come from
            # the index alone, on the whole blog and within one category.
            models.Index(
                fields=["status", "-published_at", "-created"], name="post_status_published_idx"
            ),
            models.Index(
                fields=["category", "status", "-published_at", "-created"],
                name="post_category_published_idx",
            ),
            # The dashboard lists an author's posts (or everyone's) most recently edited first.
            models.Index(fields=["author", "-updated"], name="post_author_updated_idx"),
            models.Index(fields=["-updated"], name="post_updated_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            max_length = self._meta.get_field("slug").max_length
            self.slug = unique_slug(Post, self.title, max_length, exclude_pk=self.pk)
        if self.is_published and self.published_at is None:
            self.published_at = timezone.now()
        self.render()
        super().save(*args, **kwargs)
        shown = models.Q(key__in=keys_in(self.body)) | models.Q(pk=self.featured_image_id)
        self.images.set(Image.objects.filter(shown))

    def get_absolute_url(self) -> str:
        return reverse("post_detail", args=[self.pk, self.slug])

    def render(self) -> None:
        """Draw the body as readers see it (also for a preview, which is never saved)."""
        self.body_html = render_markdown(self.body)
        self.body_text = plain_text(self.body_html)
        self.excerpt = " ".join(self.custom_excerpt.split()) or plain_excerpt(self.body_text)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def in_review(self) -> bool:
        return self.status == self.Status.REVIEW

    @property
    def is_scheduled(self) -> bool:
        """Published, for a time still to come."""
        return (
            self.is_published
            and self.published_at is not None
            and (self.published_at > timezone.now())
        )

    @property
    def is_live(self) -> bool:
        """What readers can see now."""
        return self.is_published and not self.is_scheduled and self.deleted_at is None


def published_authors():
    """The accounts with a published post: the only ones readers ever hear of."""
    from django.contrib.auth import get_user_model

    has_published = Post.objects.published().filter(author=models.OuterRef("pk"))
    return get_user_model().objects.filter(models.Exists(has_published))
