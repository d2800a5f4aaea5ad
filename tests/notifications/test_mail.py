"""A mass mail's prepared copies are the very message the ordinary build would make."""

from __future__ import annotations

from email import message_from_bytes, policy
from email.message import EmailMessage

from callidarity.notifications.mail import PERSONAL_URL, MassMail

URL = "https://example.org/campaigns/phones/unsubscribe/WzEsImFuYUB4Lm9yZyJd:1abc:XyZ-_/"


def _mail() -> MassMail:
    return MassMail(
        subject="Novedad n.º 1: Visitamos Logan — ¡sí!",
        text=f"Hola ñandú.\n\nStop: {PERSONAL_URL}\n",
        html=f'<p>Hola ñandú</p><a href="{PERSONAL_URL}">Stop</a>',
        headers={"List-Unsubscribe": f"<{PERSONAL_URL}>", "List-Unsubscribe-Post": "One-Click"},
    )


def _parse(data: bytes) -> EmailMessage:
    parsed = message_from_bytes(data, policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def _summary(message: EmailMessage) -> dict[str, str]:
    return {
        "to": str(message["To"]),
        "subject": str(message["Subject"]),
        "unsubscribe": "".join(str(message["List-Unsubscribe"]).split()),
        "text": message.get_body(("plain",)).get_content(),  # type: ignore[union-attr]
        "html": message.get_body(("html",)).get_content(),  # type: ignore[union-attr]
    }


def test_a_prepared_copy_reads_exactly_like_an_ordinary_one() -> None:
    copy = _mail().copy_for("ana@example.org", URL)

    assert copy.raw is not None
    prepared = _summary(_parse(copy.raw))
    ordinary = _summary(_parse(copy.message().as_bytes(linesep="\r\n")))
    assert prepared == ordinary
    assert prepared["to"] == "ana@example.org"
    assert prepared["unsubscribe"] == f"<{URL}>"
    assert URL in prepared["text"]
    assert "ñandú" in prepared["text"]


def test_every_copy_has_its_own_message_id() -> None:
    mail = _mail()
    ids = {
        _parse(mail.copy_for(f"p{i}@example.org", URL).raw or b"")["Message-ID"] for i in range(5)
    }

    assert len(ids) == 5


def test_a_non_ascii_address_is_built_the_ordinary_way() -> None:
    copy = _mail().copy_for("añá@example.org", URL)

    assert copy.raw is None
    assert copy.to == ["añá@example.org"]
    assert URL in str(copy.body)
