"""Where one page's time goes: `python -m bench.profile PATH [--as USERNAME] [--requests N]`.

Serves PATH N times through Django's own request handler, in this process, with the settings
the bench's gunicorn runs with and on the bench's database (run `make bench` first, or set
DATABASE_URL to the database it used), and prints pyinstrument's call tree of those requests.
Signed in as USERNAME when given, e.g. `--as bench_author` for the dashboard home. `--flat`
lists the functions by their own time instead, Django's included: usually the quickest way to
see what a page spends on templates, URLs and queries.
"""

import argparse
import os
import sys
import time

from .run import DEFAULT_DATABASE, server_variables

WARM_UP = 20  # the first requests fill the template and URL caches


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__)
    parser.add_argument("path", help="the page, e.g. /cadmin/")
    parser.add_argument("--as", dest="username", default="", help="sign in as this user")
    parser.add_argument("--requests", type=int, default=300, help="requests profiled (300)")
    parser.add_argument("--flat", action="store_true", help="functions by their own time")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    options = parse(argv)
    database = os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_DATABASE}"
    if database == f"sqlite:///{DEFAULT_DATABASE}" and not DEFAULT_DATABASE.exists():
        print("No bench database yet: run `make bench` first.", file=sys.stderr)
        return 2
    # The bench's server's settings: its superuser is not sent to set up a second factor, and
    # its secret key reads the sessions the bench left as the server does.
    os.environ.update(server_variables(database))

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    if not options.username:
        return profile(client, options)
    user = get_user_model().objects.filter(username=options.username).first()
    if user is None:
        print(f"No user {options.username!r} in {database}", file=sys.stderr)
        return 2
    # A session of the profile's own, ended with it: the bench's sessions are left as they are.
    client.force_login(user)
    try:
        return profile(client, options)
    finally:
        client.logout()


def profile(client, options: argparse.Namespace) -> int:
    from pyinstrument import Profiler

    for _ in range(WARM_UP):
        response = client.get(options.path)
    if response.status_code >= 400:
        print(f"{options.path} answered {response.status_code}", file=sys.stderr)
        return 1

    profiler = Profiler(interval=0.0005)
    started = time.perf_counter()
    with profiler:
        for _ in range(options.requests):
            client.get(options.path)
    elapsed_ms = (time.perf_counter() - started) * 1000 / options.requests
    print(profiler.output_text(unicode=True, color=sys.stdout.isatty(), flat=options.flat))
    each = f"{elapsed_ms:.2f} ms each under the profiler"
    print(f"{options.path}: {options.requests} requests, {each}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
