#!/usr/bin/env bash
# Integration stage: the whole suite again on PostgreSQL + Redis, plus the multi-process tests, the live
# Elasticsearch tests and nginx in front of two server processes. Elasticsearch starts in the background
# (services.sh) while the suite runs; its tests wait for it.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
trap 'scripts/services.sh stop' EXIT
eval "$(scripts/services.sh start)"
export DATABASE_URL REDIS_URL ELASTICSEARCH_URL
export DJANGO_SETTINGS_MODULE=config.settings.test
echo "integration stage: DATABASE_URL=$DATABASE_URL REDIS_URL=$REDIS_URL ELASTICSEARCH_URL=${ELASTICSEARCH_URL:-}"
.venv/bin/python -m pytest -q -p no:cacheprovider -m "not browser" "$@"
