# The two commands a new user needs (see README):
#   make site   set up a virtualenv, install, parse data/ and build the site into site/
#   make test   the whole test suite (installs Debian's chromium for the browser tests and LibreOffice
#               Writer for the .doc/.wps tests if missing)
# and, while working:
#   make test-fast   the unit tier: no browser, no site build, no corpus parse, LibreOffice or OCR,
#                    no apt installs (well under a minute)

PY := .venv/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.venv/installed: pyproject.toml
	python3 -m venv .venv
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

.PHONY: setup site serve test test-fast lint chromium libreoffice tesseract
setup: .venv/installed

# LibreOffice converts .doc/.wps reports: installed for a site build only when data/ holds one.
site: setup
	@if find data -type f \( -iname '*.doc' -o -iname '*.wps' \) 2>/dev/null | grep -q .; then \
		$(MAKE) --no-print-directory libreoffice; fi
	$(PY) -m builder build

serve: setup
	$(PY) -m builder serve

chromium:
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium; }

# Only benchmarks/ocr_engines.py uses Tesseract (the parser's OCR engine, RapidOCR, comes from pip).
tesseract:
	@command -v tesseract >/dev/null 2>&1 || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q tesseract-ocr tesseract-ocr-chi-sim; }

lint: setup
	$(PY) -m ruff check .

# Writer alone (no GUI, no recommends) reads .doc/.wps; regenerating the spreadsheet fixtures
# (tests/make_format_fixtures.py) also needs libreoffice-calc-nogui.
libreoffice:
	@command -v soffice >/dev/null 2>&1 || { $(SUDO) apt-get update -q && \
		$(SUDO) apt-get install -y -q --no-install-recommends libreoffice-writer-nogui; }

test: setup chromium libreoffice lint
	$(PY) -m pytest -n 2 -q

# The tiers are markers (pyproject.toml [tool.pytest.ini_options], tests/conftest.py).
test-fast: setup
	$(PY) -m pytest -n 2 -q -m "not slow and not browser and not corpus"
