# Everything starts from a plain Python 3.11+: the first target that needs it builds .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-leergang.settings.dev} $(BIN)/python manage.py

.PHONY: install migrate demo run lti-platform oidc-provider test lint format bench load scale faults audit screenshots messages e2e worker clean

$(BIN)/.installed: pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[test,dev]"
	@touch $@

install: $(BIN)/.installed

migrate: install
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) seed_demo

# The background worker (PDF exports, search index updates) runs beside the dev server and
# stops with it.
run: demo
	@$(MANAGE) db_worker --queue-name '*' > var/worker.log 2>&1 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  echo "Worker started (log: var/worker.log)"; \
	  $(MANAGE) runserver 127.0.0.1:$(PORT)

worker: migrate
	$(MANAGE) db_worker --queue-name '*'

# A test LMS (LTI 1.3 platform) on http://127.0.0.1:9500, registered in the tool; run beside
# `make run`. And a test OpenID provider on http://127.0.0.1:9400 (see README).
lti-platform: migrate
	DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-leergang.settings.dev} \
	  $(BIN)/python -m tools.lti_platform --tool http://127.0.0.1:$(PORT)

oidc-provider: install
	$(BIN)/python -m oidc_provider_mock --require-nonce true --port 9400 \
	  --user-claims '{"sub": "fenna", "name": "Fenna de Vries", "email": "fenna@hogeschool.example", "email_verified": true, "eduperson_affiliation": ["student"], "schac_home_organization": "hogeschool.example"}'

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DJANGO_SETTINGS_MODULE=leergang.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The suite in TEST_JOBS processes (pytest-xdist; each has its own test database and media folder).
# TEST_JOBS=0 runs it in one process, as a debugger or -x wants.
TEST_JOBS ?= 2
test: install lint
	$(BIN)/python -m pytest -m "not e2e" -n $(TEST_JOBS) $(PYTEST_ARGS)

# The Nu Html Checker for the HTML validation test (needs Node's npm and a Java runtime).
VNU_JAR := node_modules/vnu-jar/build/dist/vnu.jar
$(VNU_JAR): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

e2e: install $(VNU_JAR)
	LEERGANG_REQUIRE_BROWSER=1 $(BIN)/python -m pytest -m e2e $(PYTEST_ARGS)

bench: install
	$(BIN)/python bench/run.py

load-deps: install
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[load]"

load: load-deps
	$(BIN)/python bench/load.py

# Two app servers behind HAProxy, two workers, PostgreSQL, Redis and an S3 server, all on this
# machine; kills one app server and one worker on the way (needs Debian's haproxy).
scale: load-deps
	@command -v haproxy >/dev/null || { echo "make scale needs HAProxy: apt-get install haproxy"; exit 1; }
	$(BIN)/python bench/scale.py

# Restarts the local PostgreSQL under load: never while other work uses it.
faults: load-deps
	$(BIN)/python bench/faults.py

audit: install
	bench/audit.sh

screenshots: install
	$(BIN)/python bench/screenshots.py

# Needs GNU gettext; the compiled catalogues are committed so a fresh machine does not.
# Site-wide strings go to locale/, each app's to <app>/locale/ (its code and its templates).
APPS := modules portfolio portfolio_pdf assessment stories agenda notifications certificates capture discussions intervisie peerfeedback
messages: install
	$(MANAGE) makemessages -l nl -l en --ignore=.venv --ignore=var --ignore=tests --ignore=bench $(addprefix --ignore=,$(APPS))
	for app in $(APPS); do (cd $$app && mkdir -p locale && ../$(BIN)/django-admin makemessages -l nl -l en) || exit 1; done
	$(MANAGE) compilemessages --ignore=.venv

clean:
	rm -rf var/test .pytest_cache
