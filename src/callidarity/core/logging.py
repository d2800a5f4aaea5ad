"""A log format that shows the structured fields passed as `extra=`."""

import logging

# Attributes every LogRecord has; anything else came from `extra=` and is worth showing.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


class KeyValueFormatter(logging.Formatter):
    """Format a record as '<time> <level> <logger> <event> key=value …'."""

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        extras = {k: v for k, v in vars(record).items() if k not in _STANDARD}
        if extras:
            fields = " ".join(f"{key}={value!r}" for key, value in sorted(extras.items()))
            head, sep, tail = line.partition("\n")  # keep a traceback below the fields
            line = f"{head} {fields}{sep}{tail}"
        return line
