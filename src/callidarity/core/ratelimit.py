"""Fixed-window rate limits kept in the shared cache, so every process sees the same count."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """Return the client's address (the proxy's X-Forwarded-For first hop when trusted)."""
    if getattr(settings, "USE_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return str(forwarded).split(",")[0].strip()
    return str(request.META.get("REMOTE_ADDR", ""))


def allow(
    request: HttpRequest, scope: str, *, limit: int | None = None, window: int = 3600
) -> bool:
    """Count one submission to `scope` from this client; return False once over the limit."""
    if not settings.RATELIMIT_ENABLED:
        return True
    limit = settings.RATELIMIT_PER_HOUR if limit is None else limit
    # Addresses are hashed so the cache never holds a visitor's IP in clear.
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client_ip(request)}".encode()).hexdigest()
    key = f"rl:{scope}:{digest[:32]}"
    if cache.add(key, 1, timeout=window):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return True
    return count <= limit
