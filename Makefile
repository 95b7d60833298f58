# Quick start: `make run` (set up and start the app), `make test` (set up and run every test headless).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test test-pg demo typecheck bench clean translations screenshots

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
PG_TESTS := tests/models/test_returns.py tests/models/test_consolidate.py tests/models/test_compare.py tests/formats/test_xlsx_import.py tests/formats/test_xlsx_export.py
test-pg: $(STAMP)
	@eval "$$(bash tools/pg_test_cluster.sh start)"; \
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(PG_TESTS); rc=$$?; \
	bash tools/pg_test_cluster.sh stop "$$HRH_PG_DIR"; exit $$rc

typecheck: $(STAMP)
	$(PY) -m mypy models formats

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) bench/run.py

# Regenerate the Chinese translation from the tr() strings in ui/ (edit the .ts, then run again).
translations: $(STAMP)
	$(VENV)/bin/pyside6-lupdate -no-obsolete -locations none ui/*.py -ts resources/translations/hrh_zh_CN.ts
	$(VENV)/bin/pyside6-lrelease resources/translations/hrh_zh_CN.ts -qm resources/translations/hrh_zh_CN.qm

# Every section of the demo database as PNG, at 100 % and 150 % scaling, into docs/screenshots/.
screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) tools/screenshots.py --scale 1
	QT_QPA_PLATFORM=offscreen QT_SCALE_FACTOR=1.5 $(PY) tools/screenshots.py --scale 1.5

clean:
	rm -rf $(VENV) build dist *.egg-info
