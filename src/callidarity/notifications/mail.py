"""One email sent to many people, each copy differing only in its address and one link.

Building a MIME message costs about half of sending it over a local SMTP connection (header
folding and encoding in Python's `email` package). A `MassMail` builds its message once,
with placeholders, turns it into bytes once, and makes each person's copy by replacing the
placeholders in those bytes (and giving it its own Message-ID). Every copy is also a whole
`EmailMultiAlternatives`, so any mail backend can send it the ordinary way; `send_batch`
hands the prepared bytes straight to the SMTP connection when there is one. When a value
would not survive as-is in the bytes (a non-ASCII address or link), the copy carries no
bytes and is built the ordinary way.
"""

from __future__ import annotations

import re
from email.utils import make_msgid

from django.core.mail import EmailMultiAlternatives
from django.core.mail.utils import DNS_NAME

PERSONAL_URL = "__personal_url__"
_TO = "recipient@placeholder.invalid"
_MESSAGE_ID = re.compile(rb"^Message-ID: <[^>\r\n]+>\r$", re.MULTILINE)


class PreparedEmail(EmailMultiAlternatives):
    """An email with, when it could be prepared, its finished bytes in `raw`."""

    raw: bytes | None = None


def _personal(value: str, url: str) -> str:
    return value.replace(PERSONAL_URL, url)


class MassMail:
    """Make each person's copy of one email (text and HTML) with their own link."""

    def __init__(
        self, *, subject: str, text: str, html: str, headers: dict[str, str] | None = None
    ) -> None:
        self.subject = subject
        self.text = text
        self.html = html
        self.headers = headers or {}
        prototype = self._build(_TO, PERSONAL_URL)
        raw = prototype.message().as_bytes(linesep="\r\n")
        expected = sum(part.count(PERSONAL_URL) for part in (text, html, *self.headers.values()))
        # Only if every placeholder came through verbatim (no encoding, no folding inside).
        usable = raw.count(PERSONAL_URL.encode()) == expected and raw.count(_TO.encode()) == 1
        self._raw: bytes | None = raw if usable and _MESSAGE_ID.search(raw) else None

    def _build(self, to: str, url: str) -> PreparedEmail:
        message = PreparedEmail(
            self.subject,
            _personal(self.text, url),
            to=[to],
            headers={name: _personal(value, url) for name, value in self.headers.items()},
        )
        message.attach_alternative(_personal(self.html, url), "text/html")
        return message

    def copy_for(self, email: str, url: str) -> PreparedEmail:
        """Return the copy for `email`, whose personal link is `url`."""
        message = self._build(email, url)
        if self._raw is not None and email.isascii() and url.isascii():
            message_id = make_msgid(domain=DNS_NAME).encode()
            message.raw = _MESSAGE_ID.sub(
                b"Message-ID: " + message_id + b"\r",
                self._raw.replace(_TO.encode(), email.encode()).replace(
                    PERSONAL_URL.encode(), url.encode()
                ),
                count=1,
            )
        return message
