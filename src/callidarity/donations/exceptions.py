"""Why a donation could not be started or recorded."""


class DonationError(Exception):
    """A donation could not be started or recorded; the message is safe to show."""


class CheckoutUnavailable(DonationError):
    """The payment processor could not open a checkout; the donor may try again later."""


class PaymentNotYetRecorded(DonationError):
    """An event refers to a payment not recorded yet (events arrived out of order).

    The webhook answers 5xx, so the processor delivers it again later.
    """


class WebhookRejected(DonationError):
    """The webhook's signature, timestamp or body is invalid; nothing is written."""
