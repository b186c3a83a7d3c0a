"""The storm: readers of the site while attackers post wrong passwords to the sign-in page.

After the scenarios, on the same server:

- calm: READERS wrk connections on the anonymous post list, nothing else;
- then for each number of attackers (STORM_ATTACKERS), a second wrk process (bench/storm.lua)
  posting wrong passwords for made-up usernames to the dashboard's sign-in page, each request
  from another X-Forwarded-For address (the server trusts one proxy, TGDB_TRUSTED_PROXIES=1).
  It starts LEAD_SECONDS before the readers and ends as long after them, so the readers are
  measured inside the storm only. Meanwhile, from Python, an author's browser that the site
  knows (its device cookie) signs in with the right password, one sign-in after another, timed
  as the other Python-sent sign-ins are (bench/ceremonies.py) and checked to land on /cadmin/.

An attacker's answer is a wrong-password page (200), "Sign-in is paused" (429) or "busy, try
again" (503): counted by status, and not errors. Any other answer would mean the storm was not
the attack it claims to be (a 403 is a refused CSRF token, and no password was checked), so it
is an error. A reader's answer other than 2xx, or a reader's socket error, is an error.
"""

import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlencode

from . import load
from .ceremonies import SIGN_IN_PAGE, Ceremony
from .load import Request, described, finished_row, unanswered, without_empty_latency
from .scenarios import (
    CALM_READERS,
    KNOWN_DEVICE_LOGIN,
    KNOWN_DEVICE_USER,
    PASSWORD,
    STORM_ATTACKERS,
    Scenario,
    storm_attackers,
    storm_readers,
)
from .server import Gunicorn, peak_memory_mb, reset_peak_memory

STORM_SCRIPT = Path(__file__).with_name("storm.lua")
READERS = 8  # wrk connections of the readers, calm and in each storm
READER_PATH = "/"  # the anonymous post list, what most visitors ask for
LANDING = "/cadmin/"
WRONG_PASSWORD = "Not-the-bench-passphrase-42"  # noqa: S105 - wrong on purpose
ATTACKER_ANSWERS = (200, 429, 503)  # wrong password, paused, busy
# Whole seconds (wrk's -d): the storm is under way before the readers start, and still on when
# they stop.
LEAD_SECONDS = 1
ROUNDS = 10  # at most: slices of calm and of each storm, taken in turn (1 s each at 10 s)
KNOWN_SIGN_IN_EVERY = 1.0  # seconds from one known browser's sign-in to the next
# The address of the one attack sent from Python, to check the storm's request before the storm.
PROBE_ADDRESS = "198.18.0.1"
KNOWN_DEVICE = Scenario(
    KNOWN_DEVICE_LOGIN, SIGN_IN_PAGE, sign_in_as=KNOWN_DEVICE_USER, next_path=LANDING
)


class KnownDeviceSignIn(Ceremony):
    """The right password from a browser the account knows: it signs in once (untimed) for its
    device cookie, as load.sign_in_request does, and every timed sign-in carries that cookie."""

    def __init__(self, scenario: Scenario, base_url: str) -> None:
        super().__init__(scenario, base_url)
        self.request = load.sign_in_request(
            base_url, scenario.path, scenario.sign_in_as, PASSWORD, scenario.next_path
        )

    def once(self) -> tuple[int | None, str]:
        answer, elapsed_us = load.send(self.request)
        return elapsed_us, load.problem_with(answer, self.scenario.location)


def attack_request(base_url: str) -> Request:
    """The attackers' POST without its username (storm.lua adds one to each request), with a
    CSRF cookie and token as a script that first fetched the form would have."""
    cookie, token = load.csrf_form(f"{base_url}{SIGN_IN_PAGE}")
    form = {"csrfmiddlewaretoken": token, "password": WRONG_PASSWORD, "next": LANDING}
    return Request(f"{base_url}{SIGN_IN_PAGE}", method="POST", cookie=cookie, body=urlencode(form))


def check_attack(attack: Request) -> str:
    """What is wrong with one attack sent from Python, or "": a wrong password is a 200."""
    probe = replace(
        attack,
        body=f"{attack.body}&username=storm_probe",
        headers=(("X-Forwarded-For", PROBE_ADDRESS),),
    )
    return load.check(probe)


def highest(peaks: list[float | None]) -> float | None:
    return max((mb for mb in peaks if mb is not None), default=None)


def readers_row(runs: list[dict], problem: str, memory_mb: float | None) -> dict:
    row = finished_row(load.summary(runs), problem, memory_mb)
    unanswered(row, "no reader was answered")
    return {**row, "connections": READERS}


def attackers_row(runs: list[dict], attackers: int, problem: str, memory_mb: float | None) -> dict:
    """req/s and latency of the attacks, their answers by status and their socket errors;
    only answers other than ATTACKER_ANSWERS are errors."""
    row = without_empty_latency(load.summary(runs))
    answered: Counter = Counter()
    for run in runs:
        answered.update(run["statuses"])
    statuses = {status: answered[status] for status in sorted(answered, key=int)}
    unexpected = {s: n for s, n in statuses.items() if int(s) not in ATTACKER_ANSWERS}
    error_kinds = row.pop("error_kinds")
    row["errors"] = sum(unexpected.values())
    row["statuses"] = statuses
    row["socket_errors"] = {kind: n for kind, n in error_kinds.items() if kind != "status"}
    row = finished_row(row, problem, memory_mb)
    wrong = ", ".join(f"{count} answered {status}" for status, count in unexpected.items())
    described(row, wrong and f"attacks: {wrong}")
    return {**row, "connections": attackers}


def known_device_row(runs: dict[int, list[dict]], problem: str, memory_mb: float | None) -> dict:
    """The known browser's sign-ins of every storm, pooled into one row; each storm's own
    figures beside them."""
    every_run = [run for storm_runs in runs.values() for run in storm_runs]
    row = finished_row(load.summary(every_run), problem, memory_mb)
    described(row, load.problems_seen(every_run))
    unanswered(row, "no sign-in was answered during the storms")
    row["by_storm"] = {
        str(attackers): {
            key: without_empty_latency(load.summary(storm_runs))[key]
            for key in ("requests", "p50_ms", "p99_ms")
        }
        for attackers, storm_runs in runs.items()
    }
    return {**row, "connections": 1}


def by_storm() -> dict[int, list[dict]]:
    return {attackers: [] for attackers in STORM_ATTACKERS}


@dataclass
class StormRuns:
    """The wrk runs (and sign-ins) of calm and of each storm, slice by slice, and the workers'
    peak memory under each slice."""

    calm: list[dict] = field(default_factory=list)
    reading: dict[int, list[dict]] = field(default_factory=by_storm)
    attacking: dict[int, list[dict]] = field(default_factory=by_storm)
    signed_in: dict[int, list[dict]] = field(default_factory=by_storm)
    calm_peaks: list[float | None] = field(default_factory=list)
    storm_peaks: list[float | None] = field(default_factory=list)

    def answered(self) -> bool:
        """Whether the calm readers and each storm's readers and attackers have had answers."""
        every = (self.calm, *self.reading.values(), *self.attacking.values())
        return all(load.answered(runs) for runs in every)


@dataclass
class Storm:
    server: Gunicorn
    wrk: str
    seconds: int

    def measure(self) -> dict[str, dict]:
        """Every storm row (scenarios.STORM_NAMES), in that order. The calm readers and each
        storm take turns in up to ROUNDS slices, pooled as the sign-in scenarios are: a shared
        machine's speed drifts by more than a storm's effect, so the ratios compare the same
        minutes."""
        readers = Request(f"{self.server.url}{READER_PATH}")
        attack = attack_request(self.server.url)
        sign_ins = KnownDeviceSignIn(KNOWN_DEVICE, self.server.url)
        reader_problem, attack_problem = load.check(readers), check_attack(attack)
        sign_in_problem = sign_ins.check()
        rounds, seconds = load.slices(self.seconds, ROUNDS)
        runs = StormRuns()
        for number in range(1, rounds + 1):
            storms = ", ".join(f"{attackers} attackers" for attackers in STORM_ATTACKERS)
            print(f"  calm readers, storms of {storms} (round {number} of {rounds}) ...")
            self.one_round(seconds, runs, readers, attack, sign_ins)
        for length in load.longer_slices(seconds):
            if runs.answered():
                break
            print(f"  calm readers and storms: not all answered yet, again for {length} s ...")
            self.one_round(length, runs, readers, attack, sign_ins)
        calm_peak, storm_peak = highest(runs.calm_peaks), highest(runs.storm_peaks)
        rows = {CALM_READERS: readers_row(runs.calm, reader_problem, calm_peak)}
        for attackers in STORM_ATTACKERS:
            rows[storm_readers(attackers)] = readers_row(
                runs.reading[attackers], reader_problem, storm_peak
            )
            rows[storm_attackers(attackers)] = attackers_row(
                runs.attacking[attackers], attackers, attack_problem, storm_peak
            )
        rows[KNOWN_DEVICE_LOGIN] = known_device_row(runs.signed_in, sign_in_problem, storm_peak)
        self.server.settle()
        return rows

    def one_round(
        self,
        seconds: int,
        runs: StormRuns,
        readers: Request,
        attack: Request,
        sign_ins: KnownDeviceSignIn,
    ) -> None:
        """A slice of calm and one of each storm, each `seconds` long, added to `runs`."""
        workers = self.server.worker_pids()
        self.server.settle()  # after the sign-in scenarios' password checks, or the last storm
        reset_peak_memory(workers)
        runs.calm.append(load.run_wrk(self.wrk, readers, seconds, READERS))
        runs.calm_peaks.append(peak_memory_mb(workers))
        for attackers in STORM_ATTACKERS:
            self.server.settle()
            reset_peak_memory(workers)
            read, attacked, signs = self.storm(attackers, seconds, readers, attack, sign_ins)
            runs.storm_peaks.append(peak_memory_mb(workers))
            runs.reading[attackers].append(read)
            runs.attacking[attackers].append(attacked)
            runs.signed_in[attackers].append(signs)

    def storm(
        self,
        attackers: int,
        seconds: int,
        readers: Request,
        attack: Request,
        sign_ins: KnownDeviceSignIn,
    ) -> tuple[dict, dict, dict]:
        """One storm: the readers' wrk run, the attackers' and the known browser's sign-ins."""
        with ThreadPoolExecutor(max_workers=2) as pool:
            storming = pool.submit(
                load.run_wrk,
                self.wrk,
                attack,
                seconds + 2 * LEAD_SECONDS,
                attackers,
                STORM_SCRIPT,
                {"STORM_SEED": str(attackers)},
            )
            time.sleep(LEAD_SECONDS)
            reading = pool.submit(load.run_wrk, self.wrk, readers, seconds, READERS)
            # In this thread, one a second, as an author signing in now and then (back to back,
            # they would be a second storm of checks above the pages' priority); never after the
            # storm has passed.
            signed_in = sign_ins.run(seconds, stop=storming.done, every=KNOWN_SIGN_IN_EVERY)
            return reading.result(), storming.result(), signed_in
