"""Who may open which URL: one dict for the whole site, and a walker that checks it.

`MATRIX` names every URL pattern outside Django's admin (the admin's own pages follow
ModelAdmin permissions, checked in test_admin.py) and says, for each persona, what a GET
should do. Add a new app's URLs here as `"app:name": staff(Role.X, sensitive=True)`; then
`walk(client, "app", kwargs={...})` requests every URL of the app as every persona and
returns the mismatches, and fails on any URL of the app the matrix does not list.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.contrib.auth.models import User
from django.http import HttpResponseBase
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from callidarity.accounts.roles import Role

from .staff import log_in, make_staff


class Access(enum.Enum):
    PUBLIC = "public"  # anyone; not walked (the answer depends on data, not on who asks)
    OK = "ok"  # the page (200), or 405 from a POST-only view past its guard
    LOGIN = "login"  # redirect to the admin login with ?next=
    TWO_FACTOR = "two-factor"  # redirect to verify (or set up) a second factor
    FORBIDDEN = "forbidden"  # 403


# Who asks. "+2fa": the session passed a second factor; without it, a password-only session
# of someone who has an authenticator. "staff": is_staff, no role, no authenticator.
ANONYMOUS = "anonymous"
NO_ROLE = "staff"
_ROLE_PERSONAS = {
    "superuser": None,
    **{role.value: role for role in Role},
}
PERSONAS: tuple[str, ...] = (
    ANONYMOUS,
    NO_ROLE,
    *(name + suffix for name in _ROLE_PERSONAS for suffix in ("", "+2fa")),
)

Expectation = Mapping[str, Access]


def public() -> Expectation:
    """Return the expectation for a public page: everyone, not walked."""
    return dict.fromkeys(PERSONAS, Access.PUBLIC)


def staff(*roles: Role, sensitive: bool = False) -> Expectation:
    """Return the expectation for a staff page open to these roles (organizers always)."""
    allowed = {Role.ORGANIZER, *roles}
    expected: dict[str, Access] = {ANONYMOUS: Access.LOGIN, NO_ROLE: Access.FORBIDDEN}
    for name, role in _ROLE_PERSONAS.items():
        holds = role is None or role in allowed  # superusers count as organizers
        expected[name + "+2fa"] = Access.OK if holds else Access.FORBIDDEN
        if not holds:
            expected[name] = Access.FORBIDDEN
        else:
            expected[name] = Access.TWO_FACTOR if sensitive else Access.OK
    return expected


EVERY_ROLE = tuple(Role)

# url key ("namespace:name", or the route for an unnamed pattern) -> expectation.
MATRIX: dict[str, Expectation] = {
    # Site-wide.
    "healthz": public(),
    "favicon.ico": public(),
    "set_language": public(),
    r"^media/(?P<path>.*)$": public(),  # development only (DEBUG)
    # Campaigns.
    "campaigns:home": public(),
    "campaigns:campaign-detail": public(),
    "campaigns:campaign-donate": public(),
    "campaigns:campaign-wall": public(),
    "campaigns:wallpost-report": public(),
    "campaigns:campaign-thanks": public(),
    "campaigns:update-list": public(),
    "campaigns:update-detail": public(),
    "campaigns:subscribe": public(),
    "campaigns:subscribe-sent": public(),
    "campaigns:subscribe-confirm": public(),
    "campaigns:unsubscribe": public(),
    "campaigns:campaign-embed": public(),
    "campaigns:campaign-api": public(),
    # Donations.
    "donations:stripe-webhook": public(),
    "donations:sandbox-checkout": public(),
    "donations:sandbox-monthly-checkout": public(),
    "donations:monthly-cancel": public(),
    "donations:statement-request": public(),
    "donations:statement-sent": public(),
    "donations:receipt-pdf": public(),
    "donations:statement-pdf": public(),
    # The support program's public intake form (a family member asks for support).
    "aid:request-create": public(),
    "aid:request-thanks": public(),
    "aid:impact": public(),
    # Advocacy.
    "advocacy:target-api": public(),
    "advocacy:action-detail": public(),
    "advocacy:action-call": public(),
    "advocacy:action-districts": public(),
    "advocacy:action-embed": public(),
    "advocacy:letter-review": public(),
    "advocacy:letter-pdf": public(),
    "advocacy:petition-signed": public(),
    "advocacy:unsubscribe": public(),
    # Events.
    "events:event-list": public(),
    "events:event-feed": public(),
    "events:event-detail": public(),
    "events:event-ics": public(),
    "events:rsvp-thanks": public(),
    "events:rsvp-cancel": public(),
    # Bills.
    "legislation:bill-list": public(),
    "legislation:bill-detail": public(),
    # Following a bill, and witness slips.
    "legislation:bill-follow": public(),
    "legislation:follow-sent": public(),
    "legislation:follow-confirm": public(),
    "legislation:follow-unsubscribe": public(),
    "legislation:hearing-detail": public(),
    # The library, partners and press.
    "library:library-home": public(),
    "library:partner-list": public(),
    "library:resource-detail": public(),
    "library:resource-file": public(),
    "library:press-list": public(),
    # Cases' public "Bring her home" pages (an unpublished one is a 404, but for staff
    # who may open cases, who preview it).
    "cases:page-list": public(),
    "cases:page-detail": public(),
    "cases:page-photo": public(),
    # Volunteers and in-kind drives.
    "volunteers:signup": public(),
    "volunteers:signup-sent": public(),
    "volunteers:signup-confirm": public(),
    "volunteers:volunteer-stop": public(),
    "volunteers:drive-list": public(),
    "volunteers:drive-detail": public(),
    "volunteers:pledge-thanks": public(),
    "volunteers:pledge-cancel": public(),
    # Staff pages beside the admin.
    # The organizers' own pages of the support program (counts only on the first).
    "backoffice:support-home": staff(*EVERY_ROLE),
    # Volunteers' names, phones and ZIP codes near a facility.
    "backoffice:volunteers-near": staff(),
    "backoffice:request-list": staff(Role.CASEWORKER, sensitive=True),
    "backoffice:request-new": staff(Role.CASEWORKER, sensitive=True),
    "backoffice:request-detail": staff(Role.CASEWORKER, sensitive=True),
    "backoffice:request-decide": staff(Role.CASEWORKER, sensitive=True),
    "backoffice:run-list": staff(Role.TREASURER, sensitive=True),
    "backoffice:run-detail": staff(Role.TREASURER, sensitive=True),
    "backoffice:run-act": staff(Role.TREASURER, sensitive=True),
    "backoffice:run-sheet-csv": staff(Role.TREASURER, sensitive=True),
    "backoffice:run-sheet-pdf": staff(Role.TREASURER, sensitive=True),
    "backoffice:runway": staff(Role.TREASURER, sensitive=True),
    "backoffice:action-list": staff(Role.MODERATOR),
    "backoffice:action-report": staff(),
    "backoffice:action-signatures": staff(Role.MODERATOR),
    "backoffice:petition-pdf": staff(Role.MODERATOR),
    "backoffice:bills-week": staff(),
    "reports:exports": staff(Role.TREASURER),
    "accounts:account-detail": staff(*EVERY_ROLE),
    "accounts:two-factor-verify": staff(*EVERY_ROLE),
    # A password-only session of someone with an authenticator must verify first.
    "accounts:two-factor-setup": staff(*EVERY_ROLE, sensitive=True),
    "accounts:recovery-codes-regenerate": staff(*EVERY_ROLE, sensitive=True),
}


@dataclass(frozen=True)
class Route:
    key: str  # "namespace:name", or the route itself when the pattern has no name
    route: str  # the full route, e.g. "admin/2fa/setup/"
    namespace: str  # "" for none; the outermost first, joined by ":"
    callback: Callable[..., HttpResponseBase]


def iter_routes(
    patterns: list[URLPattern | URLResolver] | None = None,
    *,
    prefix: str = "",
    namespace: str = "",
) -> Iterator[Route]:
    """Yield every URL pattern of the project, nested includes and all."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from iter_routes(pattern.url_patterns, prefix=route, namespace=inner)
        else:
            if pattern.name:
                key = f"{namespace}:{pattern.name}" if namespace else pattern.name
            else:
                key = route
            yield Route(key=key, route=route, namespace=namespace, callback=pattern.callback)


def site_routes() -> list[Route]:
    """Return every route except Django admin's own (namespace "admin")."""
    return [r for r in iter_routes() if r.namespace.split(":")[0] != "admin"]


def outcome(response: HttpResponseBase) -> Access | str:
    """Classify a response as one of the Access outcomes (or describe it when it is none)."""
    # 405: a POST-only view (staff_view outermost) let the GET past its guard.
    if response.status_code in (200, 405):
        return Access.OK
    if response.status_code == 403:
        return Access.FORBIDDEN
    if response.status_code in (301, 302):
        path = urlsplit(response["Location"]).path
        if path == reverse("admin:login"):
            return Access.LOGIN
        if path in (reverse("accounts:two-factor-verify"), reverse("accounts:two-factor-setup")):
            return Access.TWO_FACTOR
        return f"redirect to {path}"
    return f"status {response.status_code}"


def persona_user(persona: str) -> User | None:
    """Create the user a persona stands for (None for the anonymous visitor)."""
    if persona == ANONYMOUS:
        return None
    if persona == NO_ROLE:
        return make_staff("persona-staff", two_factor=False)
    name = persona.removesuffix("+2fa")
    role = _ROLE_PERSONAS[name]
    return make_staff(
        f"persona-{persona.replace('+', '-')}",
        roles=[role] if role is not None else [],
        superuser=role is None,
    )


def walk(
    client: Client,
    namespace: str,
    *,
    kwargs: Mapping[str, Mapping[str, Any]] | None = None,
    matrix: Mapping[str, Expectation] = MATRIX,
) -> list[str]:
    """GET every URL of a namespace as every persona; return what differs from the matrix.

    `kwargs` gives the URL arguments by key ("aid:member-detail": {"pk": member.pk}).
    A URL of the namespace missing from the matrix is a mismatch too.
    """
    kwargs = kwargs or {}
    routes = [r for r in site_routes() if r.namespace == namespace]
    problems = [f"{r.key}: not in the matrix" for r in routes if r.key not in matrix]
    users = {persona: persona_user(persona) for persona in PERSONAS}
    for route in routes:
        expected = matrix.get(route.key)
        if expected is None:
            continue
        url = reverse(route.key, kwargs=kwargs.get(route.key))
        for persona in PERSONAS:
            if expected[persona] is Access.PUBLIC:
                continue
            client.logout()
            user = users[persona]
            if user is not None:
                log_in(client, user, verified=persona.endswith("+2fa"))
            got = outcome(client.get(url))
            if got != expected[persona]:
                shown = got.value if isinstance(got, Access) else got
                problems.append(
                    f"{route.key} as {persona}: expected {expected[persona].value}, got {shown}"
                )
    client.logout()
    return problems
