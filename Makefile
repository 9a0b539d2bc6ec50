# `make demo` and `make test` do all the set-up on a fresh machine (Python 3.11+ on PATH as python3).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# Models come from installed packages and models/; never from a hub.
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: install demo test

$(BIN)/crosscheck: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $@

install: $(BIN)/crosscheck

demo: install
	$(BIN)/crosscheck check seeds/

test: install
	$(BIN)/python -m pytest
