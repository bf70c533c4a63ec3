# The README's commands. Everything the project needs is installed from here.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# The address in the links of mails the worker sends (notifications, digests): the port make run serves on.
RIMPEL_SITE_URL ?= http://127.0.0.1:$(PORT)
export DJANGO_SETTINGS_MODULE := rimpel.settings

.PHONY: run serve-prod test test-postgres lint check messages vendor clean bench faults cluster-check

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

## run: start the platform with the demo network on http://127.0.0.1:$(PORT) (and the task worker: mail, report files,
## large imports, the network export; mails in var/mail/)
run: $(VENV)/.runtime
	mkdir -p var
	RIMPEL_DEBUG=1 $(BIN)/python manage.py migrate --no-input -v0
	RIMPEL_DEBUG=1 $(BIN)/python manage.py load_demo --if-empty
	RIMPEL_DEBUG=1 $(BIN)/python manage.py rebuild_search_index --if-empty
	@# The task worker (django-tasks: mail, report files, large imports, the network export) runs next to the server and
	@# stops with it; mails land in var/mail/ (/dev/mail/). A job it was running when stopped runs again (core.tasks).
	RIMPEL_DEBUG=1 RIMPEL_SITE_URL=$(RIMPEL_SITE_URL) $(BIN)/python manage.py db_worker -v0 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  RIMPEL_DEBUG=1 RIMPEL_SITE_URL=$(RIMPEL_SITE_URL) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

## serve-prod: the production configuration locally (gunicorn with RIMPEL_WORKERS workers, default 5, the shared
## database cache, collected static files, DEBUG off).
## Needs RIMPEL_SECRET_KEY and RIMPEL_ALLOWED_HOSTS in the environment; DATABASE_URL as for production (docs/deploy.md).
serve-prod: export RIMPEL_DEBUG = 0
serve-prod: export RIMPEL_COLLECTED_STATIC = 1
serve-prod: $(VENV)/.runtime
	@test -n "$$RIMPEL_SECRET_KEY" || { echo 'serve-prod: set RIMPEL_SECRET_KEY (python -c "import secrets; print(secrets.token_urlsafe(50))")' >&2; exit 1; }
	@test -n "$$RIMPEL_ALLOWED_HOSTS" || { echo "serve-prod: set RIMPEL_ALLOWED_HOSTS, e.g. RIMPEL_ALLOWED_HOSTS=127.0.0.1,localhost" >&2; exit 1; }
	@test -n "$$RIMPEL_EMAIL_URL" || { echo "serve-prod: set RIMPEL_EMAIL_URL, e.g. RIMPEL_EMAIL_URL=console: to print mails" >&2; exit 1; }
	@test -n "$$RIMPEL_EMAIL_FROM" || { echo "serve-prod: set RIMPEL_EMAIL_FROM, e.g. RIMPEL_EMAIL_FROM=rimpel@example.org" >&2; exit 1; }
	mkdir -p var
	$(BIN)/python manage.py check --deploy --fail-level ERROR
	$(BIN)/python manage.py migrate --no-input -v0  # also makes the cache table (core.apps)
	$(BIN)/python manage.py collectstatic --no-input -v0
	$(BIN)/python manage.py rebuild_search_index --if-empty
	RIMPEL_BIND=127.0.0.1:$(PORT) $(BIN)/gunicorn -c deploy/gunicorn.conf.py rimpel.wsgi

## test: run the whole suite (browser tests need /usr/bin/chromium)
test: export RIMPEL_SECRET_KEY ?= test-only-not-secret
test: $(VENV)/.dev
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

## lint: ruff (lint and format), the layer contract (import-linter) and the types (mypy); .ci/run runs it
lint: export RIMPEL_SECRET_KEY ?= test-only-not-secret
lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

## messages: extract and compile translations (needs GNU gettext); ar, tr, pl and uk hold the parent pages only
messages: $(VENV)/.dev
	$(BIN)/python manage.py makemessages --locale en --locale nl --ignore ".venv/*" --no-obsolete
	$(BIN)/python manage.py parent_messages
	$(BIN)/python manage.py compilemessages --ignore ".venv/*"

## vendor: refresh the vendored front-end files from the npm registry (needs npm)
vendor:
	rm -rf var/vendor && mkdir -p var/vendor
	cd var/vendor && npm pack --silent @utrecht/component-library-css@9.0.4 \
	  @nl-design-system-unstable/voorbeeld-design-tokens@7.4.1 htmx.org@2.0.11 cytoscape@3.34.4 @fontsource/source-sans-3@5.3.1 >/dev/null
	cd var/vendor && for f in *.tgz; do mkdir -p "$${f%.tgz}" && tar xzf "$$f" -C "$${f%.tgz}"; done
	cp var/vendor/utrecht-component-library-css-9.0.4/package/dist/index.css core/static/vendor/utrecht/component-library.css
	cp var/vendor/nl-design-system-unstable-voorbeeld-design-tokens-7.4.1/package/dist/theme.css core/static/vendor/voorbeeld-theme/theme.css
	cp var/vendor/htmx.org-2.0.11/package/dist/htmx.min.js core/static/vendor/htmx/htmx.min.js
	cp var/vendor/cytoscape-3.34.4/package/dist/cytoscape.min.js core/static/vendor/cytoscape/cytoscape.min.js
	for subset in latin latin-ext; do for weight in 400 600 700; do cp var/vendor/fontsource-source-sans-3-5.3.1/package/files/source-sans-3-$$subset-$$weight-normal.woff2 core/static/vendor/source-sans-3/; done; done
	git status --short core/static/vendor

## bench: load the key pages under gunicorn with wrk and print a table and one JSON line (see README, Benchmarks);
## BENCH_ARGS=--mixed: a fifth of the clients logged in and one write a second, page cache on and off;
## add --servers 2 (two app servers behind HAProxy) and --redis (Redis as the shared cache); both installed from Debian
SCALE ?= demo
DB ?= sqlite
CLIENTS ?= 32
DURATION ?= 60
WORKERS ?=
PAGE_CACHE ?= on
## faults: the fault scripts (devtools/faults/README.md): SIGKILL mid-import, concurrent SQLite writers, PostgreSQL restart, full disk
faults: $(VENV)/.runtime
	@status=0; for script in kill_during_import sqlite_writers postgres_restart full_disk; do \
	  echo "== devtools/faults/$$script.py"; $(BIN)/python devtools/faults/$$script.py || status=1; done; exit $$status

bench: $(VENV)/.runtime
	@command -v wrk >/dev/null || { echo "Installing wrk from Debian"; apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	@case "$(BENCH_ARGS)" in *--redis*) command -v redis-server >/dev/null || { echo "Installing redis-server from Debian"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; };; esac
	@case "$(BENCH_ARGS)" in *--servers*) command -v haproxy >/dev/null || { echo "Installing haproxy from Debian"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null; };; esac
	$(BIN)/python devtools/bench/run.py --scale $(SCALE) --db $(DB) --clients $(CLIENTS) --duration $(DURATION) --page-cache $(PAGE_CACHE) \
	  $(if $(WORKERS),--workers $(WORKERS)) $(BENCH_ARGS)

## cluster-check: PostgreSQL, Redis, two gunicorn app servers, a task worker and HAProxy on loopback; PASS/FAIL per
## claim (a write seen through the other server, shared rate limits, a worker's job, one server killed). As root.
cluster-check: $(VENV)/.runtime
	@missing=""; command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	  command -v haproxy >/dev/null || missing="$$missing haproxy"; \
	  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	  if [ -n "$$missing" ]; then echo "Installing from Debian:$$missing"; apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; fi
	$(BIN)/python devtools/cluster/check.py

clean:
	rm -rf $(VENV) var/static
