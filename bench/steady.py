"""Readers while workers are replaced: the cached post list under STEADY_CONNECTIONS connections
for a long while (60 s by default), on a server started as production starts it.

Production replaces a worker when its memory grows past a limit (tgdb/worker_memory.py), which
a site that does not leak never reaches. Here each worker is also replaced after about 2,000
requests (STEADY_RECYCLING, what the production config did before): under this load that is
every few seconds, more often than any deploy or crash, and what readers get then is the row:
p50, p99, p99.9 and how many workers were replaced. Its goal is a p99 within four times the
p50 (scenarios.RATIOS): a replaced worker costs readers nothing they would notice.
"""

from collections import Counter

from . import load
from .load import Request
from .server import Gunicorn

STEADY_CONNECTIONS = 16
STEADY_PATH = "/"  # the anonymous post list, from the page cache
STEADY_RECYCLING = ("--max-requests", "2000", "--max-requests-jitter", "200")
BOOTING = "Booting worker with pid"  # gunicorn's line for each worker it starts


def measure(
    variables: dict[str, str], wrk: str, seconds: int, extra_args: tuple[str, ...] = ()
) -> dict:
    """The steady row: a server of its own with `variables` (and gunicorn's `extra_args`, after
    STEADY_RECYCLING), loaded for `seconds`."""
    with Gunicorn(variables, extra_args=(*STEADY_RECYCLING, *extra_args)) as server:
        page = Request(server.url + STEADY_PATH)
        problem = load.check(page)
        print(f"  steady: {STEADY_CONNECTIONS} connections for {seconds} s ...", flush=True)
        run = load.run_wrk(wrk, page, seconds, STEADY_CONNECTIONS)
        server.settle()
    row = load.finished_row(load.summary([run]), problem, None)
    row = load.unanswered(row, "no reader was answered")
    histogram = Counter(dict(run["histogram"]))
    row["p999_ms"] = round(load.percentile(histogram, 0.999) / 1000, 2) if row["requests"] else None
    row["workers_replaced"] = server.log().count(BOOTING) - server.expected_workers
    row["seconds"] = seconds
    return {**row, "connections": STEADY_CONNECTIONS}
