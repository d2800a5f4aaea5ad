import logging

from callidarity.core.logging import KeyValueFormatter


def _record(**extra: object) -> logging.LogRecord:
    record = logging.LogRecord("callidarity.test", logging.WARNING, __file__, 1, "x.y", None, None)
    record.__dict__.update(extra)
    return record


def test_structured_fields_follow_the_event_name() -> None:
    line = KeyValueFormatter("%(levelname)s %(name)s %(message)s").format(
        _record(event_id="evt_1", donation_id=7)
    )
    assert line == "WARNING callidarity.test x.y donation_id=7 event_id='evt_1'"


def test_a_plain_record_is_unchanged() -> None:
    line = KeyValueFormatter("%(levelname)s %(message)s").format(_record())
    assert line == "WARNING x.y"
