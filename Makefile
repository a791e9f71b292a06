# Two commands do everything on a machine with only python3: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run test golden docs bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# Reinstall whenever pyproject.toml changes; the stamps record what was installed.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test,duckdb]'
	touch $(VENV)/.installed $@

# The package's bytecode, as `pip install` of a wheel writes it: an editable install writes none
# when PYTHONDONTWRITEBYTECODE is set, and every run would compile the package again (~0.25 s).
# Stale files are never used (Python checks each source's mtime); this refreshes them.
BYTECODE := $(BIN)/python -m compileall -q pipeline

## run: install, then extract every edition in source/editions.toml into output/
run: $(VENV)/.installed
	$(BYTECODE)
	$(BIN)/whitepaper extract

## test: install with the test extras, then run the whole suite on TEST_JOBS workers (pytest-xdist; the
## machines have 2 cores: about 5 minutes instead of 9 on one; TEST_JOBS=0 runs it in one process)
TEST_JOBS ?= 2
test: $(VENV)/.installed-test
	$(BIN)/python -m pytest -q -n $(TEST_JOBS)

## golden: regenerate tests/golden/, the README answers and the rule phrases' split (pipeline/phrase_tokens.json) from the current pipeline (review `git diff tests/golden README.md`)
golden: $(VENV)/.installed-test
	$(BIN)/python -m pipeline.phrases
	$(BIN)/python -m tests.golden

## docs: regenerate docs/DATA.md from pipeline/schemas.py and the 2021 goldens
docs: $(VENV)/.installed-test
	$(BIN)/python docs/build_data_md.py

## bench: measure speed against the stack's floor; writes benchmarks/results.json
bench: $(VENV)/.installed-test
	$(BYTECODE)
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf $(VENV) output/*/ .pytest_cache
