# labnotebook: build the example book and run the tests.
# `make html` and `make test` set up everything they need on a fresh machine.

PYTHON ?= python3
UV := $(PYTHON) -m uv
VENV := .venv
BIN := $(VENV)/bin
BUILD := _build
JOBS ?= auto
# Strict: any warning fails the build, every warning is reported, broken references too.
SPHINXOPTS ?= -W --keep-going -n -j $(JOBS)
# Notebooks run in the project's own environment, whatever kernels the user has installed.
export JUPYTER_PATH := $(CURDIR)/$(VENV)/share/jupyter
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: html test lint serve clean env bench falsify lock

# `labnotebook build` is sphinx-build that first checks whether any file the build reads
# changed since the last successful build, and skips Sphinx when none did.
# Every note's falsifiers first (cached by each note's text): a claim whose check lets a
# declared wrong result through stops the build, and the execution report shows the counts.
html: $(BIN)/.synced
	$(BIN)/labnotebook falsify
	$(BIN)/labnotebook build -b html $(SPHINXOPTS) . $(BUILD)/html
	@echo "The book is in $(BUILD)/html/index.html"

env: $(BIN)/.synced

falsify: $(BIN)/.synced
	$(BIN)/labnotebook falsify

# Install uv into the user's Python if it is missing, then make .venv match the lock exactly.
# Bytecode is compiled at install, not at import: where PYTHONDONTWRITEBYTECODE is set,
# every build and every notebook kernel would otherwise compile its imports again.
$(BIN)/.synced: requirements.lock pyproject.toml
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --user --quiet uv \
		|| $(PYTHON) -m pip install --user --quiet --break-system-packages uv
	$(UV) venv --quiet --allow-existing --python $(PYTHON) $(VENV)
	$(UV) pip sync --quiet --compile-bytecode --python $(BIN)/python --require-hashes requirements.lock
	$(UV) pip install --quiet --python $(BIN)/python --no-deps --editable .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (labnotebook)" >/dev/null
	@# the kernel's own start-up notices (e.g. about unencrypted loopback TCP) are not the
	@# note's output; keep its errors, drop the rest so a clean build prints no warning
	$(BIN)/python -c "import json, pathlib, sys; \
		p = pathlib.Path(sys.prefix, 'share/jupyter/kernels/python3/kernel.json'); \
		k = json.loads(p.read_text()); k['argv'].append('--IPKernelApp.log_level=ERROR'); \
		p.write_text(json.dumps(k, indent=1))"
	@touch $@

lint: $(BIN)/.synced
	$(BIN)/ruff check src tests conf.py
	$(BIN)/ruff format --check src tests conf.py
	$(BIN)/mypy

# Tests run on every core (pytest-xdist): each test module on one worker, the example
# book's tests together on one. TEST_WORKERS=0 runs them in this process, one by one.
# Then Lighthouse's phone audit, alone: its performance score is timed on this machine.
TEST_WORKERS ?= auto
test: lint
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile -m "not lighthouse"
	$(BIN)/pytest -p no:xdist -m lighthouse

serve: $(BIN)/.synced
	$(BIN)/sphinx-autobuild --host 127.0.0.1 --port 8000 $(SPHINXOPTS) --ignore "$(BUILD)/*" \
		--ignore "$(VENV)/*" --ignore "tests/*" --ignore "bench/*" . $(BUILD)/html

clean:
	rm -rf $(BUILD)

# A PDF of every note, printed from the built book by headless Chromium (offline), into
# $(BUILD)/html/pdf/ beside the pages whose "PDF" links point there; deploy after it.
.PHONY: pdf
pdf: html
	$(BIN)/labnotebook pdf --html $(BUILD)/html

# Time this project's build against plain Sphinx on generated books, both at the same -j
# (about three hours on a quiet two-core machine, most of it plain Sphinx at 1000 and 2000
# notes); prints the table and writes it into docs/performance.md. BENCHOPTS="--help".
bench: $(BIN)/.synced
	$(BIN)/python -m bench.run --write-docs $(BENCHOPTS)

# Regenerate the lock after changing dependencies in pyproject.toml. One set of versions
# for every Python that requires-python allows (fewest forks: a package whose newest
# release drops an older Python stays at the release every allowed Python can use), so
# what CI tests on each Python is the same set a user installs.
lock: $(BIN)/.synced
	$(UV) pip compile pyproject.toml --extra search --extra book --extra dev --universal \
		--fork-strategy fewest --python-version 3.11 --generate-hashes --quiet \
		-o requirements.lock
	$(BIN)/pytest -q tests/test_lock.py
