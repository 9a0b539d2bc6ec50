# `make demo` and `make test` do all the set-up on a fresh machine (Python 3.11+ on PATH as python3).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# Where pip finds the CPU build of torch that requirements.lock pins (torch==2.13.0+cpu).
# Empty: the indexes pip is configured with (a machine that keeps the wheel locally).
# Elsewhere: make install TORCH_INDEX=https://download.pytorch.org/whl/cpu
TORCH_INDEX ?=
# Models come from installed packages and models/; never from a hub.
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: install demo test lock

# The whole dependency tree comes from requirements.lock (pip-tools), so every install gets
# the versions the tests passed with; the project itself goes in on top without resolving.
$(BIN)/crosscheck: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --progress-bar on $(if $(TORCH_INDEX),--extra-index-url $(TORCH_INDEX)) -r requirements.lock \
	  || { echo "make: install failed; if pip found no torch==2.13.0+cpu, this machine does not keep that wheel:" \
	            "run 'make install TORCH_INDEX=https://download.pytorch.org/whl/cpu' (see README, Install)" >&2; exit 1; }
	$(BIN)/pip install --progress-bar on --no-deps -e .
	$(BIN)/pip check
	touch $@

install: $(BIN)/crosscheck

demo: install
	$(BIN)/crosscheck check seeds/

test: install
	$(BIN)/python -m pytest

# Re-pin the whole tree after changing pyproject.toml's dependencies, then commit requirements.lock.
lock: install
	$(BIN)/pip install --progress-bar on pip-tools==7.6.2
	$(BIN)/pip-compile --extra=bench --extra=test --no-emit-find-links --no-emit-index-url --strip-extras --allow-unsafe \
	  --output-file=requirements.lock pyproject.toml
