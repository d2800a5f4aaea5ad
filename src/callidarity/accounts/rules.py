"""Who may do what: the one table of capabilities, the roles holding them, and the admin's models.

Every permission check in the project goes through `selectors.can()`, which reads only this
module. A capability is a dotted name for a slice of the back office ("aid.members"); it is
held by the roles listed here, and organizers hold every capability. A capability not in the
table (or a view or ModelAdmin that declares none) is organizer-only and needs a verified
two-factor session: an undeclared page may well show people inside, so it fails closed.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from .roles import Role

ORGANIZER = Role.ORGANIZER
CASEWORKER = Role.CASEWORKER
TREASURER = Role.TREASURER
MODERATOR = Role.MODERATOR
ALL_ROLES = frozenset(Role)

CAPABILITIES: Mapping[str, frozenset[Role]] = MappingProxyType(
    {
        # The staff member's own account: their two-factor device and recovery codes.
        "accounts.self": ALL_ROLES,
        # Staff users, role groups, two-factor devices: whoever holds these can let anyone in.
        "accounts.users": frozenset({ORGANIZER}),
        "accounts.devices": frozenset({ORGANIZER}),
        "accounts.audit": frozenset({ORGANIZER}),
        # The support program.
        "aid.members": frozenset({ORGANIZER, CASEWORKER}),
        "aid.requests": frozenset({ORGANIZER, CASEWORKER}),
        "aid.plans": frozenset({ORGANIZER, CASEWORKER}),
        # Facilities are public facts (addresses, vendors, rates); both desks need them.
        "aid.facilities": frozenset({ORGANIZER, CASEWORKER, TREASURER}),
        "aid.disbursements": frozenset({ORGANIZER, TREASURER}),
        # Money.
        "donations": frozenset({ORGANIZER, TREASURER}),
        "ledger": frozenset({ORGANIZER, TREASURER}),
        "reports.exports": frozenset({ORGANIZER, TREASURER}),
        # Advocacy: the officials actions are aimed at (public facts), and the actions.
        "advocacy.targets": frozenset({ORGANIZER}),
        "advocacy.actions": frozenset({ORGANIZER}),
        # Who took which action: supporters' emails, letters, follow-up emails to them.
        "advocacy.taken": frozenset({ORGANIZER}),
        # Petition signatures held for review (a flood from one connection).
        "advocacy.signatures": frozenset({ORGANIZER, MODERATOR}),
        # Events and their RSVPs (attendees' names, emails and phones).
        "events": frozenset({ORGANIZER}),
        # Bills, their history and our position (public facts once published), hearings,
        # and who follows a bill or filed a witness slip (supporters' emails).
        "legislation": frozenset({ORGANIZER}),
        # Cases on the road home (clemency, resentencing, parole): people inside, like members.
        "cases": frozenset({ORGANIZER, CASEWORKER}),
        # Volunteers (names, phones, ZIP codes) and in-kind drives with their pledges.
        "volunteers": frozenset({ORGANIZER}),
        # Public pages.
        "campaigns.wall": frozenset({ORGANIZER, MODERATOR}),
        "campaigns.manage": frozenset({ORGANIZER}),
        # The library (resources, partners) and the press page: public once published.
        "library": frozenset({ORGANIZER}),
        # Supporters' emails and consent, the emails sent to them, the task queue.
        "supporters": frozenset({ORGANIZER}),
        "notifications": frozenset({ORGANIZER}),
        "tasks": frozenset({ORGANIZER}),
    }
)

# Capabilities that need a verified two-factor session (django-otp's `user.is_verified()`):
# those that show people inside, and those that could let someone past two-factor (whoever
# edits users or devices can read a secret, drop a device or make a new account).
SENSITIVE: frozenset[str] = frozenset(
    {
        "aid.members",
        "aid.requests",
        "aid.plans",
        "aid.disbursements",
        "cases",
        "accounts.users",
        "accounts.devices",
        "accounts.audit",
    }
)

# The admin follows the same table: each registered model (app_label.model_name) names its
# capability here, or its ModelAdmin sets `capability` (see accounts.admin.RoleAdminMixin).
ADMIN_CAPABILITIES: Mapping[str, str] = MappingProxyType(
    {
        "auth.user": "accounts.users",
        "auth.group": "accounts.users",
        "otp_totp.totpdevice": "accounts.devices",
        "otp_static.staticdevice": "accounts.devices",
        "otp_static.statictoken": "accounts.devices",
        "accounts.auditevent": "accounts.audit",
        "aid.member": "aid.members",
        "aid.supportrequest": "aid.requests",
        "aid.supportplan": "aid.plans",
        "aid.facility": "aid.facilities",
        "aid.depositvendor": "aid.facilities",
        "aid.depositfeetier": "aid.facilities",
        "aid.disbursementrun": "aid.disbursements",
        "aid.disbursementline": "aid.disbursements",
        "donations.donation": "donations",
        "donations.recurringdonation": "donations",
        "donations.stripeevent": "donations",
        "ledger.account": "ledger",
        "ledger.transaction": "ledger",
        "ledger.entry": "ledger",
        "campaigns.campaign": "campaigns.manage",
        "campaigns.update": "campaigns.manage",
        "campaigns.wallpost": "campaigns.wall",
        # A subscription is a supporter's email address.
        "campaigns.subscription": "supporters",
        "supporters.supporter": "supporters",
        "notifications.delivery": "notifications",
        "django_tasks_database.dbtaskresult": "tasks",
        "advocacy.target": "advocacy.targets",
        "advocacy.targetoffice": "advocacy.targets",
        "advocacy.districtzip": "advocacy.targets",
        "advocacy.action": "advocacy.actions",
        "advocacy.actiontaken": "advocacy.taken",
        "advocacy.letter": "advocacy.taken",
        "advocacy.follower": "advocacy.taken",
        "advocacy.outreach": "advocacy.taken",
        "advocacy.signature": "advocacy.signatures",
        "events.event": "events",
        "events.rsvp": "events",
        "library.tag": "library",
        "library.resource": "library",
        "library.partner": "library",
        "library.pressitem": "library",
        "legislation.bill": "legislation",
        "legislation.billaction": "legislation",
        "legislation.sponsorship": "legislation",
        "legislation.stagechange": "legislation",
        "legislation.billfollower": "legislation",
        "legislation.hearing": "legislation",
        "legislation.witnessslip": "legislation",
        "volunteers.volunteer": "volunteers",
        "volunteers.volunteersignup": "volunteers",
        "volunteers.drive": "volunteers",
        "volunteers.pledge": "volunteers",
        "cases.case": "cases",
        "cases.hearing": "cases",
        "cases.stagechange": "cases",
        "cases.casepage": "cases",
        "cases.consent": "cases",
    }
)


def roles_for(capability: str | None) -> frozenset[Role]:
    """Return the roles that hold a capability (organizers only when it is not in the table)."""
    if capability is None:
        return frozenset({ORGANIZER})
    return CAPABILITIES.get(capability, frozenset()) | {ORGANIZER}


def is_sensitive(capability: str | None) -> bool:
    """Return True when the capability needs a verified two-factor session."""
    return capability is None or capability not in CAPABILITIES or capability in SENSITIVE


def admin_capability_for(model_label: str) -> str | None:
    """Return the capability declared for an admin model ("app_label.model_name"), if any."""
    return ADMIN_CAPABILITIES.get(model_label)
