"""Fill the bench's database: `python -m bench.prepare POSTS`, run with the bench's settings.

Migrates, empties the database (it is the bench's own), then creates one author, one
superuser, the accounts with a second factor (an authenticator app, or a passkey), an author
signed in from many browsers, an author who signs in during the storm, categories, tags,
POSTS published posts, and the editor's two long drafts that the save scenarios save; with
`--pictures FOLDER`, also the post with pictures and the same post without them
(bench/picture_post.py), the phone photos made in FOLDER.
Post.save() renders Markdown, which would make 100,000 posts take minutes, so the body is
rendered once and the posts are inserted in bulk with their slugs set here. Each post ends with
a sentence of its own naming three of the bench's topics, which search finds it by.
Prints {"paths": {placeholder: address}, "posts": ..., "long_posts": ..., "pictures": ...}
as JSON.
"""

import argparse
import json
import os
import random
import sys
from datetime import timedelta
from pathlib import Path

import django

# Enough for every category and tag page to hold several posts, as on a real blog.
CATEGORIES = 12
TAGS = 30
TAGS_PER_POST = 2
BATCH = 2000
BODY = """Benchmark posts share one body, rendered once. It has what real posts have:
**emphasis**, a [link](https://docs.djangoproject.com/), and a list.

- Keep views thin.
- Let the database do the work.
- Measure before you change anything.

```python
Post.objects.published().for_listing()
```

> Fast pages are a feature.
"""
# The browsers SESSIONS_USER is signed in from, taken in turn: what real sessions carry, so that
# the page names browsers as it does for people.
USER_AGENTS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:130.0) Gecko/20100101 Firefox/130.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Safari/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
    "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
)


def prepare(posts: int, pictures: tuple[Path, tuple[int, int]] | None = None) -> dict:
    """`pictures`: the folder of the phone photos and their size, for the post with pictures."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from blog.models import Category, Post, Tag
    from blog.rendering import plain_excerpt, plain_text, render_markdown
    from team.roles import Role

    from .picture_post import forget_files, picture_posts
    from .scenarios import (
        AUTHOR,
        DETAIL_PATH,
        EDITOR,
        KNOWN_DEVICE_USER,
        LONG_WITH_PICTURES_PATH,
        PASSWORD,
        SUPERUSER,
    )

    call_command("migrate", "--noinput", verbosity=0)
    call_command("flush", "--noinput", verbosity=0)
    forget_files()
    user_model = get_user_model()
    with transaction.atomic():
        author = user_model(username=AUTHOR, email=f"{AUTHOR}@example.com")
        author.set_password(PASSWORD)
        author.save()
        admin = user_model(
            username=SUPERUSER, email=f"{SUPERUSER}@example.com", is_staff=True, is_superuser=True
        )
        admin.set_password(PASSWORD)
        admin.save()
        second_factor_accounts(user_model, admin.password)
        user_model.objects.create(
            username=KNOWN_DEVICE_USER,
            email=f"{KNOWN_DEVICE_USER}@example.com",
            password=admin.password,  # the same password: no need to hash it again
        )
        signed_in_elsewhere(user_model, admin.password)
        editor = user_model.objects.create(
            username=EDITOR, email=f"{EDITOR}@example.com", password=admin.password
        )
        # Each writes their own posts, as an Author (team/roles.py).
        Group.objects.get(name=Role.AUTHOR).user_set.add(
            *user_model.objects.filter(is_superuser=False)
        )
        categories = Category.objects.bulk_create(
            Category(name=f"Category {n}", slug=f"category-{n}") for n in range(CATEGORIES)
        )
        tags = Tag.objects.bulk_create(Tag(name=f"Tag {n}", slug=f"tag-{n}") for n in range(TAGS))
        html = render_markdown(BODY)
        text = plain_text(html)
        excerpt = plain_excerpt(text)
        now = timezone.now()
        topics = topic_sentences()
        Post.objects.bulk_create(
            (
                Post(
                    title=f"Benchmark post {n}",
                    slug=f"benchmark-post-{n}",
                    body=f"{BODY}\n{sentence}\n",
                    body_html=f"{html}\n<p>{sentence}</p>",
                    body_text=f"{text}\n{sentence}",
                    excerpt=excerpt,
                    author=author,
                    category=categories[n % CATEGORIES],
                    status=Post.Status.PUBLISHED,
                    published_at=now - timedelta(minutes=n),  # post 0 is the newest
                )
                for n, sentence in zip(range(posts), topics, strict=False)
            ),
            batch_size=BATCH,
        )
        ids = list(Post.objects.order_by("pk").values_list("pk", flat=True))
        through = Post.tags.through
        through.objects.bulk_create(
            (
                through(post_id=post_id, tag_id=tags[(number + offset * 7) % TAGS].pk)
                for number, post_id in enumerate(ids)
                for offset in range(TAGS_PER_POST)
            ),
            batch_size=BATCH,
        )
        long_posts(editor, categories[0], tags[:TAGS_PER_POST])
    published = Post.objects.published().count()  # the benchmark's posts
    newest = Post.objects.published().first()
    made = {"paths": {DETAIL_PATH: newest.get_absolute_url() if newest else "/"}}
    if pictures:
        oldest = now - timedelta(minutes=posts)
        with_pictures = picture_posts(*pictures, password_hash=admin.password, older_than=oldest)
        long_url = long_picture_post(with_pictures["pictures"]["images"], older_than=oldest)
        paths = {**made["paths"], **with_pictures["paths"], LONG_WITH_PICTURES_PATH: long_url}
        made = {**with_pictures, "paths": paths}
    # Bulk inserts send no signals: no page cached from an earlier database may be served.
    cache.clear()
    return {
        **made,
        "posts": published,
        "long_posts": long_post_forms(),
    }


def topic_sentences():
    """Post n's sentence, for n = 0, 1, ...: three of TOPICS, always the same for a given n.
    Post 0 and every SEARCH_SHARE-th after it name both SEARCH_WORDS; the others name at most
    the first, so the bench's search finds exactly those posts, the newest first among them."""
    from .scenarios import SEARCH_SHARE, SEARCH_WORDS, TOPICS

    first, second = SEARCH_WORDS
    others = [topic for topic in TOPICS if topic not in SEARCH_WORDS]
    without_second = [topic for topic in TOPICS if topic != second]
    chosen = random.Random(0)  # noqa: S311 - made-up words, not secrets
    number = 0
    while True:
        if number % SEARCH_SHARE == 0:
            words = [first, second, chosen.choice(others)]
            chosen.shuffle(words)
        else:
            words = chosen.sample(without_second, 3)
        yield f"This post is about {words[0]}, {words[1]} and {words[2]}."
        number += 1


def long_post_slug(name: str) -> str:
    return f"bench-long-post-{name}"


def long_posts(editor, category, tags) -> None:
    """The editor's two 5,000-word drafts (bench/long_post.py): REVISED_POST at version
    EARLIER_REVISIONS with a revision for each version before, as if saved that many times,
    and PLAIN_POST at version 1 with none, as every post was before revisions."""
    from blog.models import Post
    from revisions.models import PostRevision

    from .long_post import body
    from .scenarios import EARLIER_REVISIONS, PLAIN_POST, REVISED_POST

    made = {}
    for name, version in ((REVISED_POST, EARLIER_REVISIONS), (PLAIN_POST, 1)):
        post = Post(
            title=f"A long draft ({name})",
            slug=long_post_slug(name),
            body=body(),
            author=editor,
            category=category,
            status=Post.Status.DRAFT,
            version=version,
        )
        post.save()  # renders its Markdown, once
        post.tags.set(tags)
        made[name] = post
    revised = made[REVISED_POST]
    kept_tags = sorted(([tag.pk, tag.name] for tag in tags), key=lambda pair: pair[1].lower())
    PostRevision.objects.bulk_create(
        (
            PostRevision(
                post=revised,
                version=version,
                kind=PostRevision.Kind.CREATED if version == 1 else PostRevision.Kind.SAVED,
                editor=editor,
                created=revised.created - timedelta(hours=EARLIER_REVISIONS - version),
                title=revised.title,
                # The text each earlier save left: another word changed each time.
                body=body(f"revision{version}") if version < EARLIER_REVISIONS else revised.body,
                status=revised.status,
                category=category,
                category_name=category.name,
                tags=kept_tags,
            )
            for version in range(1, EARLIER_REVISIONS + 1)
        ),
        batch_size=BATCH // 20,  # 30 kB each
    )


def long_picture_post(image_ids: list[int], older_than) -> str:
    """PICTURE_POST: the long post's text with the post with pictures' photos spread through
    it, published by PHOTOGRAPHER before every benchmark post. Its address."""
    from blog.models import Post
    from media.models import Image

    from .long_post import body
    from .scenarios import PICTURE_POST

    images = Image.objects.in_bulk(image_ids)
    post = Post(
        title="A long post with pictures",
        slug=long_post_slug(PICTURE_POST),
        body=body(pictures=[images[pk].markdown() for pk in image_ids]),
        author=images[image_ids[0]].uploader,  # PHOTOGRAPHER
        status=Post.Status.PUBLISHED,
        published_at=older_than - timedelta(days=2),
    )
    post.save()  # drawn again once the pictures' files are made (blog/signals.py)
    return post.get_absolute_url()


def long_post_forms() -> dict[str, dict]:
    """Each long post's editor fields that its saves leave as they are (bench.long_post's
    editor_fields), by its name: read back from the database, so the forms the load posts
    and the probes count are the same."""
    from blog.models import Post

    from .scenarios import PICTURE_POST, PLAIN_POST, REVISED_POST

    forms = {}
    posts = Post.objects.prefetch_related("tags", "images")
    for name in (REVISED_POST, PLAIN_POST, PICTURE_POST):
        post = posts.filter(slug=long_post_slug(name)).first()
        if post is None:  # PICTURE_POST is made with the pictures only
            continue
        forms[name] = {
            "pk": post.pk,
            "title": post.title,
            "category": post.category_id or "",
            "tags": sorted(tag.pk for tag in post.tags.all()),
            "status": post.status,
        }
        if name == PICTURE_POST:
            shown = sorted(post.images.all(), key=lambda image: image.pk)
            forms[name]["pictures"] = [image.markdown() for image in shown]
    return forms


def second_factor_accounts(user_model, password_hash: str) -> None:
    """The accounts with an authenticator app (their keys from scenarios.app_key) and the one
    with a passkey (bench/authenticator.py). They share one password hash: hashing it again for
    each of them would only make preparing slower."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from mfa.factors import AUTHENTICATOR_NAME

    from .authenticator import Authenticator
    from .scenarios import CODE_ACCOUNTS, PASSKEY_USER, TWO_STEP, app_key

    with_app = user_model.objects.bulk_create(
        user_model(username=name, email=f"{name}@example.com", password=password_hash)
        for name in (TWO_STEP, *CODE_ACCOUNTS)
    )
    TOTPDevice.objects.bulk_create(
        TOTPDevice(
            user=user, name=AUTHENTICATOR_NAME, key=app_key(user.username).hex(), confirmed=True
        )
        for user in with_app
    )
    passkey_user = user_model.objects.create(
        username=PASSKEY_USER, email=f"{PASSKEY_USER}@example.com", password=password_hash
    )
    Authenticator.for_user(PASSKEY_USER).store(passkey_user)


def signed_in_elsewhere(user_model, password_hash: str) -> None:
    """SESSIONS_USER, signed in from SESSIONS_LISTED - 1 browsers: each a session in the store
    holding what a password sign-in leaves there (the account's password hash among it, so it
    is live), and its row in the account's list. The bench's own sign-in is the last one."""
    import time

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils import timezone

    from accounts.backends import UsernameOrEmailBackend
    from accounts.models import AccountEvent
    from usersessions.models import UserSession
    from usersessions.records import SEEN_AT_KEY, session_store

    from .scenarios import SESSIONS_LISTED, SESSIONS_USER

    user = user_model.objects.create(
        username=SESSIONS_USER, email=f"{SESSIONS_USER}@example.com", password=password_hash
    )
    backend = UsernameOrEmailBackend
    signed_in = {
        SESSION_KEY: str(user.pk),
        BACKEND_SESSION_KEY: f"{backend.__module__}.{backend.__qualname__}",
        HASH_SESSION_KEY: user.get_session_auth_hash(),
        SEEN_AT_KEY: time.time(),
    }
    store, now, rows = session_store(), timezone.now(), []
    for number in range(SESSIONS_LISTED - 1):
        session = store()
        session.update(signed_in)
        session.create()
        rows.append(
            UserSession(
                session_key=session.session_key,
                user=user,
                ip_address=f"198.51.100.{number + 1}",
                user_agent=USER_AGENTS[number % len(USER_AGENTS)],
                door=AccountEvent.Door.BLOG if number % 3 else AccountEvent.Door.CADMIN,
                signed_in_at=now - timedelta(hours=12 * number + 1),  # within the 14 days
                last_active_at=now - timedelta(hours=number + 1),
            )
        )
    UserSession.objects.bulk_create(rows)


# Set by the bench for its own database only: run by hand, this would empty the developer's.
GUARD = "TGDB_BENCH_DATABASE"


def main(argv: list[str]) -> int:
    if os.environ.get(GUARD) != os.environ.get("DATABASE_URL", "-"):
        print("bench.prepare empties its database: use `python -m bench`.", file=sys.stderr)
        return 2
    from .photo import PHONE_12MP, size_of

    parser = argparse.ArgumentParser(prog="python -m bench.prepare")
    parser.add_argument("posts", type=int)
    parser.add_argument("--pictures", type=Path, help="folder of the post's phone photos")
    parser.add_argument("--photo-size", type=size_of, default=PHONE_12MP)
    args = parser.parse_args(argv)
    django.setup()
    pictures = (args.pictures, args.photo_size) if args.pictures else None
    print(json.dumps(prepare(args.posts, pictures)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
