"""The back office works on the support program's records: reuse its fixtures."""

from tests.aid.conftest import details, logan  # noqa: F401 - fixtures
