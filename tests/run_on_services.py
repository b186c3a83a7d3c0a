"""Run the test suite again on a throw-away PostgreSQL and Redis: `python -m tests.run_on_services`.

Without the PostgreSQL or Redis programs this is skipped with a message, unless
TGDB_REQUIRE_SERVICES=1, which makes a missing service a failure. Extra arguments go to pytest.
"""

import os
import subprocess
import sys

from tests.services import REQUIRE_SERVICES, Postgres, Redis, ServiceUnavailable

# What depends on the database or the cache (tests/backends.py); tests that start their own
# servers already ran on PostgreSQL and Redis in the first run.
PYTEST_ARGS = ["-m", "every_backend and not own_services"]


def main(extra_args: list[str]) -> int:
    postgres = redis = None
    try:
        postgres = Postgres().start()
        redis = Redis().start()
    except ServiceUnavailable as missing:
        for service in (postgres, redis):
            if service is not None:
                service.remove()
        if REQUIRE_SERVICES:
            print(f"FAILED: {missing}; TGDB_REQUIRE_SERVICES=1 needs it.", file=sys.stderr)
            return 1
        print(f"Skipped the PostgreSQL + Redis run: {missing}.")
        return 0
    try:
        print(f"Running the suite on PostgreSQL ({postgres.url}) and Redis ({redis.url})")
        env = {**os.environ, "DATABASE_URL": postgres.url, "REDIS_URL": redis.url}
        command = [sys.executable, "-m", "pytest", *PYTEST_ARGS, *extra_args]
        return subprocess.run(command, env=env, check=False).returncode  # noqa: S603
    finally:
        redis.remove()
        postgres.remove()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
