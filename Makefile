# Two commands on a fresh Debian machine with Python 3.11: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
# Each command names its settings: dev for `make run`, test for `make test`.
DEV := DJANGO_SETTINGS_MODULE=config.settings.dev
TEST := DJANGO_SETTINGS_MODULE=config.settings.test

.PHONY: run dev test install install-test lint format bench audit clean

$(VENV)/.installed: requirements.txt package.json
	@$(PYTHON) -c "import sys; assert sys.version_info[:2] == (3, 11), sys.version" || { echo "需要 Python 3.11"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --disable-pip-version-check -r requirements.txt
	npm install --no-audit --no-fund --silent --omit=dev
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed requirements-test.txt package.json
	$(PIP) install -q --disable-pip-version-check -r requirements-test.txt
	scripts/install-system-deps.sh
	npm install --no-audit --no-fund --silent
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

run: install
	scripts/install-system-deps.sh --run || echo "系统软件包安装失败：附件预览与中文水印不可用，其余功能照常。"
	$(DEV) $(PY) manage.py migrate --noinput -v0
	$(DEV) $(PY) manage.py collectstatic --noinput -v0
	$(DEV) $(PY) manage.py load_demo
	$(DEV) $(PY) manage.py search_check --fix --show 0
	@echo "站群已启动：http://localhost:8000/ （部门子站如 http://edu.localhost:8000/ ，后台 http://localhost:8000/admin/）"
	$(DEV) $(PY) manage.py serve --port 8000

# Developer switch: the same as `make run`, with DEBUG on (never for citizens).
dev: install
	$(DEV) DJANGO_DEBUG=1 $(PY) manage.py serve --port 8000

test: install-test
	$(TEST) $(PY) manage.py check --fail-level WARNING
	$(TEST) $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/ruff check .
	@# The journeys' demo database builds on the second core while the single-process SQLite stage runs.
	mkdir -p var; \
	env -u DATABASE_URL -u REDIS_URL $(PY) -m tests.journeys.demo_template > var/journey-template.log 2>&1 & build=$$!; \
	env -u DATABASE_URL -u REDIS_URL $(TEST) $(PY) -m pytest -q -p no:cacheprovider -m "not integration and not journey"; \
	status=$$?; [ $$status -eq 0 ] || kill $$build 2>/dev/null; \
	wait $$build && cat var/journey-template.log || echo "后台构建演示数据失败，浏览器旅程阶段将重试（见 var/journey-template.log）"; \
	exit $$status
	env -u DATABASE_URL -u REDIS_URL $(PY) -m pytest -q -p no:cacheprovider tests/journeys
	scripts/integration.sh

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-test
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: install-test
	$(PY) bench/sensitive_words.py
	$(PY) bench/queries.py
	$(PY) bench/http_load.py
	$(PY) bench/search.py
	$(PY) bench/catalogue.py
	$(PY) bench/messages.py
	$(PY) bench/citizen_input.py
	$(PY) bench/services_column.py
	$(PY) bench/applications.py
	$(PY) bench/supervision.py
	$(PY) bench/harvest.py
	$(PY) bench/interviews.py --viewers 1000 --rate 1 --seconds 20
	$(PY) bench/personal_data.py
	$(PY) bench/editor_media.py

# Known vulnerabilities in the pinned dependencies (pip-audit, npm audit); needs the network, so not in
# `make test`. Exit 2 when the advisory services cannot be reached (docs/security.md).
audit: install-test
	$(PY) scripts/audit.py

clean:
	rm -rf $(VENV) var node_modules
