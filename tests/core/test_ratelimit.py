"""Fixed-window rate limits per client and scope, kept in the shared cache."""

from __future__ import annotations

import time
import types
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.http import HttpRequest
from django.test import RequestFactory
from pytest_django.fixtures import Settings

from callidarity.core import ratelimit
from callidarity.core.ratelimit import allow, client_ip


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def _request(ip: str = "203.0.113.7", forwarded: str | None = None) -> HttpRequest:
    request = RequestFactory().post("/campaigns/phones/donate/")
    request.META["REMOTE_ADDR"] = ip
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return request


def test_allows_up_to_the_limit_then_refuses() -> None:
    results = [allow(_request(), "donate", limit=3) for _ in range(5)]
    assert results == [True, True, True, False, False]


def test_default_limit_comes_from_settings(settings: Settings) -> None:
    settings.RATELIMIT_PER_HOUR = 2
    assert [allow(_request(), "donate") for _ in range(3)] == [True, True, False]


def test_counts_each_client_and_scope_separately() -> None:
    assert allow(_request("203.0.113.7"), "donate", limit=1) is True
    assert allow(_request("203.0.113.7"), "donate", limit=1) is False
    assert allow(_request("198.51.100.2"), "donate", limit=1) is True
    assert allow(_request("203.0.113.7"), "subscribe", limit=1) is True


def test_disabled_limits_always_allow(settings: Settings) -> None:
    settings.RATELIMIT_ENABLED = False
    assert all(allow(_request(), "donate", limit=1) for _ in range(5))


def test_the_cache_never_holds_the_address_in_clear() -> None:
    allow(_request("203.0.113.7"), "donate", limit=5)
    keys = list(cache._cache.keys())  # type: ignore[attr-defined]
    assert len(keys) == 1
    assert "rl:donate:" in keys[0]
    assert "203.0.113.7" not in keys[0]


def test_a_new_window_starts_after_the_old_one_expires(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = types.SimpleNamespace(now=time.time())
    fake_time = types.SimpleNamespace(time=lambda: clock.now)
    # The cache computes expiry in base.py and checks it in locmem.py: move both clocks.
    monkeypatch.setattr("django.core.cache.backends.base.time", fake_time)
    monkeypatch.setattr("django.core.cache.backends.locmem.time", fake_time)
    assert [allow(_request(), "donate", limit=1, window=60) for _ in range(2)] == [True, False]
    clock.now += 61
    assert [allow(_request(), "donate", limit=1, window=60) for _ in range(2)] == [True, False]


def test_a_key_expiring_between_add_and_incr_starts_a_new_window(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class ExpiringCache:
        def __init__(self) -> None:
            self.adds: list[str] = []

        def add(self, key: str, value: int, timeout: int) -> bool:
            self.adds.append(key)
            return len(self.adds) > 1  # the first add finds the key; the retry recreates it

        def incr(self, key: str) -> int:
            raise ValueError(key)

    fake = ExpiringCache()
    monkeypatch.setattr(ratelimit, "cache", fake)
    assert allow(_request(), "donate", limit=1) is True
    assert len(fake.adds) == 2
    assert fake.adds[0] == fake.adds[1]


def test_client_ip_ignores_forwarded_for_unless_trusted(settings: Settings) -> None:
    request = _request("10.0.0.1", forwarded="203.0.113.7, 10.0.0.1")
    assert client_ip(request) == "10.0.0.1"
    settings.USE_X_FORWARDED_FOR = True
    assert client_ip(request) == "203.0.113.7"
    assert client_ip(_request("10.0.0.1")) == "10.0.0.1"


def test_trusted_forwarded_for_counts_the_original_client(settings: Settings) -> None:
    settings.USE_X_FORWARDED_FOR = True
    proxy = "10.0.0.1"
    assert allow(_request(proxy, forwarded="203.0.113.7"), "donate", limit=1) is True
    assert allow(_request(proxy, forwarded="203.0.113.7"), "donate", limit=1) is False
    assert allow(_request(proxy, forwarded="198.51.100.2"), "donate", limit=1) is True
