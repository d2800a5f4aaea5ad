"""Environment for the test run, set before Django reads its settings (loaded with -p)."""

import base64
import os
import secrets

os.environ.setdefault("DEBUG", "1")  # development settings; Django's test runner turns DEBUG off
os.environ.setdefault("CACHE_URL", "locmem://")
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
os.environ.setdefault("ALLOWED_HOSTS", "*")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # live_server with Playwright
for name in ("STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_BASE", "EMAIL_URL"):
    os.environ.pop(name, None)
# Field encryption keys for this run only (production reads them from the environment too).
os.environ.setdefault(
    "FIELD_ENCRYPTION_KEYS", base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
)
os.environ.setdefault("FIELD_HASH_KEY", secrets.token_urlsafe(48))
