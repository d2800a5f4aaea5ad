"""Run callables at the same moment, each on its own database connection (PostgreSQL tests)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connections


def run_in_threads(targets: list[Callable[[], str]]) -> list[str]:
    """Start every target at once, each on its own connection; return what each reported."""
    start = threading.Barrier(len(targets))
    results: list[str] = []
    lock = threading.Lock()

    def run(target: Callable[[], str]) -> None:
        try:
            start.wait(timeout=10)
            outcome = target()
        except Exception as exc:  # reported as an outcome; the test asserts on the counts
            outcome = f"{type(exc).__name__}: {exc}"
        finally:
            connections.close_all()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=run, args=(target,)) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a poster is stuck"
    return results
