# Two entry points for a clean checkout:
#   make site   set up .venv, validate the data, build and serve the site on http://127.0.0.1:8000
#   make test   set up .venv with the test extras and system packages, run the whole suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1:8000

.PHONY: lint site test validate build serve bench bench-build mutation system-deps clean lock

# The web editor's JavaScript (Decap CMS, decap-server), exactly as package-lock.json pins it.
NODE_DEPS := node_modules/.package-lock.json
$(NODE_DEPS): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq nodejs npm >/dev/null; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Python packages exactly as requirements*.lock pins them (with hashes); `make lock` after editing pyproject.toml.
$(BIN)/scitechday: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $@

$(VENV)/.test-deps: $(BIN)/scitechday requirements-test.lock
	$(BIN)/pip install --quiet --require-hashes -r requirements-test.lock
	@touch $@

UV_COMPILE = $(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes --quiet --no-header
lock: $(BIN)/scitechday
	$(BIN)/pip install --quiet 'uv>=0.9,<1'
	$(UV_COMPILE) -o requirements.lock
	$(UV_COMPILE) --extra test -o requirements-test.lock

# Debian packages: Chromium and CJK fonts for the browser tests, Node.js and npm for the web editor
# (root on CI and dev machines).
system-deps:
	@PKGS=""; \
	command -v chromium >/dev/null 2>&1 || PKGS="$$PKGS chromium"; \
	fc-list 2>/dev/null | grep -qi 'noto sans cjk' || PKGS="$$PKGS fonts-noto-cjk"; \
	command -v npm >/dev/null 2>&1 || PKGS="$$PKGS nodejs npm"; \
	if [ -n "$$PKGS" ]; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  echo "installing Debian packages:$$PKGS"; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $$PKGS >/dev/null; \
	fi

validate: $(BIN)/scitechday
	$(BIN)/scitechday validate

build: validate $(NODE_DEPS)
	$(BIN)/scitechday build

serve: $(BIN)/scitechday $(NODE_DEPS)
	$(BIN)/scitechday serve --dev-addr $(HOST)

# invalid data still serves: every page then shows the problems (file, line, what to type) until they are fixed
site: $(BIN)/scitechday $(NODE_DEPS)
	@$(BIN)/scitechday build || echo "数据有错误：网站照样启动，每个页面都会列出问题，改好后自动刷新。" >&2
	$(BIN)/scitechday serve --dev-addr $(HOST)

test: $(VENV)/.test-deps system-deps lint
	$(MAKE) $(NODE_DEPS)
	$(BIN)/python -m pytest -q -n auto --dist loadfile

# ruff and mypy, as configured in pyproject.toml
lint: $(VENV)/.test-deps
	$(BIN)/ruff check src hooks tests benchmarks
	$(BIN)/mypy

# Mutation testing (mutmut, configured in pyproject.toml) over the model, calendar, groupings,
# rendering, feeds and JSON-LD, against the fast unit tests only; one module at a time:
#   make mutation MODULES=archive.calendar
MODULES ?= archive.model archive.calendar archive.indexes publish.render publish.feeds publish.jsonld
mutation: $(VENV)/.test-deps
	@mkdir -p mutants
	@for m in $(MODULES); do echo "mutmut: $$m (log: mutants/$$m.log)"; \
	  nice $(BIN)/mutmut run --max-children 2 "scitechday.$$m*" >mutants/$$m.log 2>&1 \
	  || { tail -n 20 mutants/$$m.log; exit 1; }; done
	@$(BIN)/mutmut results

bench: $(BIN)/scitechday
	$(BIN)/python benchmarks/validate.py

# The whole build at national scale (issue 14); SCALE=0.1 for a quick run.
SCALE ?= 1
bench-build: $(BIN)/scitechday
	$(BIN)/python benchmarks/build.py --scale $(SCALE)

clean:
	rm -rf site .cache mutants
