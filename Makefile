# Quick start: `make run` (set up and start the app), `make test` (set up and run every test headless).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test demo typecheck bench clean

$(STAMP): setup.cfg pyproject.toml
	bash tools/sysdeps.sh
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) main.py

demo: $(STAMP)
	$(PY) main.py demo

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

typecheck: $(STAMP)
	$(PY) -m mypy models formats

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) bench/run.py

clean:
	rm -rf $(VENV) build dist *.egg-info
