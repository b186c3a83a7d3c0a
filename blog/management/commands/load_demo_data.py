"""Fill a development database with demo accounts and posts; safe to run again and again."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from blog.models import Category, Post, Tag
from revisions import changes

# (username, password, email, superuser) — printed by the command so a newcomer can sign in.
DEMO_ACCOUNTS = [
    ("admin", "demo-admin-pass", "admin@example.com", True),
    ("alice", "demo-alice-pass", "alice@example.com", False),
    ("bob", "demo-bob-pass", "", False),
]
CATEGORIES = ["Django", "Security", "Python", "Writing", "Release notes"]
TAGS = ["authentication", "sessions", "templates", "testing", "performance", "markdown", "tips"]
TOPICS = [
    "Logging users in with authenticate()",
    "What login() really stores in the session",
    "Why logout() is safe to call twice",
    "LoginView in five lines",
    "Protecting pages with login_required",
    "Where LOGIN_URL sends your readers",
    "The hidden next field, explained",
    "Open redirects and how Django stops them",
    "CSRF tokens without the mystery",
    "Sessions stored in the database",
    "Password hashing with Argon2",
    "Custom user models from day one",
    "Slugs that never collide",
    "Markdown that cannot attack your readers",
    "Paginating a blog the Django way",
    "Class-based views for busy people",
    "Template inheritance for a consistent look",
    "Messages after every action",
    "Testing views with the test client",
    "Query counts you can trust",
    "select_related versus prefetch_related",
    "Categories and tags in one model shape",
    "Writing a management command",
    "Settings from the environment",
    "SQLite is a fine place to start",
    "Signing out should be a POST",
    "Remembering the canonical URL",
    "Static files without a CDN",
    "Accessible forms with labels",
    "A dashboard that shows only your own posts",
]
DRAFTS = ["Notes on two-factor sign-in", "Ideas for a comment system", "Half-written style guide"]
BODY = """Every Django site that lets people sign in rests on three functions:
`authenticate()`, `login()` and `logout()`. This post looks at **{topic}**.

## Why it matters

A sign-in system is only as good as its weakest page. Read the
[Django documentation](https://docs.djangoproject.com/) for the full story.

- Keep views thin.
- Let Django's own machinery do the work.
- Test what a user would see.

```python
from django.contrib.auth import authenticate, login
```

> Good defaults are a feature.
"""


class Command(BaseCommand):
    help = "Load demo accounts, categories, tags and posts (development only; idempotent)."

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError("Refusing to load demo data when DJANGO_DEBUG=0 (production).")
        with transaction.atomic():
            users = self._accounts()
            categories = [self._named(Category, name) for name in CATEGORIES]
            tags = [self._named(Tag, name) for name in TAGS]
            created = self._posts(users, categories, tags)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready ({created} new posts)."))
        self.stdout.write("Demo sign-ins (unless you changed their passwords):")
        for username, password, _email, superuser in DEMO_ACCOUNTS:
            role = "superuser" if superuser else "author"
            self.stdout.write(f"  {username:<6} / {password:<16} ({role})")

    def _accounts(self) -> list:
        user_model = get_user_model()
        users = []
        for username, password, email, superuser in DEMO_ACCOUNTS:
            user, created = user_model.objects.get_or_create(
                username=username,
                defaults={"email": email, "is_superuser": superuser, "is_staff": superuser},
            )
            if created:
                user.set_password(password)
                user.save(update_fields=["password"])
            users.append(user)
        return users

    @staticmethod
    def _named(model, name: str):
        obj = model.objects.filter(name=name).first()
        return obj or model.objects.create(name=name)

    def _posts(self, users: list, categories: list, tags: list) -> int:
        now = timezone.now()
        authors = users[1:]
        created = 0
        titles = [(title, Post.Status.PUBLISHED) for title in TOPICS]
        titles += [(title, Post.Status.DRAFT) for title in DRAFTS]
        for number, (title, status) in enumerate(titles):
            if Post.objects.filter(title=title).exists():
                continue
            post = Post(
                title=title,
                body=BODY.format(topic=title.lower()),
                author=authors[number % len(authors)],
                category=categories[number % len(categories)],
                status=status,
            )
            if status == Post.Status.PUBLISHED:
                post.published_at = now - timedelta(days=len(TOPICS) - number, hours=number)
            post.save()
            post.tags.set([tags[number % len(tags)], tags[(number * 3 + 1) % len(tags)]])
            # Each post starts its history, as one written in the dashboard does.
            changes.record(post, post.author, changes.kind_of_save(None, post))
            created += 1
        return created
