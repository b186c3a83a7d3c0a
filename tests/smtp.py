"""A small SMTP server on a loopback port, for the tests of e-mail sent in the background.

`with SMTPServer(stalled=True) as server:` accepts connections and then says nothing, as a
mail server that hangs does, until `server.answer()`; from then on it greets every connection
(the waiting ones too) and keeps each message it is sent in `server.messages`. It speaks just
enough SMTP for Django's SMTP backend without TLS or authentication.
"""

import email
import email.policy
import socketserver
import threading
import time
from dataclasses import dataclass, field
from email.message import EmailMessage

from bench.server import free_port
from tests import patience

WAIT_TIMEOUT = patience.CONDITION


class _Session(socketserver.StreamRequestHandler):
    timeout = WAIT_TIMEOUT  # a client that goes silent mid-message ends its session

    def handle(self) -> None:
        server: SMTPServer = self.server.smtp  # type: ignore[attr-defined]
        with server.lock:
            server.connections += 1
        while not server.answering.wait(0.05):
            if server.closing.is_set():
                return
        with server.lock:
            server.greetings += 1
        self.reply("220 localhost ESMTP tests.smtp")
        while line := self.rfile.readline():
            verb = line.decode("ascii", "replace").strip().split(" ", 1)[0].upper()
            if verb == "EHLO":
                self.reply("250-localhost", "250 8BITMIME")
            elif verb in {"HELO", "MAIL", "RCPT", "RSET", "NOOP"}:
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                server.keep(self.read_data())
                self.reply("250 OK: queued")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")

    def read_data(self) -> bytes:
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
            lines.append(line[1:] if line.startswith(b"..") else line)  # undo dot-stuffing
        return b"".join(lines)

    def reply(self, *lines: str) -> None:
        self.wfile.write("".join(f"{line}\r\n" for line in lines).encode())


class _ThreadingServer(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


@dataclass
class SMTPServer:
    stalled: bool = False
    port: int = field(default_factory=free_port)
    messages: list[EmailMessage] = field(default_factory=list)
    connections: int = 0  # accepted so far
    greetings: int = 0  # connections it has answered
    lock: threading.Lock = field(default_factory=threading.Lock)
    answering: threading.Event = field(default_factory=threading.Event)
    closing: threading.Event = field(default_factory=threading.Event)
    _server: _ThreadingServer | None = None

    @property
    def url(self) -> str:
        """EMAIL_URL for the site."""
        return f"smtp://127.0.0.1:{self.port}"

    def keep(self, data: bytes) -> None:
        message = email.message_from_bytes(data, policy=email.policy.default)
        with self.lock:
            self.messages.append(message)  # type: ignore[arg-type]

    def answer(self) -> None:
        self.answering.set()

    def wait_for(self, what, timeout: float = WAIT_TIMEOUT) -> None:
        """Until `what(self)` holds; fails after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while not what(self):
            assert time.monotonic() < deadline, (
                f"still waiting after {timeout} s: {self.connections} connections, "
                f"{self.greetings} answered, {len(self.messages)} messages"
            )
            time.sleep(0.05)

    def start(self) -> "SMTPServer":
        if not self.stalled:
            self.answer()
        self._server = _ThreadingServer(("127.0.0.1", self.port), _Session)
        self._server.smtp = self  # type: ignore[attr-defined]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.closing.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> "SMTPServer":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()
