# The README's two promises: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_WORKERS ?= auto
export SUNSHINE_VAR_DIR ?= $(CURDIR)/var

.PHONY: run test install dev-install chromium pdf-font lint fmt test-pg e2e schema check bench messages clean

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed
dev-install: $(VENV)/.dev-installed

## run: set up, migrate the embedded SQLite database under var/, load the demo the first time, serve
run: $(VENV)/.installed
	-@$(MAKE) -s pdf-font
	$(BIN)/sunshine migrate --noinput
	$(BIN)/sunshine demo --if-empty
	DEBUG=1 $(BIN)/sunshine serve --port $(PORT)

## test: the whole suite (unit, API and browser tests) on the embedded database
test: $(VENV)/.dev-installed chromium pdf-font
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) -p no:cacheprovider

## chromium: Debian's Chromium for the browser tests (Playwright's own download is not reachable)
chromium:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing Debian's chromium for the browser tests"; \
	    (apt-get install -y -qq chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)); \
	  else echo "the browser tests need /usr/bin/chromium: run 'sudo apt-get install chromium'" >&2; exit 1; fi; }

## pdf-font: a TrueType CJK font for the printable PDFs (reportlab cannot use Noto CJK's CFF outlines)
pdf-font:
	@test -e /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc || test -n "$$SUNSHINE_PDF_FONT" || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing Debian's fonts-wqy-zenhei for the PDF documents"; \
	    (apt-get install -y -qq fonts-wqy-zenhei >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq fonts-wqy-zenhei >/dev/null)); \
	  else echo "the PDF documents need a CJK TrueType font: 'sudo apt-get install fonts-wqy-zenhei', or set SUNSHINE_PDF_FONT" >&2; exit 1; fi; }

## test-pg: the same suite against a throwaway PostgreSQL cluster
test-pg: $(VENV)/.dev-installed chromium pdf-font
	.ci/with-postgres $(BIN)/python -m pytest -n $(PYTEST_WORKERS) -p no:cacheprovider

e2e: $(VENV)/.dev-installed chromium
	$(BIN)/python -m pytest -m e2e -p no:cacheprovider

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: $(VENV)/.dev-installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## check: Django's checks, migrations up to date, OpenAPI schema current
check: $(VENV)/.dev-installed
	DJANGO_SETTINGS_MODULE=sunshine.settings_test $(BIN)/sunshine check
	DJANGO_SETTINGS_MODULE=sunshine.settings_test $(BIN)/sunshine makemigrations --check --dry-run

## schema: regenerate the committed OpenAPI schema
schema: $(VENV)/.dev-installed
	DJANGO_SETTINGS_MODULE=sunshine.settings_test $(BIN)/sunshine spectacular --validate --file docs/api/openapi-v1.yaml

## messages: refresh and compile the English translation
messages: $(VENV)/.dev-installed
	cd sunshine && ../$(BIN)/sunshine makemessages -l en --no-obsolete --add-location file && ../$(BIN)/sunshine compilemessages -l en

## bench: every benchmark in bench/, each printing its figure
bench: $(VENV)/.dev-installed
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) var .pytest_cache
