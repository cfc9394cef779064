# Three commands on a fresh machine (Python 3.11+ with venv; Debian for the browser tests):
#   make web      set up, then serve the web application and its solve worker on the shipped
#                 sample (SQLite in instance/), printing the address and the demo accounts
#   make test     set up, then lint and run every test: the browser tests in Debian's
#                 Chromium (installed here when run as root), and the web tests a second time
#                 on PostgreSQL when a server answers at 127.0.0.1:5432
#   make sample   set up, then solve the shipped sample scenario and show the proposal
VENV := .venv
BIN := $(VENV)/bin
SAMPLE := fixtures/sample/ostjylland-2027q1
CHROMIUM := /usr/bin/chromium
PG_TEST_URL ?= postgresql://postgres@127.0.0.1:5432/test
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup sample web test test-postgres browser bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $@

sample: setup
	mkdir -p out
	$(BIN)/pooling solve $(SAMPLE) --out out/proposal.json --xlsx out/proposal.xlsx

# The demo runs on plain http on this machine, so its session cookie may not be Secure.
web: setup
	mkdir -p instance
	$(BIN)/flask --app web demo
	POOLING_INSECURE_COOKIES=1 $(BIN)/flask --app web serve --host $(HOST) --port $(PORT)

# Debian's Chromium for the browser tests (Playwright's own browser download is not used).
browser:
	@if [ -x $(CHROMIUM) ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; } \
	    || echo "Could not install chromium: the browser tests will be skipped"; \
	else \
	  echo "$(CHROMIUM) is missing and this is not root: the browser tests will be skipped" \
	    "(as root: apt-get install -y chromium)"; \
	fi

test: setup browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -q
	$(BIN)/pytest -q benchmarks --benchmark-disable
	@$(MAKE) --no-print-directory test-postgres

# The web tests again on PostgreSQL (the tests create and drop their own database there).
# POOLING_REQUIRE_POSTGRES=1 (CI) makes an unreachable server an error.
test-postgres: setup
	@if $(BIN)/python -c "import psycopg; psycopg.connect('$(PG_TEST_URL)', connect_timeout=3).close()" 2>/dev/null; then \
	  echo "POOLING_TEST_DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest -q tests/web"; \
	  POOLING_TEST_DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest -q tests/web; \
	elif [ "$$POOLING_REQUIRE_POSTGRES" = 1 ]; then \
	  echo "PostgreSQL not reachable at $(PG_TEST_URL), but it is required here"; exit 1; \
	else \
	  echo "PostgreSQL not reachable: web tests ran on SQLite only"; \
	fi

bench: setup
	$(BIN)/pytest benchmarks --benchmark-only

clean:
	rm -rf $(VENV) out .pytest_cache .ruff_cache
