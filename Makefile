# Two commands do all set-up on a fresh machine:
#   make start   install, then serve every lesson with Voila (http://localhost:8866/)
#   make test    install (Chromium included), then run every test
VENV    := .venv
BIN     := $(VENV)/bin
PORT    ?= 8866
# The Voila templates (share/) and the server extension's enabling file (etc/) are installed
# into the environment, where Jupyter looks: no JUPYTER_PATH or JUPYTER_CONFIG_PATH anywhere.
# Every user-facing target calls the `course` command (course/cli.py), which a
# `pip install` user has too: `course --help`.
JUPYTER_FILES := $(shell find share etc -type f 2>/dev/null)

.PHONY: start classroom test lint install chromium notebooks benchmark load-test gradebook wheel clean

# Editable: code and data/ are used where they are. Editable installs leave data files
# out, so the templates and configuration are linked in (scripts/link_jupyter_files.py);
# the offline Vega bundle is built into the environment, never into the checkout.
$(VENV)/.installed: pyproject.toml binder/requirements.txt tests/requirements.txt $(JUPYTER_FILES)
	python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r binder/requirements.txt -r tests/requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python scripts/link_jupyter_files.py
	$(BIN)/course bundle
	touch $@

install: $(VENV)/.installed

# A seminar at once: one preheated kernel per lesson and 5 for the newest (GROUP, LESSON),
# about 190 MiB each (course serve --help).
start: install
	$(BIN)/course serve notebooks --port=$(PORT) $(if $(LESSON_START),--lesson $(LESSON_START)) $(if $(GROUP),--group $(GROUP))

# A class: one preheated kernel per student for the lesson of the day, refilled after
# REFILL seconds (see the instructor guide, "Recommended Voila settings for a classroom").
LESSON   ?= 01_blocs
STUDENTS ?= 30
REFILL   ?= 600
classroom: install
	$(BIN)/course classroom $(LESSON) notebooks --students $(STUDENTS) --refill $(REFILL) --port=$(PORT)

chromium:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium; }

# The style check first (ruff), then the layers (import-linter: imports inside functions
# count); both configured in pyproject.toml.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# Two pytest-xdist workers, one file to a worker at a time: most layers wait on servers,
# kernels and browsers, so two share this 2-core machine well (tests/conftest.py).
WORKERS ?= 2
test: install chromium lint
	$(BIN)/pytest -n $(WORKERS) --dist loadfile --no-loadscope-reorder

notebooks: install  ## re-run the lessons, store their outputs, regenerate the bibliography
	$(BIN)/python -m course.tools.bibliography
	$(BIN)/python scripts/execute_notebooks.py

benchmark: install chromium  ## every lesson against a bare one-slider page, one run
	$(BIN)/python scripts/benchmark.py

load-test: install chromium  ## a class of $(STUDENTS) opening $(LESSON) at once on one server
	$(BIN)/python scripts/load_test.py --clients $(STUDENTS) --pool $(STUDENTS) --refill $(REFILL) --lesson $(LESSON)

gradebook: install  ## re-mark a folder of students' JSON exports: make gradebook FOLDER=exports [OUT=out]
	$(BIN)/course gradebook "$(FOLDER)" $(if $(OUT),--out "$(OUT)")

wheel: install  ## a wheel and an sdist in dist/ (what a JupyterHub image or `pip install` takes)
	rm -rf dist
	$(BIN)/python -m build --outdir dist .

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts dist
