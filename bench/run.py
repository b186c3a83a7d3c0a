"""One benchmark run: prepare the database, take the in-process measurements, start gunicorn,
load every scenario with wrk, stop everything it started, and report."""

import json
import os
import secrets
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tgdb.secret_key import kept_secret_key

from . import browser_preview, ceremonies, load, report, saves, steady, uploads
from .ceremonies import Ceremony
from .load import Request, described, finished_row, unanswered
from .photo import PHONE_12MP, PHONE_50MP
from .prepare import GUARD
from .scenarios import (
    BY_NAME,
    HASH_FLOOR,
    LARGE,
    PASSWORD,
    PHOTOGRAPHER,
    PICTURE_POST,
    PILLOW_FLOOR,
    PREVIEW_IN_BROWSER,
    RATIOS,
    RENDITIONS,
    RENDITIONS_50MP,
    RP_ID,
    SCALED_SCENARIOS,
    SCENARIOS,
    SMALL,
    STEADY,
    UPLOAD,
    Scenario,
    filled,
    ratio_of,
)
from .server import (
    REPO_ROOT,
    Gunicorn,
    environment,
    module_json,
    peak_memory_mb,
    production_environment,
    reset_peak_memory,
)
from .storm import Storm

DEFAULT_DATABASE = REPO_ROOT / "var" / "bench" / "bench.sqlite3"
# Kept between runs: `make profile` reads the sessions a run left with the key they were made with.
SECRET_KEY_FILE = REPO_ROOT / "var" / "bench" / "secret_key"
SIGN_IN_ROUNDS = 5  # at most: slices of sign-ins and password checks, taken in turn
SAVE_ROUNDS = 5  # at most: slices of the saves, taken in turn
PAGE_ROUNDS = 5  # at most: slices of the pages, taken in turn
# What the bench's server and its Django processes run with, beside the production settings.
BENCH_VARIABLES = {
    # Production asks staff for a second factor; the bench's superuser measures the admin's
    # pages with a password alone, and the second step is measured on accounts of its own.
    "TGDB_REQUIRE_2FA": "none",
    # Passkeys belong to a host name: the bench's passkey sign-ins are made for localhost.
    "TGDB_WEBAUTHN_RP_ID": RP_ID,
    # Django admin's stock sign-in page at /admin/login/, to compare ours with (bench/urls.py).
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    # As behind one reverse proxy: the storm's attackers each come from an address of their own
    # (X-Forwarded-For, bench/storm.py). A request without the header is the peer's, as before.
    "TGDB_TRUSTED_PROXIES": "1",
    # `media_upload` uploads a photo several times a second, all as one author: far more than
    # the hundred an hour a person may upload on the site.
    "TGDB_UPLOADS_PER_HOUR": "1000000",
}


def data_folder(database_url: str) -> Path:
    """Where the bench keeps what goes with its database (its pictures' files, the phone photos
    it uploads): beside a SQLite file, else under var/bench/."""
    if database_url.startswith("sqlite:///"):
        return Path(database_url.removeprefix("sqlite:///").split("?")[0]).parent
    return DEFAULT_DATABASE.parent


def server_variables(database_url: str, workers: int = 1) -> dict[str, str]:
    """The variables the bench's server and its Django processes run with: the pictures' files
    in a media folder of the bench's own, emptied with its database (bench/picture_post.py)."""
    variables = production_environment(
        database_url, kept_secret_key(SECRET_KEY_FILE), workers=workers
    )
    media = {"TGDB_MEDIA_ROOT": str(data_folder(database_url) / "media")}
    return {**variables, **BENCH_VARIABLES, **media}


@dataclass
class Options:
    posts: int
    workers: int
    seconds: int
    connections: int
    scaling: bool
    scaling_sizes: tuple[int, int]
    output: Path
    database_url: str  # "" for the bench's own SQLite file
    storm: bool = True  # the readers and a known browser under a storm of attackers
    steady_seconds: int = 60  # the post list under load, workers replaced (bench/steady.py)
    repeat: int = 1  # whole runs in a row, reported with each ratio's worst (report.spread)
    photo_size: tuple[int, int] = PHONE_12MP  # the phone photos uploaded and made files of
    large_photo_size: tuple[int, int] = PHONE_50MP  # the one a worker's peak memory is read on


class Bench:
    def __init__(self, options: Options, wrk: str) -> None:
        self.options = options
        self.wrk = wrk
        self.database_url = options.database_url or f"sqlite:///{DEFAULT_DATABASE}"
        self.load_before = os.getloadavg()[0]

    def variables(self) -> dict[str, str]:
        return server_variables(self.database_url, self.workers)

    def django_variables(self) -> dict[str, str]:
        # The server's settings, plus the word that this database is the bench's to empty.
        return {**self.variables(), GUARD: self.database_url}

    @property
    def workers(self) -> int:
        return self.options.workers

    def django(self, module: str, *args: str) -> Any:
        """Run `python -m bench.<module>` with the server's settings; the JSON it printed."""
        return module_json(f"bench.{module}", args, environment(**self.django_variables()))

    def prepare(self, posts: int, pictures: bool = False) -> dict:
        """The database of `posts` posts; with `pictures`, the post with pictures too."""
        if not self.options.database_url:
            DEFAULT_DATABASE.parent.mkdir(parents=True, exist_ok=True)
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{DEFAULT_DATABASE}{suffix}").unlink(missing_ok=True)
        print(f"Preparing {posts:,} posts in {self.database_url.split('?')[0]} ...", flush=True)
        photos = data_folder(self.database_url) / "photos"
        width, height = self.options.photo_size
        with_pictures = ["--pictures", str(photos), "--photo-size", f"{width}x{height}"]
        return self.django("prepare", str(posts), *(with_pictures if pictures else []))

    def pictures(self, data: dict) -> dict:
        """bench/pictures.py's measurements, before the server starts."""
        print("Making the photos' files, in turns with Pillow alone ...", flush=True)
        pictures = {**data["pictures"], "large_photo_size": self.options.large_photo_size}
        return self.django("pictures", json.dumps(pictures))

    # --- Under load ---------------------------------------------------------------------

    def requests(
        self, server: Gunicorn, data: dict
    ) -> list[tuple[Scenario, Request | Ceremony, str]]:
        """Each scenario with its request (for wrk) or its ceremony or saves (sent from Python),
        and the Location a sign-in must answer with. `data` is what bench.prepare printed."""
        sessions: dict[str, str] = {}
        built = []
        for scenario in SCENARIOS:
            url = server.url + filled(scenario.path, data["paths"])
            if scenario.ceremony:
                built.append((scenario, ceremonies.start(scenario, server.url), scenario.location))
                continue
            if scenario.sign_in_as:
                request = load.sign_in_request(
                    server.url, scenario.path, scenario.sign_in_as, PASSWORD, scenario.next_path
                )
                built.append((scenario, request, scenario.location))
                continue
            if scenario.signed_in_as and scenario.signed_in_as not in sessions:
                sessions[scenario.signed_in_as] = self.session_for(server, scenario.signed_in_as)
            cookie = sessions.get(scenario.signed_in_as, "")
            if scenario.alone:
                built.append((scenario, saves.PageAlone(scenario, server.url, url), ""))
                continue
            if scenario.save == UPLOAD:
                photo = Path(data["pictures"]["upload_photo"])
                built.append((scenario, uploads.start(scenario, server.url, cookie, photo), ""))
                continue
            if scenario.save:
                post = data["long_posts"][scenario.long_post]
                built.append((scenario, saves.start(scenario, server.url, cookie, post), ""))
                continue
            built.append((scenario, Request(url, cookie=cookie), ""))
        return built

    @staticmethod
    def session_for(server: Gunicorn, username: str) -> str:
        # Through the door each account uses: the superuser's is Django admin's; an account
        # no sign-in scenario uses comes in through the dashboard's.
        door = next(
            (s for s in SCENARIOS if s.sign_in_as == username), BY_NAME["cadmin_login_post"]
        )
        sign_in = load.sign_in_request(server.url, door.path, username, PASSWORD, door.next_path)
        return load.session_cookie(sign_in)

    def measure_pages(
        self, server: Gunicorn, pages: list[tuple[Scenario, Request | Ceremony, str]]
    ) -> dict[str, dict]:
        """The pages, each under all the connections, in alternating slices: every ratio of
        two pages (the dashboard and Django admin's, a search and a post drawn afresh) then
        compares the same seconds of a machine whose speed drifts."""
        return self.in_turns(server, pages, PAGE_ROUNDS, connections=self.options.connections)

    def measure_sign_ins(
        self, server: Gunicorn, sign_ins: list[tuple[Scenario, Request | Ceremony, str]]
    ) -> tuple[dict[str, dict], list[float]]:
        """Each door's sign-ins, one at a time, and the password check that is their floor,
        in alternating slices: a shared machine's speed drifts by more than a sign-in's own
        work, so the ratio must compare the same seconds. Returns the rows and the hash times.
        A ceremony's slice is sent from Python and reported as wrk reports (bench/ceremonies.py)."""
        hash_times: list[float] = []

        def hash_floor(seconds: int) -> None:
            hash_times.extend(self.django("probes", "hash", str(seconds)))

        rows = self.in_turns(server, sign_ins, SIGN_IN_ROUNDS, (HASH_FLOOR, hash_floor))
        return rows, hash_times

    def measure_saves(
        self, server: Gunicorn, saving: list[tuple[Scenario, Request | Ceremony, str]]
    ) -> dict[str, dict]:
        """The saves, one at a time, in alternating slices: the product's save and the plain
        one it is compared with are measured in the same seconds (bench/saves.py)."""
        return self.in_turns(server, saving, SAVE_ROUNDS)

    def in_turns(
        self,
        server: Gunicorn,
        built: list[tuple[Scenario, Request | Ceremony, str]],
        most_rounds: int,
        beside: tuple[str, Callable[[int], None]] | None = None,
        connections: int = 1,
    ) -> dict[str, dict]:
        """The scenarios of `built`, each on `connections` connections, in up to `most_rounds`
        slices taken in turn and pooled into one row each, with the workers' peak memory
        under that scenario's slices. `beside` is a measure taken first in each round, by its
        name and what takes it for the slice's seconds."""
        rounds, seconds = load.slices(self.options.seconds, most_rounds)
        problems = {
            scenario.name: sender.check()
            if scenario.sent_from_python
            else load.check(sender, location)
            for scenario, sender, location in built
        }
        workers = server.worker_pids()
        runs: dict[str, list[dict]] = {scenario.name: [] for scenario, _, _ in built}
        peaks: dict[str, list[float]] = {name: [] for name in runs}
        for number in range(1, rounds + 1):
            names = ", ".join([beside[0], *runs] if beside else runs)
            print(f"  {names} (round {number} of {rounds}) ...", flush=True)
            if beside:
                server.settle()
                beside[1](seconds)
            for scenario, sender, _ in built:
                server.settle()  # what the slice before left under way is not measured here
                reset_peak_memory(workers)
                runs[scenario.name].append(self.slice(scenario, sender, seconds, connections))
                peak = peak_memory_mb(workers)
                peaks[scenario.name] += [] if peak is None else [peak]
        for scenario, sender, _ in built:
            for length in load.longer_slices(seconds):
                if load.answered(runs[scenario.name]):
                    break
                print(f"  {scenario.name}: no answer yet, again for {length} s ...", flush=True)
                server.settle()
                runs[scenario.name].append(self.slice(scenario, sender, length, connections))
        return {
            name: {
                **measured_row(name_runs, problems[name], max(peaks[name], default=None)),
                "connections": connections,
            }
            for name, name_runs in runs.items()
        }

    def slice(
        self, scenario: Scenario, sender: Request | Ceremony, seconds: int, connections: int
    ) -> dict:
        """One slice of a scenario's load, as wrk reports it."""
        if scenario.sent_from_python:
            return sender.run(seconds)
        script = load.FRESH_SCRIPT if scenario.fresh else load.WRK_SCRIPT
        # Marks no earlier slice used, so that no fresh request finds a page the cache kept.
        variables = {"BENCH_FRESH_SEED": secrets.token_hex(4)}
        return load.run_wrk(self.wrk, sender, seconds, connections, script, variables)

    def serve(self):
        return Gunicorn(self.variables())

    # --- The whole run ------------------------------------------------------------------

    def run(self) -> dict:
        data = self.prepare(self.options.posts, pictures=True)
        pictures = self.pictures(data)
        print("Counting the queries per page ...", flush=True)
        queries = self.django("probes", "queries", json.dumps(data))
        rows: dict[str, dict] = {}
        with self.serve() as server:
            print(f"gunicorn with {self.workers} workers at {server.url}; load with wrk:")
            requests = self.requests(server, data)
            rows.update(
                self.measure_pages(server, [built for built in requests if built[0].is_page])
            )
            sign_ins = [built for built in requests if built[0].is_sign_in]
            sign_in_rows, hash_times = self.measure_sign_ins(server, sign_ins)
            rows.update(sign_in_rows)
            saving = [built for built in requests if built[0].save or built[0].alone]
            rows.update(self.measure_saves(server, saving))
            preview_in_browser = browser_preview.measure(
                server.url,
                self.session_for(server, PHOTOGRAPHER),
                data["long_posts"][PICTURE_POST]["pk"],
            )
            self.django("probes", "forget_uploads", "-")
            # Last: what the storm leaves behind (failed sign-ins, lockouts) meets no scenario.
            storm_rows = {}
            if self.options.storm:
                storm_rows = Storm(server, self.wrk, self.options.seconds).measure()
        for name, row in rows.items():
            row["queries"] = queries[name]
        rows[HASH_FLOOR] = in_process_row(hash_times)
        rows[PREVIEW_IN_BROWSER] = in_process_row(preview_in_browser)
        rows.update(picture_rows(pictures, self.options))
        rows.update(storm_rows)
        rows[STEADY] = steady.measure(self.variables(), self.wrk, self.options.steady_seconds)
        scaling = self.scaling() if self.options.scaling else None
        results = {
            "machine": report.machine(
                self.database_url, self.options, load.wrk_version(self.wrk), self.load_before
            ),
            "posts": data["posts"],
            "scenarios": rows,
            "ratios": ratios(rows, scaling),
            "goals": {ratio.key: ratio.goal for ratio in RATIOS},
            "phone": pictures["phone"],
            "scaling": scaling,
        }
        return results

    def scaling(self) -> dict:
        """SCALED_SCENARIOS on a small and a large database, each in a server of its own:
        {"small": {name: row}, "large": {...}, "small_posts": n, "large_posts": n}."""
        measured: dict[str, Any] = {}
        for size, posts in zip((SMALL, LARGE), self.options.scaling_sizes, strict=True):
            data = self.prepare(posts)
            with self.serve() as server:
                print(f"  at {posts:,} posts:", flush=True)
                pages = []
                for scenario in (BY_NAME[name] for name in SCALED_SCENARIOS):
                    path = filled(scenario.path, data["paths"])
                    pages.append((scenario, Request(server.url + path), ""))
                measured[size] = self.measure_pages(server, pages)
            measured[f"{size}_posts"] = data["posts"]
        return measured


def measured_row(runs: list[dict], problem: str, memory_mb: float | None) -> dict:
    """One scenario's row from its runs: a run in which no request was answered (each one
    slower than the run) is an error, with no latency rather than 0 ms."""
    row = described(finished_row(load.summary(runs), problem, memory_mb), load.problems_seen(runs))
    return unanswered(row, "no request was answered within the run")


def in_process_row(times_ms: list[float], queries: int = 0) -> dict:
    """The row of work timed in a process of the bench's own (a password check, a photo's
    files), by the same percentile rule as the rows it is compared with."""
    histogram = Counter(times_ms)
    return {
        "rps": None,  # not a page
        "p50_ms": round(load.percentile(histogram, 0.50), 2),
        "p99_ms": round(load.percentile(histogram, 0.99), 2),
        "errors": 0,
        "queries": queries,
        "worker_rss_mb": None,
        "repetitions": len(times_ms),
    }


def picture_rows(pictures: dict, options: Options) -> dict[str, dict]:
    """The rows of bench/pictures.py's measurements: the worker's time for a photo's files (and
    its queries), Pillow's alone, and a fresh worker's peak memory on the large photo."""
    size = "x".join(map(str, options.photo_size))
    large = pictures["large"]
    return {
        RENDITIONS: {
            **in_process_row(pictures["renditions_ms"], pictures["queries"]),
            "photo": size,
        },
        PILLOW_FLOOR: {**in_process_row(pictures["floor_ms"]), "photo": size},
        RENDITIONS_50MP: {
            **in_process_row([large["seconds"] * 1000]),
            "worker_rss_mb": large["peak_mb"],
            "photo": "x".join(map(str, options.large_photo_size)),
            "photo_bytes": large["photo_bytes"],
        },
    }


def ratios(rows: dict, scaling: dict | None) -> dict[str, float | None]:
    values = {}
    for ratio in RATIOS:
        if ratio.sizes:
            top, bottom = ratio.sizes
            values[ratio.key] = (
                ratio_of(ratio, scaling[top][ratio.numerator], scaling[bottom][ratio.denominator])
                if scaling
                else None
            )
        else:
            # A row the run left out (--no-storm) is not measured: its ratio is None.
            denominator = rows.get(ratio.denominator, {})
            values[ratio.key] = ratio.worst(
                [ratio_of(ratio, rows.get(name, {}), denominator) for name in ratio.numerators]
            )
    return values
