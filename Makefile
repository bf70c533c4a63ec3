# The README's commands. Everything the project needs is installed from here.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := rimpel.settings

.PHONY: run test test-postgres lint check messages vendor clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

## run: start the platform with the demo network on http://127.0.0.1:$(PORT)
run: $(VENV)/.runtime
	mkdir -p var
	RIMPEL_DEBUG=1 $(BIN)/python manage.py migrate --no-input -v0
	RIMPEL_DEBUG=1 $(BIN)/python manage.py load_demo --if-empty
	RIMPEL_DEBUG=1 $(BIN)/python manage.py rebuild_search_index --if-empty
	RIMPEL_DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

## test: run the whole suite (browser tests need /usr/bin/chromium)
test: export RIMPEL_SECRET_KEY ?= test-only-not-secret
test: $(VENV)/.dev
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

## lint: ruff on the whole tree
lint: $(VENV)/.dev
	$(BIN)/ruff check .

## messages: extract and compile translations (needs GNU gettext)
messages: $(VENV)/.dev
	$(BIN)/python manage.py makemessages --locale en --locale nl --ignore ".venv/*" --no-obsolete
	$(BIN)/python manage.py compilemessages --ignore ".venv/*"

clean:
	rm -rf $(VENV) var/static
