# Two entry points for a clean checkout:
#   make site   set up .venv, validate the data, build and serve the site on http://127.0.0.1:8000
#   make test   set up .venv with the test extras and system packages, run the whole suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1:8000

.PHONY: site test validate build serve bench system-deps clean

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
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi 'noto sans cjk'; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium fonts-noto-cjk nodejs npm >/dev/null; \
	fi

validate: $(BIN)/scitechday
	$(BIN)/scitechday validate

build: validate
	$(BIN)/scitechday build

serve: $(BIN)/scitechday
	$(BIN)/scitechday serve --dev-addr $(HOST)

site: build serve

# axe-core (accessibility checks in the browser tests), pinned in package-lock.json.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

test: $(VENV)/.test-deps system-deps node_modules/.package-lock.json
	$(BIN)/python -m pytest -q

bench: $(BIN)/scitechday
	$(BIN)/python benchmarks/validate.py

clean:
	rm -rf site .cache
