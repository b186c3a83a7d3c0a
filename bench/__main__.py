"""`python -m bench [--posts N] [--workers N] [--seconds N] [--connections N] [--scaling]
[--no-storm] [--steady-seconds N] [--repeat N] [--photo-size WxH] [--large-photo-size WxH]`.

Prints a table and the ratios, writes latest.json, latest.png and dated copies to --output.
The database is a SQLite file under var/bench/ unless DATABASE_URL names one: the bench empties
and refills it, so give it a throw-away database.
"""

import argparse
import os
import sys
from pathlib import Path

from . import load, report
from .photo import PHONE_12MP, PHONE_50MP, size_of
from .run import Bench, Options

RESULTS = Path(__file__).resolve().parent / "results"


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def parse(argv: list[str]) -> Options:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=positive, default=10_000, help="published posts (10000)")
    parser.add_argument("--workers", type=positive, default=2, help="gunicorn workers (2)")
    parser.add_argument("--seconds", type=positive, default=10, help="load per scenario (10)")
    parser.add_argument("--connections", type=positive, default=16, help="wrk connections (16)")
    parser.add_argument(
        "--scaling",
        action="store_true",
        help="also run blog_list, search and blog_detail_uncached at 1,000 and 100,000 posts",
    )
    parser.add_argument(
        "--scaling-sizes",
        type=positive,
        nargs=2,
        default=(1_000, 100_000),
        metavar=("SMALL", "LARGE"),
        help="the two post counts of --scaling (1000 100000)",
    )
    parser.add_argument(
        "--no-storm",
        dest="storm",
        action="store_false",
        help="skip the storm: readers and a known browser's sign-ins under attack",
    )
    parser.add_argument(
        "--steady-seconds",
        type=positive,
        default=60,
        help="how long the steady scenario loads the post list, workers being replaced (60)",
    )
    parser.add_argument(
        "--repeat",
        type=positive,
        default=1,
        help="runs in a row, then each ratio's worst of them beside its goal (1)",
    )
    parser.add_argument(
        "--photo-size",
        type=size_of,
        default=PHONE_12MP,
        metavar="WxH",
        help="the phone photos uploaded and made files of (4032x3024: 12 megapixels)",
    )
    parser.add_argument(
        "--large-photo-size",
        type=size_of,
        default=PHONE_50MP,
        metavar="WxH",
        help="the photo a worker's peak memory is measured on (8660x5773: 50 megapixels)",
    )
    parser.add_argument(
        "--output", type=Path, default=RESULTS, help="folder for the JSON and PNG (bench/results)"
    )
    args = parser.parse_args(argv)
    return Options(
        posts=args.posts,
        workers=args.workers,
        seconds=args.seconds,
        connections=args.connections,
        scaling=args.scaling,
        scaling_sizes=tuple(args.scaling_sizes),
        output=args.output,
        database_url=os.environ.get("DATABASE_URL", ""),
        storm=args.storm,
        steady_seconds=args.steady_seconds,
        repeat=args.repeat,
        photo_size=args.photo_size,
        large_photo_size=args.large_photo_size,
    )


def one_run(options: Options, wrk: str) -> tuple[dict, str]:
    """One whole run, its table printed and its files written; its results and the warning
    naming its errors ("" if none)."""
    results = Bench(options, wrk).run()
    print()
    print(report.table(results))
    json_path, png_path = report.write(results, options.output)
    print(f"\nWrote {json_path} and {png_path} (and dated copies).")
    warning = report.error_warning(results)
    if warning:
        print(f"\n{warning}\n", file=sys.stderr)
    return results, warning


def main(argv: list[str]) -> int:
    options = parse(argv)
    try:
        wrk = load.find_wrk()
    except load.WrkMissing as missing:
        print(missing, file=sys.stderr)
        return 2
    note = report.busy_note()
    if note:
        print(note)
    runs, warnings = [], []
    for number in range(1, options.repeat + 1):
        if options.repeat > 1:
            print(f"Run {number} of {options.repeat}:", flush=True)
        results, warning = one_run(options, wrk)
        runs.append(results)
        warnings += [warning] if warning else []
    if options.repeat > 1:
        print()
        print(report.spread_table(runs))
        print(f"\nWrote {report.write_spread(runs, options.output)}.")
    return 1 if warnings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
