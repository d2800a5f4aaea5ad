# Callidarity: `make run` serves the demo on SQLite; `make test` runs lint and every test.
SHELL := /bin/bash
UV ?= uv
export UV_PYTHON_PREFERENCE := only-system
export UV_PYTHON_DOWNLOADS := never
CALLIDARITY := $(UV) run --locked --no-sync callidarity
PYTEST := $(UV) run --locked --no-sync pytest

.PHONY: run install messages lint test test-sqlite test-postgres test-browser bench-smoke makemessages clean

install: ## Install Python dependencies (uv), axe-core (npm) and compile translations.
	@command -v $(UV) >/dev/null || python3 -m pip install --quiet uv
	$(UV) sync --locked
	@if [ -f package-lock.json ] && command -v npm >/dev/null; then npm ci --silent --no-audit --no-fund; fi
	$(MAKE) --no-print-directory messages

messages:
	cd src/callidarity && DEBUG=1 CALLIDARITY_VAR_DIR=$(CURDIR)/var $(UV) run --locked --no-sync callidarity compilemessages -v0

run: install ## Serve the demo at http://127.0.0.1:8000 on SQLite.
	DEBUG=1 $(CALLIDARITY) migrate --no-input -v0
	DEBUG=1 $(CALLIDARITY) demo
	DEBUG=1 $(CALLIDARITY) runserver 127.0.0.1:8000

lint: ## ruff, ruff format --check, mypy, import-linter, migrations up to date.
	$(UV) run --locked --no-sync ruff check .
	$(UV) run --locked --no-sync ruff format --check .
	DEBUG=1 $(UV) run --locked --no-sync mypy
	$(UV) run --locked --no-sync lint-imports
	DEBUG=1 $(CALLIDARITY) makemigrations --check --dry-run -v0

test: install lint test-sqlite test-postgres bench-smoke ## Lint and the whole suite, on SQLite and PostgreSQL.

test-sqlite:
	$(PYTEST) -m "not postgres"

test-postgres: ## The PostgreSQL suite, on a throw-away cluster started and removed here.
	bash scripts/with-postgres.sh $(PYTEST) -m "postgres or not browser"

bench-smoke: ## Run each benchmark at a tiny size (figures are printed, not asserted).
	bash scripts/with-postgres.sh $(UV) run --locked --no-sync python bench/ledger_balance.py --smoke
	bash scripts/with-postgres.sh $(UV) run --locked --no-sync python bench/webhooks.py --smoke
	bash scripts/with-postgres.sh $(UV) run --locked --no-sync python bench/fanout.py --smoke
	bash scripts/with-postgres.sh $(UV) run --locked --no-sync python bench/disbursement.py --smoke

makemessages: ## Refresh the Spanish catalogue from the code and templates.
	cd src/callidarity && DEBUG=1 CALLIDARITY_VAR_DIR=$(CURDIR)/var $(UV) run --locked --no-sync callidarity makemessages -l es --no-obsolete --no-location -v0

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache
