# The two commands a new user needs (see README):
#   make site   set up a virtualenv, install, parse data/ and build the site into site/
#   make test   the whole test suite (installs Debian's chromium for the browser tests if missing)

PY := .venv/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.venv/installed: pyproject.toml
	python3 -m venv .venv
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

.PHONY: setup site serve test lint chromium tesseract
setup: .venv/installed

site: setup
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

test: setup chromium lint
	$(PY) -m pytest -n 2 -q
