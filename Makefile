# Two commands on a fresh machine with Python 3.11 and make:
#   make build   - create .venv, install claimset, build dataset/
#   make test    - create .venv, install claimset with test extras, run the tests
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export HF_HUB_OFFLINE := 1
export HF_DATASETS_OFFLINE := 1

.PHONY: build test validate contract clean

$(BIN)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

build: $(BIN)/.installed
	$(BIN)/python build.py

test: $(BIN)/.installed
	$(BIN)/python -m pytest -q

# Check the curated inputs without writing anything, then the published folder against the contract.
validate: $(BIN)/.installed
	$(BIN)/claimset build --check
	$(BIN)/python -m pytest -q tests/test_dataset.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
