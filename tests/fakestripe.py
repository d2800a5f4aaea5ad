"""A local stand-in for the Stripe API, and Stripe-shaped events signed like Stripe signs them.

`FakeStripe` serves the two calls Callidarity makes (create a Checkout Session, retrieve a
PaymentIntent with its charge's balance transaction) on 127.0.0.1, records every request
for assertions, and can be told to fail. The event builders return dicts shaped like the
events of API version 2026-10-28 (the version stripe-python 16.1 pins); `signed()` turns one
into the exact bytes and `Stripe-Signature` header a delivery carries.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

API_VERSION = "2026-10-28.endive"
_KEY_PART = re.compile(r"\[([^\]]*)\]")


def _random_id(prefix: str) -> str:
    return f"{prefix}_test_{uuid.uuid4().hex[:24]}"


# --- signing and events ---------------------------------------------------------------


def sign(payload: bytes, secret: str, timestamp: int | None = None) -> str:
    """Return the Stripe-Signature header Stripe would send with this payload."""
    ts = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{ts}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={ts},v1={mac}"


def encode(event: dict[str, Any]) -> bytes:
    """Return the event serialized as Stripe posts it."""
    return json.dumps(event, separators=(",", ":")).encode()


def signed(event: dict[str, Any], secret: str, timestamp: int | None = None) -> tuple[bytes, str]:
    """Return (body, Stripe-Signature header) for delivering this event."""
    body = encode(event)
    return body, sign(body, secret, timestamp)


def event(
    event_type: str,
    obj: dict[str, Any],
    *,
    event_id: str | None = None,
    created: int | None = None,
    livemode: bool = False,
) -> dict[str, Any]:
    """Wrap an API object in an Event envelope."""
    return {
        "id": event_id or _random_id("evt"),
        "object": "event",
        "api_version": API_VERSION,
        "created": int(time.time()) if created is None else created,
        "data": {"object": obj},
        "livemode": livemode,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": event_type,
    }


def balance_transaction(
    *, amount_cents: int, fee_cents: int, currency: str = "usd", txn_id: str | None = None
) -> dict[str, Any]:
    """Return a BalanceTransaction for a charge (what `expand` puts in place of its id)."""
    return {
        "id": txn_id or _random_id("txn"),
        "object": "balance_transaction",
        "amount": amount_cents,
        "currency": currency,
        "fee": fee_cents,
        "fee_details": [
            {
                "amount": fee_cents,
                "currency": currency,
                "description": "Stripe processing fees",
                "type": "stripe_fee",
            }
        ],
        "net": amount_cents - fee_cents,
        "reporting_category": "charge",
        "status": "pending",
        "type": "charge",
    }


def checkout_session(
    *,
    session_id: str,
    donation_public_id: str,
    payment_intent: str | None,
    amount_cents: int,
    currency: str = "usd",
    payment_status: str = "paid",
    mode: str = "payment",
    status: str = "complete",
) -> dict[str, Any]:
    """Return a Checkout Session as Stripe describes it in checkout.session.* events."""
    return {
        "id": session_id,
        "object": "checkout.session",
        "amount_subtotal": amount_cents,
        "amount_total": amount_cents,
        "client_reference_id": donation_public_id,
        "currency": currency,
        "customer_details": {"email": "donor@example.org", "name": None},
        "livemode": False,
        "metadata": {"donation": donation_public_id},
        "mode": mode,
        "payment_intent": payment_intent,
        "payment_status": payment_status,
        "status": status,
        "submit_type": "donate",
        "url": None,
    }


def checkout_completed(
    session_id: str,
    donation_public_id: str,
    payment_intent: str,
    amount_cents: int,
    *,
    event_id: str | None = None,
    currency: str = "usd",
    payment_status: str = "paid",
    mode: str = "payment",
) -> dict[str, Any]:
    """Return a checkout.session.completed event."""
    return event(
        "checkout.session.completed",
        checkout_session(
            session_id=session_id,
            donation_public_id=donation_public_id,
            payment_intent=payment_intent,
            amount_cents=amount_cents,
            currency=currency,
            payment_status=payment_status,
            mode=mode,
        ),
        event_id=event_id,
    )


def monthly_checkout_completed(
    session_id: str, plan_public_id: str, subscription_id: str, amount_cents: int
) -> dict[str, Any]:
    """Return checkout.session.completed for a monthly (subscription-mode) checkout."""
    session = checkout_session(
        session_id=session_id,
        donation_public_id=plan_public_id,
        payment_intent=None,
        amount_cents=amount_cents,
        mode="subscription",
    )
    session.update({"metadata": {"monthly": plan_public_id}, "subscription": subscription_id})
    session.pop("submit_type")
    return event("checkout.session.completed", session)


def invoice(
    *,
    invoice_id: str,
    subscription_id: str,
    plan_public_id: str,
    amount_cents: int,
    status: str = "paid",
    payment_intent: str | None = None,
    shape: str = "parent",
) -> dict[str, Any]:
    """Return an Invoice of a subscription.

    shape="parent" is how current API versions name its subscription
    (`parent.subscription_details`); shape="legacy" the older top-level fields.
    """
    details = {"metadata": {"monthly": plan_public_id}, "subscription": subscription_id}
    obj: dict[str, Any] = {
        "id": invoice_id,
        "object": "invoice",
        "amount_due": amount_cents,
        "amount_paid": amount_cents if status == "paid" else 0,
        "amount_remaining": 0 if status == "paid" else amount_cents,
        "billing_reason": "subscription_cycle",
        "currency": "usd",
        "customer": "cus_test_monthly",
        "livemode": False,
        "status": status,
    }
    if shape == "legacy":
        obj.update(
            {
                "subscription": subscription_id,
                "subscription_details": {"metadata": details["metadata"]},
                "payment_intent": payment_intent,
            }
        )
    else:
        obj["parent"] = {"type": "subscription_details", "subscription_details": details}
    return obj


def invoice_paid(**kwargs: Any) -> dict[str, Any]:
    """Return an invoice.paid event (see `invoice` for the arguments)."""
    return event("invoice.paid", invoice(**kwargs))


def invoice_payment_failed(**kwargs: Any) -> dict[str, Any]:
    """Return an invoice.payment_failed event."""
    return event("invoice.payment_failed", invoice(status="open", **kwargs))


def subscription(
    subscription_id: str, plan_public_id: str, status: str = "active"
) -> dict[str, Any]:
    """Return a Subscription carrying our plan's id in its metadata."""
    return {
        "id": subscription_id,
        "object": "subscription",
        "customer": "cus_test_monthly",
        "livemode": False,
        "metadata": {"monthly": plan_public_id},
        "status": status,
    }


def subscription_deleted(subscription_id: str, plan_public_id: str) -> dict[str, Any]:
    """Return a customer.subscription.deleted event."""
    return event(
        "customer.subscription.deleted",
        subscription(subscription_id, plan_public_id, status="canceled"),
    )


def checkout_expired(
    session_id: str, donation_public_id: str, amount_cents: int, *, event_id: str | None = None
) -> dict[str, Any]:
    """Return a checkout.session.expired event for an unpaid session."""
    return event(
        "checkout.session.expired",
        checkout_session(
            session_id=session_id,
            donation_public_id=donation_public_id,
            payment_intent=None,
            amount_cents=amount_cents,
            payment_status="unpaid",
            status="expired",
        ),
        event_id=event_id,
    )


def charge(
    *,
    charge_id: str,
    payment_intent: str,
    amount_cents: int,
    currency: str = "usd",
    fee_cents: int | None = None,
    amount_refunded: int = 0,
) -> dict[str, Any]:
    """Return a Charge; its balance transaction is expanded when `fee_cents` is given."""
    txn: str | dict[str, Any] = (
        _random_id("txn")
        if fee_cents is None
        else balance_transaction(amount_cents=amount_cents, fee_cents=fee_cents, currency=currency)
    )
    return {
        "id": charge_id,
        "object": "charge",
        "amount": amount_cents,
        "amount_captured": amount_cents,
        "amount_refunded": amount_refunded,
        "balance_transaction": txn,
        "captured": True,
        "currency": currency,
        "livemode": False,
        "metadata": {},
        "paid": True,
        "payment_intent": payment_intent,
        "refunded": amount_refunded == amount_cents,
        "status": "succeeded",
    }


def charge_succeeded(
    charge_id: str,
    payment_intent: str,
    amount_cents: int,
    *,
    fee_cents: int | None = None,
    currency: str = "usd",
    event_id: str | None = None,
) -> dict[str, Any]:
    """Return a charge.succeeded event (with the fee when `fee_cents` is given)."""
    return event(
        "charge.succeeded",
        charge(
            charge_id=charge_id,
            payment_intent=payment_intent,
            amount_cents=amount_cents,
            currency=currency,
            fee_cents=fee_cents,
        ),
        event_id=event_id,
    )


def charge_refunded(
    charge_id: str,
    payment_intent: str,
    amount_cents: int,
    amount_refunded: int,
    *,
    currency: str = "usd",
    event_id: str | None = None,
) -> dict[str, Any]:
    """Return a charge.refunded event carrying the cumulative `amount_refunded`."""
    return event(
        "charge.refunded",
        charge(
            charge_id=charge_id,
            payment_intent=payment_intent,
            amount_cents=amount_cents,
            currency=currency,
            amount_refunded=amount_refunded,
        ),
        event_id=event_id,
    )


# --- the fake API -------------------------------------------------------------------------


def decode_form(body: str) -> dict[str, Any]:
    """Decode Stripe's form encoding (`a[b][0][c]=v`) into nested dicts and lists."""
    root: dict[str, Any] = {}
    for key, value in parse_qsl(body, keep_blank_values=True):
        head = key.split("[", 1)[0]
        parts = [head, *_KEY_PART.findall(key[len(head) :])]
        node: Any = root
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    decoded: dict[str, Any] = _listify(root)
    return decoded


def _listify(node: Any) -> Any:
    if not isinstance(node, dict):
        return node
    if node and all(k.isdigit() for k in node):
        return [_listify(node[k]) for k in sorted(node, key=int)]
    return {k: _listify(v) for k, v in node.items()}


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    params: dict[str, Any]


@dataclass
class _Failure:
    status: int
    times: int | None  # None: until told otherwise
    retryable: bool


@dataclass
class _PaymentIntent:
    charge_id: str | None
    amount_cents: int
    fee_cents: int | None
    currency: str


@dataclass
class FakeStripe:
    """A threaded fake of the Stripe API on an ephemeral loopback port."""

    requests: list[Recorded] = field(default_factory=list)
    sessions: dict[str, dict[str, Any]] = field(default_factory=dict)
    payment_intents: dict[str, _PaymentIntent] = field(default_factory=dict)
    # Subscriptions that DELETE /v1/subscriptions/<id> can cancel: id -> our plan's id.
    subscriptions: dict[str, str] = field(default_factory=dict)
    session_url: bool = True
    _failure: _Failure | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _server: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        assert self._server is not None, "start() the fake first"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> FakeStripe:
        """Serve in a background thread until stop()."""
        fake = self

        class Handler(_Handler):
            owner = fake

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        # A short poll interval keeps stop() (and so each test's teardown) fast.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def fail(self, status: int = 500, *, times: int | None = None, retryable: bool = False) -> None:
        """Answer the next `times` requests (all, if None) with an API error of this status.

        Unless `retryable`, the answer carries `Stripe-Should-Retry: false`, so the client
        gives up at once instead of retrying with back-off.
        """
        self._failure = _Failure(status=status, times=times, retryable=retryable)

    def recover(self) -> None:
        """Answer normally again."""
        self._failure = None

    def add_payment_intent(
        self,
        payment_intent: str,
        *,
        amount_cents: int,
        charge_id: str | None = None,
        fee_cents: int | None = None,
        currency: str = "usd",
    ) -> None:
        """Make GET /v1/payment_intents/<id> answer; no charge_id means no charge yet."""
        self.payment_intents[payment_intent] = _PaymentIntent(
            charge_id=charge_id, amount_cents=amount_cents, fee_cents=fee_cents, currency=currency
        )

    def calls(self, method: str, path_prefix: str) -> list[Recorded]:
        """Return the recorded requests with this method whose path starts with the prefix."""
        with self._lock:
            return [
                r for r in self.requests if r.method == method and r.path.startswith(path_prefix)
            ]

    # -- request handling (called from the server's threads) --

    def _take_failure(self) -> _Failure | None:
        with self._lock:
            failure = self._failure
            if failure is None:
                return None
            if failure.times is not None:
                failure.times -= 1
                if failure.times <= 0:
                    self._failure = None
            return failure

    def _record(self, recorded: Recorded) -> None:
        with self._lock:
            self.requests.append(recorded)

    def _create_session(
        self, params: dict[str, Any], idempotency_key: str | None
    ) -> dict[str, Any]:
        with self._lock:
            if idempotency_key and idempotency_key in self.sessions:
                return self.sessions[idempotency_key]
            session_id = _random_id("cs")
            items = params.get("line_items") or []
            amount = sum(
                int(item["price_data"]["unit_amount"]) * int(item.get("quantity", 1))
                for item in items
            )
            currency = items[0]["price_data"]["currency"] if items else "usd"
            session = {
                "id": session_id,
                "object": "checkout.session",
                "amount_subtotal": amount,
                "amount_total": amount,
                "cancel_url": params.get("cancel_url"),
                "client_reference_id": params.get("client_reference_id"),
                "currency": currency,
                "customer_email": params.get("customer_email"),
                "livemode": False,
                "metadata": params.get("metadata", {}),
                "mode": params.get("mode"),
                "payment_intent": None,
                "payment_status": "unpaid",
                "status": "open",
                "success_url": params.get("success_url"),
                "url": f"{self.url}/pay/{session_id}" if self.session_url else None,
            }
            self.sessions[idempotency_key or session_id] = session
            return session

    def _payment_intent(self, payment_intent: str) -> dict[str, Any] | None:
        found = self.payment_intents.get(payment_intent)
        if found is None:
            return None
        latest_charge: dict[str, Any] | None = None
        if found.charge_id is not None:
            latest_charge = charge(
                charge_id=found.charge_id,
                payment_intent=payment_intent,
                amount_cents=found.amount_cents,
                currency=found.currency,
                fee_cents=found.fee_cents,
            )
        return {
            "id": payment_intent,
            "object": "payment_intent",
            "amount": found.amount_cents,
            "amount_received": found.amount_cents if latest_charge else 0,
            "currency": found.currency,
            "latest_charge": latest_charge,
            "livemode": False,
            "metadata": {},
            "status": "succeeded" if latest_charge else "requires_payment_method",
        }


class _Handler(BaseHTTPRequestHandler):
    owner: FakeStripe
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet."""

    def _reply(
        self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None
    ) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Request-Id", _random_id("req"))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _error(self, status: int, error_type: str, message: str, **extra: str) -> None:
        headers = {}
        if "should_retry" in extra:
            headers["Stripe-Should-Retry"] = extra.pop("should_retry")
        self._reply(status, {"error": {"type": error_type, "message": message, **extra}}, headers)

    def _handle(self, method: str) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        params = decode_form(body if method == "POST" else parts.query)
        fake = self.owner
        fake._record(
            Recorded(
                method=method,
                path=parts.path,
                headers={k.lower(): v for k, v in self.headers.items()},
                params=params,
            )
        )
        failure = fake._take_failure()
        if failure is not None:
            self._error(
                failure.status,
                "api_error",
                "The fake was told to fail.",
                should_retry="true" if failure.retryable else "false",
            )
            return
        if not (self.headers.get("Authorization") or "").startswith("Bearer sk_"):
            self._error(HTTPStatus.UNAUTHORIZED, "invalid_request_error", "Invalid API Key.")
            return
        if method == "POST" and parts.path == "/v1/checkout/sessions":
            session = fake._create_session(params, self.headers.get("Idempotency-Key"))
            self._reply(HTTPStatus.OK, session)
            return
        if method == "DELETE" and parts.path.startswith("/v1/subscriptions/"):
            subscription_id = parts.path.rsplit("/", 1)[1]
            plan = fake.subscriptions.pop(subscription_id, None)
            if plan is not None:
                self._reply(HTTPStatus.OK, subscription(subscription_id, plan, "canceled"))
                return
        if method == "GET" and parts.path.startswith("/v1/payment_intents/"):
            intent = fake._payment_intent(parts.path.rsplit("/", 1)[1])
            if intent is not None:
                self._reply(HTTPStatus.OK, intent)
                return
        self._error(
            HTTPStatus.NOT_FOUND,
            "invalid_request_error",
            f"No such resource: {parts.path}",
            code="resource_missing",
        )

    def do_GET(self) -> None:
        """Serve a retrieve."""
        self._handle("GET")

    def do_POST(self) -> None:
        """Serve a create."""
        self._handle("POST")

    def do_DELETE(self) -> None:
        """Serve a cancel."""
        self._handle("DELETE")
