# Two entry points for a clean checkout:
#   make site   set up .venv, validate the data, build and serve the site on http://127.0.0.1:8000
#   make test   set up .venv with the test extras and system packages, run the whole suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1:8000

.PHONY: site test validate build serve bench bench-build system-deps clean

$(BIN)/scitechday: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.test-deps: $(BIN)/scitechday
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

# Debian packages the browser tests need: Chromium and CJK fonts (root on CI and dev machines).
system-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi 'noto sans cjk'; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

validate: $(BIN)/scitechday
	$(BIN)/scitechday validate

build: validate
	$(BIN)/scitechday build

serve: $(BIN)/scitechday
	$(BIN)/scitechday serve --dev-addr $(HOST)

site: build serve

test: $(VENV)/.test-deps system-deps
	$(BIN)/python -m pytest -q

bench: $(BIN)/scitechday
	$(BIN)/python benchmarks/validate.py

# The whole build at national scale (issue 14); SCALE=0.1 for a quick run.
SCALE ?= 1
bench-build: $(BIN)/scitechday
	$(BIN)/python benchmarks/build.py --scale $(SCALE)

clean:
	rm -rf site .cache
