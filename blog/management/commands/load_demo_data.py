"""Fill a development database with demo accounts and posts; safe to run again and again."""

from datetime import timedelta
from typing import NamedTuple

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from blog.models import Category, Post, Tag
from revisions import changes
from team.roles import Role, role_of, set_role


class DemoAccount(NamedTuple):
    username: str
    password: str
    email: str
    role: Role
    display_name: str
    bio: str
    superuser: bool = False


# One account of each role, printed by the command so a newcomer can sign in as any of them.
DEMO_ACCOUNTS = [
    DemoAccount(
        "admin",
        "demo-admin-pass",
        "admin@example.com",
        Role.ADMINISTRATOR,
        "Ada Admin",
        "Looks after the blog, its people and its invitations.",
        superuser=True,
    ),
    DemoAccount(
        "edith",
        "demo-edith-pass",
        "edith@example.com",
        Role.EDITOR,
        "Edith Editor",
        "Edits every post, reviews submissions and keeps the categories tidy.",
    ),
    DemoAccount(
        "alice",
        "demo-alice-pass",
        "alice@example.com",
        Role.AUTHOR,
        "Alice Author",
        "Writes about Django's sign-in machinery.",
    ),
    DemoAccount(
        "bob",
        "demo-bob-pass",
        "",
        Role.AUTHOR,
        "Bob Blogger",
        "Writes about Python, testing and speed.",
    ),
    DemoAccount(
        "connie",
        "demo-connie-pass",
        "connie@example.com",
        Role.CONTRIBUTOR,
        "Connie Contributor",
        "New on the team: her posts go to an editor before readers see them.",
    ),
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
# The published topics are shared out among these; each also keeps a draft.
WRITERS = ["alice", "bob", "edith"]
DRAFTS = ["Notes on two-factor sign-in", "Ideas for a comment system", "Half-written style guide"]
# A contributor cannot publish: one post waits for an editor, one is still a draft.
CONTRIBUTIONS = [
    ("Five things I learnt from my first Django project", Post.Status.REVIEW),
    ("Signals: when to use them, and when not", Post.Status.DRAFT),
]
CONTRIBUTOR = "connie"
# What a newcomer tries on the readers' side: printed with the sign-ins.
READER_PATHS = {
    "The blog's feed, for a feed reader": "/feed/",
    "Search for a word of a demo post": "/search/?q=argon2",
    "An author's page": "/author/alice/",
}
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
            users = {account.username: self._account(account) for account in DEMO_ACCOUNTS}
            categories = [self._named(Category, name) for name in CATEGORIES]
            tags = [self._named(Tag, name) for name in TAGS]
            created = self._posts(users, categories, tags)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready ({created} new posts)."))
        self.stdout.write("Demo sign-ins, one of each role (unless you changed their passwords):")
        for account in DEMO_ACCOUNTS:
            role = f"{account.role.label}, superuser" if account.superuser else account.role.label
            self.stdout.write(f"  {account.username:<7} / {account.password:<17} ({role})")
        self.stdout.write("For readers:")
        for what, path in READER_PATHS.items():
            self.stdout.write(f"  {what}: {path}")

    @staticmethod
    def _account(account: DemoAccount):
        """The account, made with its role and profile the first time; on later runs only what
        is missing is filled in, so a changed password, role or profile stays as it is."""
        user, created = get_user_model().objects.get_or_create(
            username=account.username,
            defaults={
                "email": account.email,
                "is_superuser": account.superuser,
                "is_staff": account.superuser,
            },
        )
        if created:
            user.set_password(account.password)
        filled = created
        for field in ("display_name", "bio"):
            if not getattr(user, field):
                setattr(user, field, getattr(account, field))
                filled = True
        if filled:
            user.save()
        if created or role_of(user) is None:
            set_role(user, account.role)
        return user

    @staticmethod
    def _named(model, name: str):
        obj = model.objects.filter(name=name).first()
        return obj or model.objects.create(name=name)

    @staticmethod
    def _planned_posts() -> list[tuple[str, Post.Status, str]]:
        """(title, status, author's username) of every demo post."""
        planned = [
            (title, Post.Status.PUBLISHED, WRITERS[number % len(WRITERS)])
            for number, title in enumerate(TOPICS)
        ]
        planned += [(title, Post.Status.DRAFT, WRITERS[n]) for n, title in enumerate(DRAFTS)]
        planned += [(title, status, CONTRIBUTOR) for title, status in CONTRIBUTIONS]
        return planned

    def _posts(self, users: dict, categories: list, tags: list) -> int:
        now = timezone.now()
        created = 0
        for number, (title, status, username) in enumerate(self._planned_posts()):
            if Post.all_objects.filter(title=title).exists():  # the trash too: it stays there
                continue
            post = Post(
                title=title,
                body=BODY.format(topic=title.lower()),
                author=users[username],
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
