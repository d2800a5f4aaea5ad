import pytest

from callidarity.core.money import Money
from callidarity.ledger.models import Account, Transaction
from callidarity.ledger.services import post


@pytest.fixture
def gift(processor: Account, fund: Account) -> Transaction:
    """A $25 card gift into the test fund."""
    return post(
        kind=Transaction.Kind.GIFT,
        lines=[(processor, Money(2500, "USD")), (fund, Money(-2500, "USD"))],
        idempotency_key="gift",
    )
