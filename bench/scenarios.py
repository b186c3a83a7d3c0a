"""What the benchmark measures: the pages, who asks for them, and the ratios it reports.

Shared by the load runner (in the bench's own process) and the probes (in a Django process),
so both always measure the same requests.
"""

import hashlib
import statistics
from dataclasses import dataclass
from urllib.parse import urlencode

# The accounts the bench creates; throw-away credentials in a throw-away database.
AUTHOR = "bench_author"
SUPERUSER = "bench_admin"
PASSWORD = "Bench-sign-in-passphrase-42"  # noqa: S105 - only ever in the bench's database
# Password and authenticator app: its password step is measured, and the probes count the
# queries of its code step.
TWO_STEP = "bench_2fa"
# A passkey and no other factor: it signs in without a password.
PASSKEY_USER = "bench_passkey"
# Password and authenticator app, one account per code step under load: django-otp takes an
# app's code once per 30-second step (TOTPDevice.last_t), and the bench takes several a second.
CODE_ACCOUNTS = tuple(f"bench_code_{number:03d}" for number in range(128))
# Passkeys belong to a host name, never an IP: the bench's passkey requests are for this one.
RP_ID = "localhost"
# An author whose sessions page lists SESSIONS_LISTED sessions: SESSIONS_LISTED - 1 made when
# the database is built, and the bench's own sign-in. An account of its own, because every
# sign-in as AUTHOR (the probes', the load's) would add a row to that author's list.
SESSIONS_USER = "bench_sessions"
SESSIONS_LISTED = 20
# Signs in from a browser it knows (its device cookie) while attackers storm the sign-in page
# (bench/storm.py). An account of its own: no other scenario's sign-ins mingle with its own.
KNOWN_DEVICE_USER = "bench_known"
# Saves the two long posts (bench/long_post.py) in the editor. An account of its own: its posts
# are drafts that no other scenario's pages list.
EDITOR = "bench_editor"
# The long posts, by name: one with EARLIER_REVISIONS revisions that the product's editor saves
# (`post_save`, `autosave`), and one without any that the plain save of before revisions saves.
REVISED_POST = "revised"
PLAIN_POST = "plain"
# And a published one by PHOTOGRAPHER with the PICTURES_IN_POST photos spread through it: the
# editor's live preview of it (`editor_preview`) beside its page drawn afresh.
PICTURE_POST = "pictures"
EARLIER_REVISIONS = 200
POST_PK = "{pk}"  # filled in with the long post's id
# Uploads the phone photos (bench/photo.py) of the post with pictures and, under load, one more
# again and again (`media_upload`). An account of its own: its images and post touch no other
# scenario's pages (the dashboard home lists its author's posts).
PHOTOGRAPHER = "bench_photographer"
PICTURES_IN_POST = 10  # the photos of the post with pictures


def app_key(username: str) -> bytes:
    """The authenticator app's secret key of a bench account (20 bytes, as django-otp makes)."""
    return hashlib.sha256(f"authenticator app of {username}".encode()).digest()[:20]


DETAIL_PATH = "{detail}"  # filled in with the newest post's address once the data exists
# The post with PICTURES_IN_POST photos, and the same text without them (bench/prepare.py)
WITH_PICTURES_PATH = "{with_pictures}"
WITHOUT_PICTURES_PATH = "{without_pictures}"
LONG_WITH_PICTURES_PATH = "{long_with_pictures}"


def filled(path: str, paths: dict[str, str]) -> str:
    """`path` with each placeholder of `paths` (DETAIL_PATH, ...) replaced by its address."""
    for placeholder, address in paths.items():
        path = path.replace(placeholder, address)
    return path


# What the bench's posts are about, beside the body they share: each post names three of these
# (bench/prepare.py), so a word of them is in one post in twelve, as topics are on a real blog.
TOPICS = (
    "lighthouse", "harbour", "orchard", "glacier", "violin", "lantern", "meadow", "compass",
    "telescope", "bakery", "canyon", "falcon", "library", "marathon", "origami", "pottery",
    "quartz", "railway", "saffron", "tundra", "umbrella", "vineyard", "walnut", "zeppelin",
    "avalanche", "bicycle", "cathedral", "dolphin", "ember", "festival", "granite", "hammock",
    "iceberg", "juniper", "kayak", "lagoon",
)  # fmt: skip
# The search the bench measures: two words that one post in SEARCH_SHARE has both of, and
# many more have one of, so the index must find the posts that have both and rank them.
SEARCH_WORDS = ("lighthouse", "harbour")
SEARCH_SHARE = 200
# A page with FRESH_PARAMETER in its query string, another value each time, is one the page
# cache has never stored: it is drawn as for the first reader of a new post or a new search.
FRESH_PARAMETER = "fresh"


def fresh_path(path: str, mark: str) -> str:
    """`path` with a query parameter no other request has had (bench/fresh.lua does the same)."""
    separator = "&" if "?" in path else "?"
    return f"{path}{separator}{urlencode({FRESH_PARAMETER: mark})}"


@dataclass(frozen=True)
class Scenario:
    name: str
    path: str
    signed_in_as: str = ""  # username whose session cookie every request carries
    # POST valid credentials for this username (with the CSRF token), one sign-in at a time so
    # that p50 is the time to serve a sign-in, not time in a queue
    sign_in_as: str = ""
    next_path: str = ""  # the sign-in form's `next`, where a valid sign-in lands
    # Where a valid sign-in's answer must point when it is not `next_path` (a password step)
    lands_at: str = ""
    # A sign-in of several requests, driven from Python (bench/ceremonies.py): its name
    ceremony: str = ""
    # A save of a long post's editor form, sent from Python (bench/saves.py): its kind, the
    # long post it saves, and the page whose form it posts when that is not `path`. An upload
    # (UPLOAD, bench/uploads.py) is sent the same way, its form's page the media library.
    save: str = ""
    long_post: str = ""
    form_page: str = ""
    # A page drawn afresh for every request (FRESH_PARAMETER): what it costs without the cache
    fresh: bool = False
    # Sent from Python one request at a time in the saves' turns, not by wrk under all the
    # connections: its p50 is the time to draw it, to compare with a save's or a preview's
    alone: bool = False

    @property
    def method(self) -> str:
        return "GET" if self.is_page else "POST"

    @property
    def is_sign_in(self) -> bool:
        return bool(self.sign_in_as or self.ceremony)

    @property
    def is_page(self) -> bool:
        """A GET that wrk sends again and again."""
        return not (self.is_sign_in or self.save or self.alone)

    @property
    def sent_from_python(self) -> bool:
        return bool(self.ceremony or self.save or self.alone)

    @property
    def location(self) -> str:
        """Where the answer to a valid sign-in must send the browser."""
        return self.lands_at or self.next_path


PASSKEY = "passkey"
SECOND_STEP = "second_step"
# The kinds of save (bench/saves.py)
VERSIONED_SAVE = "versioned"  # the editor's save: claims the next version, writes a revision
PLAIN_SAVE = "plain"  # the save of before revisions: a plain UpdateView (bench/plain_save.py)
AUTOSAVE = "autosave"  # the editor's background save into the author's slot
PREVIEW = "preview"  # the editor's live preview: the article drawn from the form, not saved
UPLOAD = "upload"  # a phone photo posted to the media library (bench/uploads.py)
EDITOR_PAGE = f"/cadmin/post/update/{POST_PK}/"
POST_LIST = "/cadmin/posts/"  # where a save sends the author


SCENARIOS = (
    Scenario("baseline", "/healthz"),
    Scenario("blog_list", "/"),
    Scenario("blog_detail", DETAIL_PATH),
    Scenario("blog_detail_uncached", DETAIL_PATH, fresh=True),
    # Every search is drawn afresh: readers rarely type the same words twice in five minutes.
    Scenario("search", f"/search/?{urlencode({'q': ' '.join(SEARCH_WORDS)})}", fresh=True),
    Scenario("feed", "/feed/"),
    # The post with PICTURES_IN_POST of our photos, each a <picture>, and the same text without.
    Scenario("post_with_images", WITH_PICTURES_PATH),
    Scenario("post_without_images", WITHOUT_PICTURES_PATH),
    Scenario("cadmin_home", "/cadmin/", signed_in_as=AUTHOR),
    Scenario("admin_index", "/admin/", signed_in_as=SUPERUSER),
    Scenario("sessions_page", "/cadmin/sessions/", signed_in_as=SESSIONS_USER),
    Scenario("cadmin_login_page", "/cadmin/login/"),
    Scenario("admin_login_page", "/admin/login/"),
    Scenario(
        "cadmin_login_post",
        "/cadmin/login/",
        sign_in_as=AUTHOR,
        next_path="/cadmin/",
    ),
    Scenario(
        "admin_login_post",
        "/admin/login/",
        sign_in_as=SUPERUSER,
        next_path="/admin/",
    ),
    # The password step of an account with a second factor: no sign-in yet, on to the code.
    Scenario(
        "login_password_step_2fa",
        "/cadmin/login/",
        sign_in_as=TWO_STEP,
        next_path="/cadmin/",
        lands_at="/cadmin/login/verify/",
    ),
    # Begin and complete of a password-free passkey sign-in, timed as one.
    Scenario("passkey_login", "/passkeys/authenticate/", ceremony=PASSKEY, next_path="/cadmin/"),
    # The app's code, posted after a password step of one of CODE_ACCOUNTS.
    Scenario(
        "login_second_step", "/cadmin/login/verify/", ceremony=SECOND_STEP, next_path="/cadmin/"
    ),
    # Saving the long post with EARLIER_REVISIONS revisions: the whole form, a word changed.
    Scenario(
        "post_save",
        EDITOR_PAGE,
        signed_in_as=EDITOR,
        next_path=POST_LIST,
        save=VERSIONED_SAVE,
        long_post=REVISED_POST,
    ),
    # The same save as before revisions and version checks, of the long post without any.
    Scenario(
        "post_save_plain",
        f"/cadmin/post/plain-update/{POST_PK}/",
        signed_in_as=EDITOR,
        next_path=POST_LIST,
        save=PLAIN_SAVE,
        long_post=PLAIN_POST,
    ),
    # The editor's autosave of the post `post_save` saves: the same form, into the slot.
    Scenario(
        "autosave",
        f"/cadmin/post/{POST_PK}/autosave/",
        signed_in_as=EDITOR,
        save=AUTOSAVE,
        long_post=REVISED_POST,
        form_page=EDITOR_PAGE,
    ),
    # The long post with pictures drawn afresh, one request at a time as `editor_preview` is,
    # in its turns: what the preview is measured beside.
    Scenario("long_post_uncached", LONG_WITH_PICTURES_PATH, fresh=True, alone=True),
    # The live preview beside the editor's text as its author types: the whole form of the
    # long post with pictures, a word changed each time, drawn as the article alone.
    Scenario(
        "editor_preview",
        f"/cadmin/post/{POST_PK}/preview/",
        signed_in_as=PHOTOGRAPHER,
        save=PREVIEW,
        long_post=PICTURE_POST,
        form_page=f"/cadmin/post/update/{POST_PK}/",
    ),
    # A 12-megapixel phone photo uploaded to the media library, its files left to the worker.
    Scenario(
        "media_upload",
        "/cadmin/media/upload/",
        signed_in_as=PHOTOGRAPHER,
        save=UPLOAD,
        form_page="/cadmin/media/",
    ),
)
HASH_FLOOR = "hash_floor"  # not a page: one password check, in process
# Not a page either (bench/browser_preview.py): a key press in the editor to the live preview
# drawn again, in Chromium, after the editor's pause.
PREVIEW_IN_BROWSER = "editor_preview_in_browser"
# Not pages either (bench/pictures.py): the task worker making a photo's files, Pillow alone
# making the same files, and a fresh worker's peak memory on a 50-megapixel photo.
RENDITIONS = "renditions"
PILLOW_FLOOR = "pillow_floor"
RENDITIONS_50MP = "renditions_50mp"
PICTURE_ROWS = (RENDITIONS, PILLOW_FLOOR, RENDITIONS_50MP)
# Measured again by --scaling on a small and a large database, each in a server of its own.
SCALED_SCENARIOS = ("blog_list", "search", "blog_detail_uncached")
SMALL, LARGE = "small", "large"
BY_NAME = {scenario.name: scenario for scenario in SCENARIOS}

# The storm (bench/storm.py), after the scenarios: readers of the post list, calm and then beside
# each number of attackers, and the known browser's sign-ins during the storms.
STORM_ATTACKERS = (8, 32)
CALM_READERS = "storm_calm_readers"
KNOWN_DEVICE_LOGIN = "storm_known_device_login"


def storm_readers(attackers: int) -> str:
    return f"storm_{attackers}_readers"


def storm_attackers(attackers: int) -> str:
    return f"storm_{attackers}_attackers"


STEADY = "steady"  # the cached post list for a long while, workers replaced as in production
STORM_READER_ROWS = tuple(storm_readers(attackers) for attackers in STORM_ATTACKERS)
STORM_NAMES = (
    CALM_READERS,
    *(name for n in STORM_ATTACKERS for name in (storm_readers(n), storm_attackers(n))),
    KNOWN_DEVICE_LOGIN,
)
SCENARIO_NAMES = (
    *(scenario.name for scenario in SCENARIOS),
    HASH_FLOOR,
    PREVIEW_IN_BROWSER,
    *PICTURE_ROWS,
    *STORM_NAMES,
    STEADY,
)


# A ratio of two rows' requests a second is the median of their slices' ratios when they were
# taken side by side in at least this many rounds (paired_ratios), else the ratio of the rows.
PAIRED_ROUNDS = 3


@dataclass(frozen=True)
class Ratio:
    key: str
    # One row, or several: then the ratio is the worst of theirs, the one furthest from the goal
    numerator: str | tuple[str, ...]
    denominator: str
    # "rps", "p50_ms", "p99_ms" or "worker_rss_mb"; a ratio without a denominator is a bound
    # on the numerator's own figure
    measure: str
    goal: str  # ">= 1.5" or "<= 1.15"
    # A ratio of --scaling's rows: the database size of the numerator's and the denominator's
    sizes: tuple[str, str] | None = None
    # The denominator's figure when it is not `measure`: a row's p99 beside its own p50
    denominator_measure: str = ""

    @property
    def numerators(self) -> tuple[str, ...]:
        return (self.numerator,) if isinstance(self.numerator, str) else self.numerator

    def meets(self, value: float | None) -> bool | None:
        if value is None:
            return None
        sign, bound = self.goal.split()
        return value >= float(bound) if sign == ">=" else value <= float(bound)

    def worst(self, values: list[float | None]) -> float | None:
        """The value furthest from the goal: the smallest of a ">=" goal, the largest of a "<="
        one; None if any of them is missing, since the worst might be the one not measured."""
        if not values or None in values:
            return None
        return min(values) if self.goal.startswith(">=") else max(values)


RATIOS = (
    Ratio("cadmin_home_vs_admin_index", "cadmin_home", "admin_index", "rps", ">= 1.5"),
    Ratio(
        "cadmin_login_page_vs_admin_login_page",
        "cadmin_login_page",
        "admin_login_page",
        "rps",
        ">= 1.2",
    ),
    Ratio("login_post_vs_hash_floor", "cadmin_login_post", HASH_FLOOR, "p50_ms", "<= 1.15"),
    Ratio(
        "passkey_login_vs_password_login", "passkey_login", "cadmin_login_post", "p50_ms", "<= 0.25"
    ),
    Ratio(
        "password_step_2fa_vs_hash_floor",
        "login_password_step_2fa",
        HASH_FLOOR,
        "p50_ms",
        "<= 1.15",
    ),
    Ratio("blog_list_vs_baseline", "blog_list", "baseline", "rps", ">= 0.7"),
    # The feed is served from the page cache as the post list is.
    Ratio("feed_vs_baseline", "feed", "baseline", "rps", ">= 0.7"),
    # A search drawn afresh costs no more than three posts drawn afresh, here and at 100,000.
    Ratio("search_vs_blog_detail_uncached", "search", "blog_detail_uncached", "p50_ms", "<= 3"),
    Ratio(
        "search_p50_100k_vs_blog_detail_uncached",
        "search",
        "blog_detail_uncached",
        "p50_ms",
        "<= 3",
        sizes=(LARGE, LARGE),
    ),
    # Saving a post with EARLIER_REVISIONS revisions, beside the plain save of before them.
    Ratio("post_save_vs_plain_save", "post_save", "post_save_plain", "p50_ms", "<= 1.5"),
    # An autosave, sent every few seconds while an author types, never costs more than a save.
    Ratio("autosave_vs_post_save", "autosave", "post_save", "p50_ms", "<= 1"),
    # Measured on two databases (--scaling): blog_list at the large size ÷ at the small one.
    Ratio(
        "blog_list_p50_100k_vs_1k",
        "blog_list",
        "blog_list",
        "p50_ms",
        "<= 1.3",
        sizes=(LARGE, SMALL),
    ),
    # Readers of a calm site: hardly anyone waits much longer than most.
    Ratio(
        "calm_reader_p99_vs_p50",
        CALM_READERS,
        CALM_READERS,
        "p99_ms",
        "<= 4",
        denominator_measure="p50_ms",
    ),
    # Readers during the worse of the two storms, beside readers of a calm site.
    Ratio("storm_reader_p99_vs_calm", STORM_READER_ROWS, CALM_READERS, "p99_ms", "<= 3"),
    Ratio("storm_reader_rps_vs_calm", STORM_READER_ROWS, CALM_READERS, "rps", ">= 0.6"),
    # A known browser's sign-in during the storms, beside the password check it cannot avoid.
    Ratio(
        "storm_known_device_login_vs_hash_floor", KNOWN_DEVICE_LOGIN, HASH_FLOOR, "p50_ms", "<= 3"
    ),
    # Readers of the production server as it is, workers replaced under them (bench/steady.py).
    Ratio("steady_p99_vs_p50", STEADY, STEADY, "p99_ms", "<= 4", denominator_measure="p50_ms"),
    # Uploading a phone photo: the first look and keeping its bytes, the files left to the worker.
    Ratio("media_upload_vs_plain_save", "media_upload", "post_save_plain", "p50_ms", "<= 3"),
    # The worker making a photo's files, beside Pillow alone making the same ones.
    Ratio("renditions_vs_pillow_floor", RENDITIONS, PILLOW_FLOOR, "p50_ms", "<= 1.3"),
    # A cached post with PICTURES_IN_POST pictures, beside the same post without them.
    Ratio(
        "post_with_images_vs_without", "post_with_images", "post_without_images", "rps", ">= 0.9"
    ),
    # The live preview of a 5,000-word post with PICTURES_IN_POST pictures, beside its page
    # drawn afresh: the preview draws its Markdown, the page reads it drawn already.
    Ratio(
        "editor_preview_vs_page_uncached",
        "editor_preview",
        "long_post_uncached",
        "p50_ms",
        "<= 1.5",
    ),
    # A bound, not a ratio: from a key press to the preview drawn again, after the pause (ms).
    Ratio("editor_preview_in_browser_ms", PREVIEW_IN_BROWSER, "", "p50_ms", "<= 300"),
    # A bound, not a ratio: a fresh worker's peak memory (MB) on a 50-megapixel photo.
    Ratio("renditions_peak_mb_50mp", RENDITIONS_50MP, "", "worker_rss_mb", "<= 400"),
)


def ratio_of(ratio: Ratio, numerator: dict, denominator: dict) -> float | None:
    top = numerator.get(ratio.measure)
    if not ratio.denominator:
        return None if top is None else round(top, 3)
    bottom = denominator.get(ratio.denominator_measure or ratio.measure)
    if top is None or not bottom:
        return None
    if ratio.measure == "rps":
        paired = paired_ratios(numerator.get("slice_rps"), denominator.get("slice_rps"))
        if paired:
            return round(statistics.median(paired), 3)
    return round(top / bottom, 3)


def paired_ratios(tops: list | None, bottoms: list | None) -> list[float]:
    """The two rows' requests a second slice by slice, when they were taken in the same rounds
    (each slice of one beside the same round's slice of the other): a burst of other work on
    the shared machine falls in one slice, and moves one pair, not the median of them. Empty
    when the rows were not taken side by side in at least PAIRED_ROUNDS rounds."""
    if not tops or not bottoms or len(tops) != len(bottoms) or len(tops) < PAIRED_ROUNDS:
        return []
    return [top / bottom for top, bottom in zip(tops, bottoms, strict=True) if top and bottom]
