"""Measurements taken inside Django with the bench's settings, each printed as JSON:

- `python -m bench.probes queries DATA_JSON` (what bench.prepare printed): the SQL queries per
  page, {"<scenario>": n};
- `python -m bench.probes hash SECONDS`: the times of one password check (`hash_floor`), [ms, ...].
"""

import itertools
import json
import sys
import time

import django

from .scenarios import PASSKEY, SECOND_STEP, UPLOAD

HASH_REPETITIONS = 5  # at least, however short the slice


def hash_floor_ms(seconds: float) -> list[float]:
    """Times of `check_password` for one password with the configured hasher (the first
    settings.PASSWORD_HASHERS entry), the work every valid sign-in must do, repeated for
    `seconds`: the bench takes them in turn with slices of sign-ins."""
    from django.contrib.auth.hashers import check_password, make_password

    from .scenarios import PASSWORD

    encoded = make_password(PASSWORD)
    check_password(PASSWORD, encoded)  # the first call loads the hasher's library
    times: list[float] = []
    deadline = time.perf_counter() + seconds
    while len(times) < HASH_REPETITIONS or time.perf_counter() < deadline:
        start = time.perf_counter()
        verified = check_password(PASSWORD, encoded)
        times.append((time.perf_counter() - start) * 1000)
        if not verified:
            raise RuntimeError("the bench's password did not verify")
    return times


def queries_per_page(data: dict) -> dict[str, int]:
    """Queries of the second of two identical requests: what every request after the first
    costs, as under load (caches warm, the session already read once). A passkey sign-in
    counts both of its requests; the second step counts the code's POST alone. `data` is
    what bench.prepare printed: the pages' addresses, the photo an upload sends."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from .scenarios import SCENARIOS, filled, fresh_path

    users = get_user_model().objects
    counts = {}
    for scenario in SCENARIOS:
        path = filled(scenario.path, data["paths"])
        client = Client(HTTP_HOST="127.0.0.1")
        if scenario.signed_in_as:
            client.force_login(users.get(username=scenario.signed_in_as))
        for number in range(2):
            if scenario.ceremony:
                response, queries = CEREMONY_QUERIES[scenario.ceremony](scenario)
            elif scenario.save == UPLOAD:
                photo = data["pictures"]["upload_photo"]
                response, queries = upload_queries(scenario, client, photo)
            elif scenario.save:
                response, queries = save_queries(scenario, client)
            elif scenario.sign_in_as:
                client = browser(scenario, "127.0.0.1")  # each sign-in arrives signed out
                response, queries = counted(
                    client.post, path, sign_in_form(scenario.sign_in_as, scenario.next_path)
                )
                keep_device_cookie(scenario, client)
            elif scenario.fresh:
                # Another address each time, as under load: the cache answers neither.
                response, queries = counted(client.get, fresh_path(path, f"probe-{number}"))
            else:
                response, queries = counted(client.get, path)
        if response.status_code >= 400:
            raise RuntimeError(f"{scenario.name}: {path} answered {response.status_code}")
        if scenario.name in PAGE_CHECKS:
            PAGE_CHECKS[scenario.name](scenario, response)
        counts[scenario.name] = queries
        if scenario.signed_in_as:
            # Its session ends here: a sessions page under load lists the same sessions as here.
            client.logout()
    return counts


# Per scenario, the device cookie its browser was given: every sign-in after the first comes
# from a browser the account knows, as under load (bench/load.py), not from a new one.
DEVICE_COOKIES: dict[str, str] = {}


def browser(scenario, host: str):
    from django.test import Client

    from .load import DEVICE_COOKIE

    client = Client(HTTP_HOST=host)
    if scenario.name in DEVICE_COOKIES:
        client.cookies[DEVICE_COOKIE] = DEVICE_COOKIES[scenario.name]
    return client


def keep_device_cookie(scenario, client) -> None:
    from .load import DEVICE_COOKIE

    if DEVICE_COOKIE in client.cookies:
        DEVICE_COOKIES[scenario.name] = client.cookies[DEVICE_COOKIE].value


def counted(send, *args, **kwargs):
    """(the response, the number of queries it took)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = send(*args, **kwargs)
    return response, len(captured)


def sign_in_form(username: str, next_path: str) -> dict:
    from .scenarios import PASSWORD

    return {"username": username, "password": PASSWORD, "next": next_path}


def passkey_queries(scenario):
    """Begin and complete of a passkey sign-in, on the relying party's host name."""
    from urllib.parse import urlencode

    from .authenticator import Authenticator
    from .scenarios import PASSKEY_USER, RP_ID

    client = browser(scenario, RP_ID)
    authenticator = Authenticator.for_user(PASSKEY_USER)
    begin, begun = counted(client.post, f"{scenario.path}begin/")
    credential = authenticator.assertion(begin.json(), f"http://{RP_ID}")
    query = urlencode({"door": "cadmin", "next": scenario.next_path})
    complete, completed = counted(
        client.post,
        f"{scenario.path}complete/?{query}",
        credential,
        content_type="application/json",
    )
    if complete.status_code != 200 or complete.json().get("redirect_url") != scenario.next_path:
        raise RuntimeError(f"{scenario.name}: {complete.status_code} {complete.content[:200]}")
    keep_device_cookie(scenario, client)
    return complete, begun + completed


def second_step_queries(scenario):
    """The code's POST, after an (uncounted) password step of the TWO_STEP account."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from .ceremonies import SIGN_IN_PAGE
    from .scenarios import TWO_STEP

    # django-otp takes one code per 30-second step: the probe's second round would wait for
    # the next one, so the step its first round used is forgotten. The load never uses this
    # account's codes.
    TOTPDevice.objects.filter(user__username=TWO_STEP).update(last_t=-1)
    client = browser(scenario, "127.0.0.1")
    client.post(SIGN_IN_PAGE, sign_in_form(TWO_STEP, scenario.next_path))
    device = TOTPDevice.objects.get(user__username=TWO_STEP)
    code = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    response, queries = counted(client.post, scenario.path, {"otp_token": f"{code:06d}"})
    if response.status_code != 302 or response.url != scenario.next_path:
        raise RuntimeError(f"{scenario.name}: {response.status_code} {response.get('Location')}")
    keep_device_cookie(scenario, client)
    return response, queries


CEREMONY_QUERIES = {PASSKEY: passkey_queries, SECOND_STEP: second_step_queries}
PROBE_EDITS = itertools.count(1)  # each save sends text the post does not have yet


def save_queries(scenario, client):
    """One save of the scenario's long post, with the version it is at, as the load sends it
    (bench/saves.py); checked to answer as it must there."""
    from urllib.parse import urlencode

    from blog.models import Post

    from .long_post import editor_fields
    from .prepare import long_post_forms
    from .scenarios import POST_PK, PREVIEW, VERSIONED_SAVE

    post = long_post_forms()[scenario.long_post]
    version = None
    if scenario.save == VERSIONED_SAVE:
        version = Post.objects.values_list("version", flat=True).get(pk=post["pk"])
    fields = editor_fields(post, f"probe{next(PROBE_EDITS)}", "", version)
    path = scenario.path.replace(POST_PK, str(post["pk"]))
    headers = {"X-Preview": "article"} if scenario.save == PREVIEW else {}
    response, queries = counted(
        client.post,
        path,
        urlencode(fields),
        content_type="application/x-www-form-urlencoded",
        headers=headers,
    )
    expected = (302, scenario.next_path) if scenario.next_path else (200, None)
    if (response.status_code, response.get("Location")) != expected:
        raise RuntimeError(f"{scenario.name}: {response.status_code} {response.content[:200]}")
    return response, queries


def upload_queries(scenario, client, photo: str):
    """One upload of the photo, as the load sends it (bench/uploads.py): 201, one image."""
    from pathlib import Path

    from django.core.files.uploadedfile import SimpleUploadedFile

    from .uploads import ALT

    path = Path(photo)
    sent = SimpleUploadedFile(path.name, path.read_bytes(), "image/jpeg")
    response, queries = counted(
        client.post, scenario.path, {"file": sent, "alt": ALT}, HTTP_ACCEPT="application/json"
    )
    if response.status_code != 201:
        raise RuntimeError(f"{scenario.name}: {response.status_code} {response.content[:200]}")
    return response, queries


def sessions_listed(scenario, response) -> None:
    """The sessions page lists as many sessions as the bench says it measures, this browser's
    among them: sessions the list finds dead (expired, or signed with another password hash or
    secret key) would be left out, and the page measured would be a smaller one."""
    import re

    from .scenarios import SESSIONS_LISTED

    others = len(re.findall(r'action="/cadmin/sessions/\d+/end/"', response.text))
    this_browser = response.text.count("This browser")
    if (others + 1, this_browser) != (SESSIONS_LISTED, 1):
        raise RuntimeError(
            f"{scenario.name}: {others} other sessions and {this_browser} 'This browser' listed,"
            f" not {SESSIONS_LISTED - 1} and 1"
        )


def search_found(scenario, response) -> None:
    """The search measured finds posts and marks its words in their excerpts: a page that
    found nothing would cost less than the one readers get."""
    from .scenarios import SEARCH_WORDS

    found = response.text.count('class="post-summary search-result"')
    marked = all(f"<mark>{word}</mark>" in response.text.lower() for word in SEARCH_WORDS)
    if not found or not marked:
        raise RuntimeError(f"{scenario.name}: {found} posts found, words marked: {marked}")


PAGE_CHECKS = {"sessions_page": sessions_listed, "search": search_found}


def forget_uploads() -> int:
    """The photos `media_upload` left waiting for a task worker (the bench runs none): about
    4 MB each in the database. Deleted once the scenario is measured, and the SQLite log
    emptied, so the storm after it meets the database every run had before the uploads."""
    from django.db import connection

    from media.models import Image

    from .scenarios import PHOTOGRAPHER

    waiting = Image.objects.filter(uploader__username=PHOTOGRAPHER, status=Image.Status.PROCESSING)
    forgotten, _ = waiting.delete()
    # Outside a transaction only (a test's): SQLite cannot empty its log inside one.
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return forgotten


def main(argv: list[str]) -> int:
    django.setup()
    probe, argument = argv
    if probe == "hash":
        print(json.dumps(hash_floor_ms(float(argument))))
    elif probe == "forget_uploads":
        print(json.dumps(forget_uploads()))
    else:
        print(json.dumps(queries_per_page(json.loads(argument))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
