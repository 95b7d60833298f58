# Quick start: `make run` (set up and start the app), `make test` (set up and run every test headless).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint format test-pg demo typecheck bench bench-province crash-bench dist clean translations screenshots

$(STAMP): setup.cfg pyproject.toml tools/sysdeps.sh
	bash tools/sysdeps.sh
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test,postgres]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) main.py

demo: $(STAMP)
	$(PY) main.py demo

# lint first: a type error fails `make test` before the suite runs.
test: lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

# Static checks, as CI runs them: ruff (format, import order, pyflakes, bugbear; pyproject.toml)
# over everything, then mypy --strict (setup.cfg) over every package and main.py.
# `make format` rewrites the files the way the first check wants them.
lint: $(STAMP)
	$(VENV)/bin/ruff format --check --quiet .
	$(VENV)/bin/ruff check --quiet .
	$(PY) -m mypy models formats ui cli main.py

format: $(STAMP)
	$(VENV)/bin/ruff format --quiet .
	$(VENV)/bin/ruff check --quiet --fix .

# The core, versions (two clerks in two processes), Excel and consolidation tests again, on a throw-away PostgreSQL cluster on 127.0.0.1.
PG_TESTS := tests/models/test_db.py tests/models/test_returns.py tests/models/test_stored_rows.py tests/models/test_queries.py tests/models/test_import_apply.py tests/models/test_importing.py tests/models/test_units.py tests/models/test_workflow.py tests/models/test_return_versions.py tests/models/test_two_clerks.py tests/models/test_consolidate.py tests/models/test_compare.py tests/formats/test_xlsx_import.py tests/formats/test_xlsx_export.py
test-pg: $(STAMP)
	@eval "$$(bash tools/pg_test_cluster.sh start)"; \
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(PG_TESTS); rc=$$?; \
	bash tools/pg_test_cluster.sh stop "$$HRH_PG_DIR"; exit $$rc

typecheck: lint  # the former name

# Every bench/*_bench.py, each figure beside the bare library's; under 5 minutes (2 cores).
bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) bench/run.py

# A province (1,547 units, 12 quarters, 1,530 Excel files a quarter) on SQLite and on a throw-away
# PostgreSQL cluster: import, consolidation, the window, each beside the bare library (~15 minutes;
# the Excel files are written once, into ~/.cache/hrh-province).
PROVINCE_PG_PORT ?= 54339
bench-province: $(STAMP)
	@eval "$$(HRH_PG_PORT=$(PROVINCE_PG_PORT) bash tools/pg_test_cluster.sh start)"; \
	QT_QPA_PLATFORM=offscreen $(PY) bench/province_bench.py --pg "$$HRH_TEST_PG_URL"; rc=$$?; \
	bash tools/pg_test_cluster.sh stop "$$HRH_PG_DIR"; exit $$rc

# 200 SIGKILLs while saving (~3 minutes); `make bench` runs a 20-kill version.
crash-bench: $(STAMP)
	$(PY) bench/crash_bench.py --kills 200

# The one-folder program (PyInstaller, build_installer.spec) in dist/hrh-returns/, then its
# self-test, headless, as the smoke test of the build.
BUILD_STAMP := $(VENV)/.installed-build
$(BUILD_STAMP): $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[build]'
	touch $(BUILD_STAMP)

dist: $(BUILD_STAMP)
	@command -v objdump >/dev/null || { echo "PyInstaller needs objdump and strip on Linux: sudo apt-get install binutils" >&2; exit 2; }
	rm -rf build/build_installer dist/hrh-returns
	$(VENV)/bin/pyinstaller --noconfirm --log-level WARN build_installer.spec
	QT_QPA_PLATFORM=offscreen dist/hrh-returns/hrh-returns --selftest
	@du -sh dist/hrh-returns

# Regenerate the Chinese translation from the tr() strings in ui/ (edit the .ts, then run again).
translations: $(STAMP)
	$(VENV)/bin/pyside6-lupdate -no-obsolete -locations none ui/*.py -ts resources/translations/hrh_zh_CN.ts
	$(VENV)/bin/pyside6-lrelease resources/translations/hrh_zh_CN.ts -qm resources/translations/hrh_zh_CN.qm

# Every section of the demo database as PNG, at 100 % and 150 % scaling, and the real window on
# Xvfb at 1366×768 and 1024×768, into docs/screenshots/.
screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) tools/screenshots.py --scale 1
	QT_QPA_PLATFORM=offscreen QT_SCALE_FACTOR=1.5 $(PY) tools/screenshots.py --scale 1.5
	$(PY) tools/screen_check.py --size 1366x768
	$(PY) tools/screen_check.py --size 1024x768

clean:
	rm -rf $(VENV) build dist *.egg-info
