"""Why the accounts app refused a write."""


class AccountsError(Exception):
    """A write to staff accounts, two-factor devices or the audit log was refused."""


class AuditLogIsAppendOnly(AccountsError):
    """Audit events are never changed or deleted: the log is evidence."""


class InvalidAuditEvent(AccountsError):
    """An audit event named a field the object does not have, an unsaved object or a bad action."""


class InvalidToken(AccountsError):
    """The one-time code was refused: wrong, reused, expired, or sent too soon after a miss."""

    def __init__(self, message: str, *, throttled: bool = False) -> None:
        # throttled: django-otp makes each device wait 1, 2, 4… seconds after each miss.
        self.throttled = throttled
        super().__init__(message)
