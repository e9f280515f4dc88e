#!/bin/sh
# Prepare a database for the load test (benchmarks/load/locustfile.py): the schema, the
# cache table, the municipalities, the demo data and 10 000 generated clients in 132
# offices whose staff log in with the password $KMB_LOAD_PASSWORD (default kmb-load-test).
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/kmb_load sh benchmarks/load/prepare.sh
#   DATABASE_URL=sqlite:///var/load.sqlite3 sh benchmarks/load/prepare.sh
#
# The database must be new and empty (PostgreSQL: created beforehand; SQLite: no file).
set -eu
cd "$(dirname "$0")/../.."
: "${DATABASE_URL:?set DATABASE_URL to a new, empty database}"
PY=.venv/bin/python
mkdir -p var/load
nice $PY manage.py migrate -v0
nice $PY manage.py createcachetable
nice $PY manage.py load_municipalities
nice $PY manage.py seed_demo >/dev/null
nice $PY manage.py generate_volume --clients "${KMB_LOAD_CLIENTS:-10000}" \
    --consultations "${KMB_LOAD_CONSULTATIONS:-50000}" --seed 1 \
    --password "${KMB_LOAD_PASSWORD:-kmb-load-test}"
nice $PY manage.py collectstatic --no-input -v0
