"""Environment for the test run, set before Django reads its settings (loaded with -p)."""

import os

os.environ.setdefault("DEBUG", "1")  # development settings; Django's test runner turns DEBUG off
os.environ.setdefault("CACHE_URL", "locmem://")
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
os.environ.setdefault("ALLOWED_HOSTS", "*")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # live_server with Playwright
for name in ("STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_BASE", "EMAIL_URL"):
    os.environ.pop(name, None)
