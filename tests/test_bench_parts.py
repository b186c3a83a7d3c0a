"""The bench's own parts, without the site's server: its software passkey, the codes of its
authenticator apps, the stock admin sign-in page it compares ours with, the storm's attackers
(bench/storm.lua, in wrk, against a stand-in server), and the long post its saves edit, with
the saves themselves against Django's live server (the product's, the plain one of before
revisions, and the autosave); its phone photos, uploaded to the live server, and how it reads
what a phone downloads of a post's pictures."""

import io
import ipaddress
import itertools
import json
import os
import re
import subprocess
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image as Pillow
from webauthn import verify_authentication_response
from webauthn.helpers import generate_challenge, parse_authentication_credential_json
from webauthn.helpers.exceptions import InvalidAuthenticationResponse

from bench import load, long_post, phone, photo, saves, uploads
from bench.__main__ import parse
from bench.authenticator import Authenticator, b64url
from bench.ceremonies import TOTP_STEP, AppCodes, Ceremony
from bench.load import Request
from bench.prepare import long_post_forms, long_posts, topic_sentences
from bench.run import Bench, Options
from bench.scenarios import (
    BY_NAME,
    EARLIER_REVISIONS,
    FRESH_PARAMETER,
    PHOTOGRAPHER,
    PLAIN_POST,
    REVISED_POST,
    SEARCH_SHARE,
    SEARCH_WORDS,
    app_key,
    fresh_path,
)
from bench.server import wait_until_idle
from bench.storm import ATTACKER_ANSWERS, STORM_SCRIPT
from blog.models import Post
from editing.models import Autosave
from media import markup
from media.models import Image, Upload
from revisions.models import PostRevision
from tests.clients import signed_in
from tests.factories import PASSWORD, CategoryFactory, TagFactory, UserFactory
from tests.test_bench import installed_wrk

ORIGIN = "http://localhost:8000"
SLOW_PAGE_SECONDS = 1.5
# Requests a stand-in must have seen for a test of what they carried to mean something.
ENOUGH_REQUESTS = 20


def verify(credential: dict, challenge: bytes, authenticator: Authenticator):
    return verify_authentication_response(
        credential=parse_authentication_credential_json(json.dumps(credential)),
        expected_challenge=challenge,
        expected_rp_id="localhost",
        expected_origin=[ORIGIN],
        credential_public_key=authenticator.cose_public_key(),
        credential_current_sign_count=0,
        require_user_verification=True,
    )


def test_the_software_passkey_answers_a_challenge_as_py_webauthn_expects():
    authenticator = Authenticator.for_user("someone")
    challenge = generate_challenge()

    credential = authenticator.assertion(
        {"challenge": b64url(challenge), "rpId": "localhost"}, ORIGIN
    )

    verified = verify(credential, challenge, authenticator)
    assert verified.user_verified
    assert verified.new_sign_count == 0
    assert credential["response"]["userHandle"] == b64url(authenticator.user_handle)


def test_its_signature_holds_for_that_challenge_only():
    authenticator = Authenticator.for_user("someone")
    options = {"challenge": b64url(generate_challenge()), "rpId": "localhost"}

    with pytest.raises(InvalidAuthenticationResponse):
        verify(authenticator.assertion(options, ORIGIN), generate_challenge(), authenticator)


def test_each_account_has_its_own_key_and_every_process_the_same_one():
    assert (
        Authenticator.for_user("a").cose_public_key()
        == Authenticator.for_user("a").cose_public_key()
    )
    assert Authenticator.for_user("a").credential_id != Authenticator.for_user("b").credential_id


@pytest.fixture
def passkeys_on_localhost(settings):
    settings.TGDB_WEBAUTHN_RP_ID = settings.OTP_WEBAUTHN_RP_ID = "localhost"


@pytest.mark.django_db
def test_a_stored_credential_signs_in_without_a_password(passkeys_on_localhost):
    user = UserFactory(username="keyholder")
    authenticator = Authenticator.for_user("keyholder")
    authenticator.store(user)
    client = Client(HTTP_HOST="localhost")

    options = client.post("/passkeys/authenticate/begin/").json()
    credential = authenticator.assertion(options, "http://localhost")
    query = urlencode({"door": "cadmin", "next": "/cadmin/"})
    answer = client.post(
        f"/passkeys/authenticate/complete/?{query}", credential, content_type="application/json"
    )

    assert answer.status_code == 200, answer.content
    assert answer.json()["redirect_url"] == "/cadmin/"
    assert client.get("/cadmin/").wsgi_request.user == user


def test_an_apps_code_of_one_step_is_handed_out_once():
    now = [TOTP_STEP * 1000 + 1.0]
    waits = []

    def sleep(seconds):
        waits.append(seconds)
        now[0] += seconds

    codes = AppCodes(accounts=("a", "b"), clock=lambda: now[0], sleep=sleep)
    first, second = codes.account(), codes.account()
    codes.code(first), codes.code(second)

    third = codes.account()

    assert {first, second} == {"a", "b"}
    assert waits == [pytest.approx(TOTP_STEP - 1 + 0.01)]  # the rest of the step, untimed
    assert third == first


@pytest.mark.django_db
def test_the_benchs_app_codes_are_the_ones_django_otp_takes():
    user = UserFactory(username="coder")
    device = TOTPDevice.objects.create(user=user, key=app_key("coder").hex(), confirmed=True)

    assert device.verify_token(AppCodes(accounts=("coder",)).code("coder"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("urlconf", "landing"), [("tgdb.urls", "/cadmin/login/verify/"), ("bench.urls", "/admin/")]
)
def test_the_bench_compares_with_djangos_stock_admin_sign_in(settings, urlconf, landing):
    """The site's admin page asks staff with a second factor for it; Django's own does not."""
    settings.ROOT_URLCONF = urlconf
    staff = UserFactory(username="staffer", is_staff=True)
    TOTPDevice.objects.create(user=staff, key=app_key("staffer").hex(), confirmed=True)

    answer = Client().post(
        "/admin/login/", {"username": "staffer", "password": PASSWORD, "next": "/admin/"}
    )

    assert answer.status_code == 302
    assert answer["Location"] == landing


class StandIn(BaseHTTPRequestHandler):
    """Keeps what each POST carried and answers the statuses of ANSWERS in turn; keeps the
    address each GET asked for and answers it with a 200."""

    ANSWERS = (*ATTACKER_ANSWERS, 403)
    protocol_version = "HTTP/1.1"
    seen: list[tuple[dict, dict]]
    answers: itertools.cycle
    lock = threading.Lock()

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        with self.lock:
            self.seen.append((dict(self.headers), parse_qs(body)))
            status = next(self.answers)
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        with self.lock:
            self.seen.append((dict(self.headers), self.path))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # wrk drops its connections when its time is up


@pytest.fixture
def stand_in():
    handler = type("Handler", (StandIn,), {"seen": [], "answers": itertools.cycle(StandIn.ANSWERS)})
    server = QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", handler
    server.shutdown()
    server.server_close()


def test_the_storms_attackers_each_come_from_another_address_with_a_made_up_name(stand_in):
    url, handler = stand_in
    form = {"csrfmiddlewaretoken": "the-token", "password": "wrong", "next": "/cadmin/"}
    attack = Request(
        f"{url}/cadmin/login/", method="POST", cookie="csrftoken=the-cookie", body=urlencode(form)
    )

    runs = []
    while len(handler.seen) < ENOUGH_REQUESTS:  # one second of wrk is enough on a calm machine
        runs.append(load.run_wrk(installed_wrk(), attack, 1, 4, STORM_SCRIPT, {"STORM_SEED": "1"}))

    headers = [headers for headers, _ in handler.seen]
    fields = [fields for _, fields in handler.seen]
    addresses = [ipaddress.ip_address(each["X-Forwarded-For"]) for each in headers]
    names = Counter(each["username"][0] for each in fields)
    assert all(address in ipaddress.ip_network("198.18.0.0/15") for address in addresses)
    assert len(set(addresses)) > 0.9 * len(addresses)  # the odd repeat, by chance
    assert all(name.startswith("storm_") and name != "storm_" for name in names)
    assert len(names) > len(fields) / 2
    assert names.most_common(1)[0][1] > 1  # some names come again
    for each in fields:
        assert {key: value for key, value in each.items() if key != "username"} == {
            key: [value] for key, value in form.items()
        }
    for each in headers:
        assert each["Cookie"] == "csrftoken=the-cookie"
        assert each["Origin"] == url
    # Every answer wrk read, by status (those in flight when it stopped were not read).
    statuses = Counter()
    for run in runs:
        assert sum(run["statuses"].values()) == run["requests"]
        statuses.update(run["statuses"])
    assert set(statuses) == {str(status) for status in StandIn.ANSWERS}
    assert sum(run["requests"] for run in runs) <= len(handler.seen)


def test_a_fresh_page_is_asked_for_at_an_address_no_request_had_before(stand_in):
    url, handler = stand_in
    path = BY_NAME["search"].path

    for number in itertools.count(1):  # at least two runs, each with a seed of its own
        load.run_wrk(installed_wrk(), Request(url + path), 1, 4, load.FRESH_SCRIPT,
                     {"BENCH_FRESH_SEED": f"run{number}"})  # fmt: skip
        if number >= 2 and len(handler.seen) >= ENOUGH_REQUESTS:
            break

    asked = [asked for _, asked in handler.seen]
    assert len(set(asked)) == len(asked)  # the page cache never holds one of them
    for address in asked:
        base, _, mark = address.partition(f"&{FRESH_PARAMETER}=")
        assert base == path  # the search's own words, unchanged
        assert re.fullmatch(r"run\d+-\d+-\d+", mark), address  # run, thread, request
        assert fresh_path(path, mark) == address  # as the probes write it


class SlowPage(BaseHTTPRequestHandler):
    """A page that takes SLOW_PAGE_SECONDS to answer: longer than any one-second slice."""

    protocol_version = "HTTP/1.1"

    def do_GET(self):
        time.sleep(SLOW_PAGE_SECONDS)  # the page's own slowness, not a wait of the test
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


class ServerWithoutWorkers:
    """Stands in for the bench's gunicorn: no worker processes to read the memory of."""

    def worker_pids(self) -> set[int]:
        return set()

    def settle(self) -> None:
        """Nothing to wait for: no worker has work under way."""


def test_extra_slices_double_in_length_until_the_patience_is_spent():
    lengths = list(load.longer_slices(1))

    assert lengths == [2, 4, 8, 16, 32, 64]
    assert sum(lengths) <= load.PATIENCE_SECONDS
    assert list(load.longer_slices(load.PATIENCE_SECONDS)) == []


def test_a_page_slower_than_its_slice_is_measured_in_longer_slices_not_left_unanswered(tmp_path):
    server = QuietServer(("127.0.0.1", 0), SlowPage)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    options = Options(1, 1, seconds=1, connections=1, scaling=False, scaling_sizes=(1, 1),
                      output=tmp_path, database_url="sqlite:///unused")  # fmt: skip
    page = Request(f"http://127.0.0.1:{server.server_port}/")
    try:
        rows = Bench(options, installed_wrk()).in_turns(
            ServerWithoutWorkers(), [(BY_NAME["blog_list"], page, "")], most_rounds=1
        )
    finally:
        server.shutdown()
        server.server_close()

    row = rows["blog_list"]
    assert row["errors"] == 0, row
    assert row["requests"] >= 1
    assert row["p50_ms"] >= SLOW_PAGE_SECONDS * 1000


def test_the_benchs_search_finds_one_post_in_two_hundred_and_ranks_the_newest_first(db):
    posts = list(itertools.islice(topic_sentences(), 1000))

    both = [number for number, sentence in enumerate(posts) if all(
        word in sentence for word in SEARCH_WORDS)]  # fmt: skip

    assert both == list(range(0, 1000, SEARCH_SHARE))
    assert len(set(posts)) > 900  # each post its own topics, by and large
    assert sum(SEARCH_WORDS[0] in sentence for sentence in posts) > 50  # many have one word
    assert posts == list(itertools.islice(topic_sentences(), 1000))  # the same on every run


def test_the_storm_is_on_unless_asked_not_to_run_it():
    assert parse([]).storm is True
    assert parse(["--no-storm"]).storm is False


def test_the_steady_scenario_lasts_a_minute_unless_told_otherwise():
    assert parse([]).steady_seconds == 60
    assert parse(["--steady-seconds", "5"]).steady_seconds == 5


def test_the_bench_runs_once_unless_asked_to_repeat():
    assert parse([]).repeat == 1
    assert parse(["--repeat", "5"]).repeat == 5


class Counted(Ceremony):
    def __init__(self) -> None:
        super().__init__(BY_NAME["passkey_login"], "http://127.0.0.1:9")
        self.sent = 0

    def once(self) -> tuple[int | None, str]:
        self.sent += 1
        return 1000, "" if self.sent % 2 else "expected a 302 to /cadmin/, got 503"


def test_python_sent_sign_ins_stop_when_the_load_they_are_measured_under_ends():
    sign_ins = Counted()

    run = sign_ins.run(60, stop=lambda: sign_ins.sent == 4)

    assert run["requests"] == 4
    assert run["status"] == 2  # the wrong answers, counted as wrk counts a bad status
    assert run["problems"] == {"expected a 302 to /cadmin/, got 503": 2}


@pytest.mark.parametrize(
    ("work", "timeout", "idle"),
    [("time.sleep(30)", 10, True), ("while True: pass", 1, False)],  # the first: once started
)
def test_the_storm_waits_for_the_workers_to_have_nothing_left_to_do(work, timeout, idle):
    process = subprocess.Popen([sys.executable, "-c", f"import time\n{work}"])  # noqa: S603
    try:
        assert wait_until_idle({process.pid}, timeout) is idle
    finally:
        process.kill()
        process.wait()


def test_work_starved_of_cpu_time_is_still_work_under_way():
    """A password hashed at the lowest priority beside busy processes gets almost no CPU time,
    yet the next measurement must wait for it: here a nice-19 loop shares one core with a
    nice-0 one and gets a sliver of it."""
    core = min(os.sched_getaffinity(0))
    loop = "import os, sys\nos.sched_setaffinity(0, {int(sys.argv[1])})\nos.nice(int(sys.argv[2]))"
    spinning = [
        subprocess.Popen(  # noqa: S603 - our own interpreter and code
            [sys.executable, "-c", f"{loop}\nwhile True: pass", str(core), str(nice)]
        )
        for nice in (0, 19)
    ]
    try:
        assert wait_until_idle({spinning[1].pid}, 2) is False
    finally:
        for process in spinning:
            process.kill()
            process.wait()


def test_the_long_post_is_5000_words_of_markdown_paragraphs():
    text = long_post.body()
    blocks = text.split("\n\n")
    headings = [block for block in blocks if block.startswith("## ")]

    assert len(text.split()) - 3 * len(headings) == long_post.WORDS  # "## Part N" is not prose
    assert 28_000 < len(text.encode()) < 32_000
    assert len(blocks) - len(headings) >= long_post.WORDS // long_post.LONGEST_PARAGRAPH
    assert long_post.body() == text  # the same in every process


def test_each_edit_changes_one_word_of_the_post():
    before, after = long_post.body("edit1").split(), long_post.body("edit2").split()

    changed = [(old, new) for old, new in zip(before, after, strict=True) if old != new]

    assert changed == [("edit1", "edit2")]


def test_the_plain_form_carries_no_version_and_the_editors_does():
    post = {"title": "T", "category": 3, "tags": [1, 2], "status": "draft"}

    plain = dict(long_post.editor_fields(post, "edit1", "token"))
    versioned = long_post.editor_fields(post, "edit1", "token", version=7)

    assert "version" not in plain
    assert ("version", "7") in versioned
    assert [value for name, value in versioned if name == "tags"] == ["1", "2"]
    assert plain["body"] == long_post.body("edit1")


@pytest.fixture
def editor_with_long_posts(db):
    editor = UserFactory(username="long_writer")
    long_posts(editor, CategoryFactory(), [TagFactory(), TagFactory()])
    return editor


def test_the_revised_long_post_has_its_earlier_revisions_and_the_plain_one_none(
    editor_with_long_posts,
):
    forms = long_post_forms()
    revised = Post.objects.get(pk=forms[REVISED_POST]["pk"])
    plain = Post.objects.get(pk=forms[PLAIN_POST]["pk"])
    versions = list(revised.revisions.order_by("version").values_list("version", flat=True))

    assert revised.version == EARLIER_REVISIONS
    assert versions == list(range(1, EARLIER_REVISIONS + 1))
    assert revised.revisions.get(version=EARLIER_REVISIONS).body == revised.body
    assert revised.revisions.values("body").distinct().count() == EARLIER_REVISIONS
    assert (plain.version, plain.revisions.count()) == (1, 0)
    assert {revised.body, plain.body} == {long_post.body()}
    assert forms[REVISED_POST]["tags"] == sorted(tag.pk for tag in revised.tags.all())
    assert not revised.is_published  # a draft: no reader page lists it


@pytest.fixture
def saving(settings, live_server, transactional_db):
    """A live server with the bench's URLs, the long posts, and their author's session."""
    settings.ROOT_URLCONF = "bench.urls"
    editor = UserFactory(username="long_writer")
    long_posts(editor, CategoryFactory(), [TagFactory(), TagFactory()])
    session = signed_in(editor).cookies[settings.SESSION_COOKIE_NAME].value
    forms = long_post_forms()

    def start(name: str) -> saves.FormSave:
        scenario = BY_NAME[name]
        post = forms[scenario.long_post]
        return saves.start(scenario, live_server.url, f"sessionid={session}", post)

    return start, forms


def test_the_editors_saves_send_each_version_in_turn_and_leave_a_revision_each(saving):
    start, forms = saving
    sender = start("post_save")

    run = sender.run(1)

    revised = Post.objects.get(pk=forms[REVISED_POST]["pk"])
    assert run["requests"] > 0
    assert run["status"] == 0, run["problems"]
    assert revised.version == EARLIER_REVISIONS + run["requests"] == sender.version
    assert revised.revisions.count() == revised.version
    assert f"edit{run['requests']}" in revised.body


def test_a_refused_save_is_an_error_and_the_next_one_reads_the_version_again(saving):
    start, forms = saving
    sender = start("post_save")
    sender.version -= 1  # as if another save had come in between

    _, refused = sender.once()
    _, accepted = sender.once()

    assert refused == "expected a 302 to /cadmin/posts/, got 409"
    assert accepted == ""
    assert Post.objects.get(pk=forms[REVISED_POST]["pk"]).version == EARLIER_REVISIONS + 1


def test_the_plain_save_changes_the_post_without_a_version_or_a_revision(saving):
    start, forms = saving

    run = start("post_save_plain").run(1)

    plain = Post.objects.get(pk=forms[PLAIN_POST]["pk"])
    assert run["requests"] > 0
    assert run["status"] == 0, run["problems"]
    assert f"edit{run['requests']}" in plain.body
    assert (plain.version, plain.revisions.count()) == (1, 0)


def test_the_autosave_writes_the_authors_slot_and_leaves_the_post_alone(saving):
    start, forms = saving

    run = start("autosave").run(1)

    revised = Post.objects.get(pk=forms[REVISED_POST]["pk"])
    slot = Autosave.objects.get(post=revised)
    assert run["requests"] > 0
    assert run["status"] == 0, run["problems"]
    assert f"edit{run['requests']}" in slot.body
    assert revised.body == long_post.body()
    assert revised.version == EARLIER_REVISIONS
    assert PostRevision.objects.filter(post=revised).count() == EARLIER_REVISIONS


def test_the_phone_photo_is_the_same_every_time_and_compresses_as_a_photo():
    made = photo.phone_photo(1008, 756)  # a sixteenth of a 12-megapixel photo

    with Pillow.open(io.BytesIO(made)) as decoded:
        assert (decoded.format, decoded.size) == ("JPEG", (1008, 756))
    assert photo.phone_photo(1008, 756) == made
    assert photo.phone_photo(1008, 756, seed=1) != made
    # About 4 MB at 4032 × 3024, as a phone's photo: a flat or striped picture is a tenth of it.
    assert 0.28 < len(made) / (1008 * 756) < 0.42


def test_a_phone_photo_is_made_once_into_its_folder(tmp_path):
    first = photo.phone_photo_file(tmp_path, (64, 48), seed=3)
    made_at = first.stat().st_mtime_ns

    again = photo.phone_photo_file(tmp_path, (64, 48), seed=3)

    assert again == first and again.stat().st_mtime_ns == made_at
    assert first.read_bytes() == photo.phone_photo(64, 48, seed=3)
    assert [path.name for path in tmp_path.iterdir()] == [first.name]
    assert photo.size_of("4032x3024") == photo.PHONE_12MP


def picture_markup(widths=(480, 960, 1600, 2400), sizes=markup.SIZES) -> str:
    """A <picture> as media/markup.py draws one: AVIF and WebP sources, a JPEG <img>."""

    def srcset(extension: str) -> str:
        return ", ".join(f"/media/images/k/{width}.{extension} {width}w" for width in widths)

    return (
        f'<picture><source type="image/avif" srcset="{srcset("avif")}" sizes="{sizes}">'
        f'<source type="image/webp" srcset="{srcset("webp")}" sizes="{sizes}">'
        f'<img src="/media/images/k/960.jpg" srcset="{srcset("jpg")}" sizes="{sizes}" alt="">'
        "</picture>"
    )


@pytest.mark.parametrize(
    ("viewport", "pixel_ratio", "picked"),
    [
        (375, 3, "1600.avif"),  # 1,125 pixels across: the smallest file at least that wide
        (375, 2, "960.avif"),  # 750
        (375, 1, "480.avif"),
        (1440, 1, "960.avif"),  # a wide screen: the column's 52rem, 832 pixels
        (1440, 4, "2400.avif"),  # none wide enough: the widest there is
    ],
)
def test_a_phone_picks_the_first_source_it_shows_and_the_smallest_file_wide_enough(
    viewport, pixel_ratio, picked
):
    html = f"<p>Text</p>{picture_markup()}<p>More</p>{picture_markup()}"

    assert phone.downloads(html, viewport, pixel_ratio) == [f"/media/images/k/{picked}"] * 2


def test_a_source_of_a_type_the_phone_does_not_show_and_a_plain_img_are_handled():
    unknown = picture_markup().replace("image/avif", "image/jxl")
    plain = '<img src="/media/images/k/stored.jpg" alt="">'

    assert phone.downloads(unknown, 375, 3) == ["/media/images/k/1600.webp"]
    assert phone.downloads(plain, 375, 3) == ["/media/images/k/stored.jpg"]
    assert phone.drawn_width("(max-width: 30em) 50vw, 300px", 375) == 187.5
    assert phone.drawn_width("", 375) == 375
    assert phone.drawn_width("(min-width: 54rem) 52rem, calc(100vw - 2rem)", 375) == 343


@pytest.fixture
def uploading(settings, live_server, transactional_db, tmp_path):
    """A live server that leaves an upload's files to a task worker, as the bench's server does,
    an author's session and a phone photo: a sender of `media_upload`."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TGDB_UPLOADS_PER_HOUR = 100_000  # as the bench's server (bench/run.py)
    author = UserFactory(username=PHOTOGRAPHER)
    session = signed_in(author).cookies[settings.SESSION_COOKIE_NAME].value
    taken = photo.phone_photo_file(tmp_path, (320, 240))
    scenario = BY_NAME["media_upload"]
    return author, uploads.start(scenario, live_server.url, f"sessionid={session}", taken)


def test_each_upload_is_a_new_image_waiting_for_the_worker(uploading):
    author, sender = uploading

    run = sender.run(1)

    assert run["requests"] > 0
    assert run["status"] == 0, run["problems"]
    images = Image.objects.filter(uploader=author)
    assert images.count() == run["requests"]
    assert set(images.values_list("status", "alt", "width")) == {
        (Image.Status.PROCESSING, uploads.ALT, 320)
    }
    assert Upload.objects.filter(image__uploader=author).count() == run["requests"]


def test_an_upload_refused_is_an_error(uploading, settings):
    _, sender = uploading
    settings.TGDB_UPLOADS_PER_HOUR = 0

    elapsed_us, problem = sender.once()

    assert elapsed_us > 0
    assert problem.startswith("expected 201, got 429")


@pytest.mark.django_db
def test_the_uploads_left_waiting_are_forgotten_before_the_storm(author):
    from bench.probes import forget_uploads
    from bench.scenarios import PHOTOGRAPHER
    from media.models import Image, Upload
    from tests.factories import UserFactory

    photographer = UserFactory(username=PHOTOGRAPHER)
    common = {"kind": "JPEG", "width": 4, "height": 3, "uploaded_bytes": 9}
    waiting = Image.objects.create(uploader=photographer, **common)
    Upload.objects.create(image=waiting, data=b"4 MB here")
    in_the_post = Image.objects.create(uploader=photographer, status=Image.Status.READY, **common)
    someone_elses = Image.objects.create(uploader=author, **common)

    assert forget_uploads() == 2  # the image and its upload

    assert set(Image.objects.all()) == {in_the_post, someone_elses}
    assert not Upload.objects.exists()
