# Two commands on a fresh machine with Python 3.11 and make:
#   make build   - create .venv, install claimset, build dataset/
#   make test    - create .venv, install claimset with test extras, run the tests
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export HF_HUB_OFFLINE := 1
export HF_DATASETS_OFFLINE := 1

.PHONY: build test validate contract clean browser

$(BIN)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	# byte-compile the editable package as pip does installed ones (PYTHONDONTWRITEBYTECODE may be set)
	$(BIN)/python -m compileall -q claimset schemas
	touch $@

build: $(BIN)/.installed
	$(BIN)/python build.py

test: $(BIN)/.installed browser
	$(BIN)/python -m pytest -q

# The rendered site is tested in headless Chromium: Debian's chromium and chromedriver (a browser
# download does not work offline). Installed when missing and we may use apt-get; otherwise that
# one test skips outside CI and fails in CI.
browser:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	  else echo "note: chromium/chromedriver not installed; the browser test will skip (run as root to install)"; fi; \
	fi

# Check the curated inputs without writing anything, then the published folder against the contract.
validate: $(BIN)/.installed
	$(BIN)/claimset build --check
	$(BIN)/python -m pytest -q tests/test_dataset.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
