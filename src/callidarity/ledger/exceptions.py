"""Why the ledger refused a posting."""


class LedgerError(Exception):
    """A posting or reversal was refused; nothing was written."""


class UnbalancedTransaction(LedgerError):
    """The lines do not sum to zero."""


class InvalidPosting(LedgerError):
    """The lines are malformed: fewer than two, zero amounts, or mixed currencies."""


class InsufficientFunds(LedgerError):
    """The posting would take a fund below zero."""

    def __init__(self, account_code: str, balance_cents: int, needed_cents: int) -> None:
        self.account_code = account_code
        self.balance_cents = balance_cents
        self.needed_cents = needed_cents
        super().__init__(
            f"{account_code} holds {balance_cents} cents; the posting needs {needed_cents}."
        )


class ImmutableEntry(LedgerError):
    """Entries are append-only: correct with a new transaction, never an edit."""
