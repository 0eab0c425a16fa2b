# One command each for the everyday tasks. `make serve` and `make test` are all a newcomer needs.

# The first Python that is 3.12 or newer: pyenv's shims for versions that are not selected fail
# when run, so each candidate is asked for its version rather than just looked up.
PYTHON ?= $(shell for candidate in python3 python3.13 python3.12 \
	$$(pyenv root 2>/dev/null)/versions/3.1[2-9]*/bin/python3; do \
	"$$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 \
	&& { echo "$$candidate"; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
WORKERS ?= 2
LOCALES := -l nl -l en
CHROMIUM := /usr/bin/chromium
AXE := tests/browser/node_modules/axe-core/axe.min.js
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

.PHONY: install browser-deps serve test test-browser screenshots ci lint format check messages lock clean \
	bench bench-production bench-faults lighthouse

$(BIN)/.installed: requirements.lock
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed (see README.md)." >&2; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	@touch $@

install: $(BIN)/.installed

## What the browser tests need besides Python: Debian's Chromium and axe-core (tests only).
browser-deps: $(CHROMIUM) $(AXE)

$(CHROMIUM):
	@echo "Installing Debian's chromium for the browser tests (Playwright never downloads one)."
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q chromium \
		|| { $(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q chromium; }

$(AXE): tests/browser/package.json tests/browser/package-lock.json
	npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
	@touch $@

## Serve the site with the seed programme at http://127.0.0.1:$(PORT) (SQLite unless DATABASE_URL is set).
serve: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_seed
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	GUNICORN_BIND=127.0.0.1:$(PORT) GUNICORN_WORKERS=$(WORKERS) \
		$(BIN)/gunicorn -c bzkmemory/gunicorn_conf.py bzkmemory.wsgi

## Run the whole test suite (on PostgreSQL when DATABASE_URL is set). Extra arguments: ARGS=...
test: install browser-deps
	$(BIN)/python -m pytest $(ARGS)

## Only the tests in headless Chromium (accessibility, keyboard, layout).
test-browser: install browser-deps
	$(BIN)/python -m pytest -m browser $(ARGS)

## The screenshots of docs/EDITORS.md (editors' journeys) and of README.md (the public site).
screenshots: install browser-deps
	SCREENSHOTS_DIR=docs/images PUBLIC_SCREENSHOTS_DIR=docs/screenshots \
		$(BIN)/python -m pytest -m browser -q \
		tests/browser/test_editorial_journeys.py tests/browser/test_public_screenshots.py

## The serving benchmark (docs/PERFORMANCE.md): gunicorn under wrk at 10, 1,000 and 10,000 programmes,
## on SQLite, PostgreSQL, and the production configuration (PostgreSQL + Redis; BENCH_REDIS_URL, by
## default Redis database 15, which it empties).
bench: install /usr/bin/wrk
	$(BIN)/python bench/serve_bench.py $(ARGS)

## Only the production configuration (PostgreSQL + Redis).
bench-production: install /usr/bin/wrk
	$(BIN)/python bench/serve_bench.py --databases postgresql+redis $(ARGS)

## Faults under load: restarts the local PostgreSQL, stops a Redis of its own. Not next to tests.
bench-faults: install
	$(BIN)/python bench/fault_bench.py $(ARGS)

## Lighthouse 12 on the public pages under gunicorn (issue 16's targets; docs/PUBLIC_SITE.md).
LIGHTHOUSE := bench/lighthouse/node_modules/.bin/lighthouse
lighthouse: install $(CHROMIUM) $(LIGHTHOUSE)
	$(BIN)/python bench/lighthouse_report.py $(ARGS)

$(LIGHTHOUSE): bench/lighthouse/package.json bench/lighthouse/package-lock.json
	npm ci --prefix bench/lighthouse --no-audit --no-fund --loglevel=error
	@touch $@

/usr/bin/wrk:
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q wrk \
		|| { $(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q wrk; }

## Everything CI runs: lint, checks, and the suite on SQLite and PostgreSQL.
ci:
	bash .ci/run

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install
	$(BIN)/python manage.py check --fail-level WARNING
	$(BIN)/python manage.py makemigrations --check --dry-run

## Refresh the translation catalogues after changing texts; then translate the new entries.
messages: install
	$(BIN)/python manage.py makemessages $(LOCALES) --no-location --no-obsolete \
		--ignore=.venv --ignore=var --ignore=tests
	$(BIN)/python manage.py compilemessages --ignore=.venv

## Re-pin every dependency after changing pyproject.toml (needs network access to PyPI).
lock: install
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.12 \
		--python-platform x86_64-unknown-linux-gnu -o requirements.lock

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
