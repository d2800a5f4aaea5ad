"""A real SMTP server for tests (aiosmtpd), keeping what it receives.

Addresses whose local part starts with "bounce" are refused at RCPT, as a mail server
refuses an address that does not exist.
"""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


@dataclass
class Received:
    recipients: list[str]
    message: EmailMessage


@dataclass
class SmtpSink:
    host: str = "127.0.0.1"
    port: int = 0
    received: list[Received] = field(default_factory=list)
    keep: bool = True  # False counts messages without keeping them (benchmarks)
    count: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _controller: Any = None

    # aiosmtpd handler hooks
    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if address.lower().startswith("bounce"):
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self._lock:
            self.count += 1
            if self.keep:
                parsed = message_from_bytes(envelope.content, policy=policy.default)
                assert isinstance(parsed, EmailMessage)
                self.received.append(Received(list(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"

    def start(self) -> SmtpSink:
        with socket.socket() as sock:
            sock.bind((self.host, 0))
            self.port = sock.getsockname()[1]
        self._controller = Controller(self, hostname=self.host, port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()

    def to(self, address: str) -> list[EmailMessage]:
        """Return the messages delivered to this address."""
        with self._lock:
            return [r.message for r in self.received if address in r.recipients]
