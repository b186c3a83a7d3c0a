"""A command run at a terminal of its own, typed at as a person would.

Interactive commands (createsuperuser) ask only at a terminal, and read passwords from it with
the echo off: a pseudo-terminal is one. The command starts in a session of its own, so it never
reaches the terminal the tests themselves run in.
"""

import os
import pty
import select
import subprocess
import sys
import time

from tests.processes import REPO_ROOT, environment


class Terminal:
    def __init__(self, *args: str, **variables: str) -> None:
        primary, secondary = pty.openpty()
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [sys.executable, *args],
            stdin=secondary,
            stdout=secondary,
            stderr=secondary,
            env=environment(PYTHONIOENCODING="utf-8", **variables),
            cwd=REPO_ROOT,
            start_new_session=True,
        )
        os.close(secondary)
        self.primary = primary
        self.screen = ""  # everything shown so far
        self.read_up_to = 0  # where the next wait_for looks from

    def __enter__(self) -> "Terminal":
        return self

    def __exit__(self, *exc_info) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        os.close(self.primary)

    def wait_for(self, text: str, timeout: float = 60) -> None:
        """Wait until `text` is shown after what was waited for before."""
        deadline = time.monotonic() + timeout
        while (found := self.screen.find(text, self.read_up_to)) < 0:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"{text!r} was never shown. The screen:\n{self.screen}"
            if select.select([self.primary], [], [], remaining)[0]:
                assert self.read(), f"It ended without showing {text!r}. The screen:\n{self.screen}"
        self.read_up_to = found + len(text)

    def read(self) -> bool:
        """Add what the command has shown to the screen; False once it has ended."""
        try:
            shown = os.read(self.primary, 4096)
        except OSError:  # the command ended and closed its side
            return False
        self.screen += shown.decode(errors="replace")
        return bool(shown)

    def type(self, line: str) -> None:
        os.write(self.primary, f"{line}\n".encode())

    def exit_code(self, timeout: float = 60) -> int:
        """Read on to the end (a command whose output is not read may never end)."""
        deadline = time.monotonic() + timeout
        while (remaining := deadline - time.monotonic()) > 0:
            if select.select([self.primary], [], [], remaining)[0] and not self.read():
                break
        return self.process.wait(max(remaining, 1))
