"""How long a test waits for what should happen before it fails, in seconds.

Never a measure of speed: a calm machine needs a small part of these, and the suite must pass
on a machine busy with other work (two CPU-bound processes beside `make test`, say), where a
password is hashed at the lowest CPU priority and a fresh server takes many seconds to start.
Only a broken run ever waits this long."""

# One answer from a server a test started (a sign-in hashes a password in it).
REQUEST = 120
# Something a test waits for: a server started or stopped, an e-mail arrived, a worker replaced.
CONDITION = 180
# A browser test's wait for what a page shows or does (Playwright's own default is 5 s).
BROWSER_MS = 60_000
# A request's wait for its turn at a worker's Python (throttle/turns.py) in the turns tests.
TURN = 60.0
