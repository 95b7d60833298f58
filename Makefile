# Quick start: `make run` (set up and start the app), `make test` (set up and run every test headless).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test test-pg demo typecheck bench clean

$(STAMP): setup.cfg pyproject.toml
	bash tools/sysdeps.sh
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test,postgres]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) main.py

demo: $(STAMP)
	$(PY) main.py demo

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

# The core, Excel and consolidation tests again, on a throw-away PostgreSQL cluster on 127.0.0.1.
PG_TESTS := tests/models/test_returns.py tests/models/test_consolidate.py tests/models/test_compare.py
test-pg: $(STAMP)
	@eval "$$(bash tools/pg_test_cluster.sh start)"; \
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(PG_TESTS); rc=$$?; \
	bash tools/pg_test_cluster.sh stop "$$HRH_PG_DIR"; exit $$rc

typecheck: $(STAMP)
	$(PY) -m mypy models formats

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) bench/run.py

clean:
	rm -rf $(VENV) build dist *.egg-info
