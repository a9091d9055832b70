# Two commands do all set-up on a fresh machine:
#   make start   install, then serve every lesson with Voila (http://localhost:8866/)
#   make test    install (Chromium included), then run every test
VENV    := .venv
BIN     := $(VENV)/bin
PORT    ?= 8866
export JUPYTER_PATH        := $(CURDIR)/share/jupyter
export JUPYTER_CONFIG_PATH := $(CURDIR)/etc/jupyter

.PHONY: start classroom test install chromium notebooks benchmark load-test gradebook clean

$(VENV)/.installed: pyproject.toml binder/requirements.txt tests/requirements.txt
	python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r binder/requirements.txt -r tests/requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m course.charts.display
	touch $@

install: $(VENV)/.installed

start: install
	$(BIN)/voila notebooks --port=$(PORT)

# A class: one preheated kernel per student for the lesson of the day, refilled after
# REFILL seconds (see the instructor guide, "Recommended Voila settings for a classroom").
LESSON   ?= 01_blocs
STUDENTS ?= 30
REFILL   ?= 600
classroom: install
	COURSE_CLASSROOM_LESSON=$(LESSON) COURSE_CLASSROOM_STUDENTS=$(STUDENTS) \
	  COURSE_CLASSROOM_REFILL=$(REFILL) $(BIN)/voila notebooks --port=$(PORT)

chromium:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium; }

test: install chromium
	$(BIN)/pytest

notebooks: install  ## re-run the lessons, store their outputs, regenerate the bibliography
	$(BIN)/python -m course.bibliography
	$(BIN)/python scripts/execute_notebooks.py

benchmark: install chromium  ## every lesson against a bare one-slider page, one run
	$(BIN)/python scripts/benchmark.py

load-test: install chromium  ## a class of $(STUDENTS) opening $(LESSON) at once on one server
	$(BIN)/python scripts/load_test.py --clients $(STUDENTS) --pool $(STUDENTS) --refill $(REFILL) --lesson $(LESSON)

gradebook: install  ## re-mark a folder of students' JSON exports: make gradebook FOLDER=exports [OUT=out]
	$(BIN)/python -m course.gradebook "$(FOLDER)" $(if $(OUT),--out "$(OUT)")

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts
