# roleatlas: the two commands are `make demo` (set up + run the main job) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SHARED ?= ../shared/data
DEMO_HOME ?= .demo-home

.PHONY: install demo test lint bench clean

$(BIN)/roleatlas: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,train,postgres,parquet,spark]'
	touch $(BIN)/roleatlas

install: $(BIN)/roleatlas

demo: install
	$(BIN)/roleatlas --home $(DEMO_HOME) data pull $(if $(wildcard $(SHARED)),--from $(SHARED))
	$(BIN)/roleatlas --home $(DEMO_HOME) ingest $(wildcard $(SHARED)/postings-*/postings.jsonl.gz)
	$(BIN)/roleatlas --home $(DEMO_HOME) dedup
	$(BIN)/roleatlas --home $(DEMO_HOME) compare "Machine Learning Research Engineer" \
		"Machine Learning Scientist" --format html --out $(DEMO_HOME)/ml-research-engineer-vs-ml-scientist.html
	$(BIN)/roleatlas --home $(DEMO_HOME) compare "Machine Learning Research Engineer" \
		"Machine Learning Scientist"

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

bench: install
	$(BIN)/python benchmarks/ingest.py

clean:
	rm -rf $(VENV) $(DEMO_HOME) build *.egg-info src/*.egg-info
