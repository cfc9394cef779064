# Two commands on a fresh machine (Python 3.11+ with venv):
#   make sample   set up, then solve the shipped sample scenario and show the proposal
#   make test     set up, then lint and run the tests
VENV := .venv
BIN := $(VENV)/bin
SAMPLE := fixtures/sample/ostjylland-2027q1

.PHONY: setup sample test bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $@

sample: setup
	mkdir -p out
	$(BIN)/pooling solve $(SAMPLE) --out out/proposal.json --xlsx out/proposal.xlsx

test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -q
	$(BIN)/pytest -q benchmarks --benchmark-disable

bench: setup
	$(BIN)/pytest benchmarks --benchmark-only

clean:
	rm -rf $(VENV) out .pytest_cache .ruff_cache
