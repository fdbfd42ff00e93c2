#!/usr/bin/env bash
# Prove the remote store against Virtuoso (Debian virtuoso-opensource): install it when missing,
# start a throwaway database on loopback, allow SPARQL updates for the anonymous SPARQL user,
# run the store contract tests (tests/store/test_store.py, back end "virtuoso") against
# http://127.0.0.1:$PORT/sparql, then stop it. Usage: scripts/check_virtuoso.sh [pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${VIRTUOSO_HTTP_PORT:-18890}
SQL_PORT=${VIRTUOSO_SQL_PORT:-11111}

if ! command -v virtuoso-t >/dev/null 2>&1; then
  echo "== installing virtuoso-opensource-7-bin (apt)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource-7-bin >/dev/null
fi

WORK=$(mktemp -d /tmp/referatgraf-virtuoso.XXXXXX)
cat > "$WORK/virtuoso.ini" <<INI
[Database]
DatabaseFile       = $WORK/virtuoso.db
ErrorLogFile       = $WORK/virtuoso.log
LockFile           = $WORK/virtuoso.lck
TransactionFile    = $WORK/virtuoso.trx
xa_persistent_file = $WORK/virtuoso.pxa
[TempDatabase]
DatabaseFile       = $WORK/virtuoso-temp.db
TransactionFile    = $WORK/virtuoso-temp.trx
[Parameters]
ServerPort         = 127.0.0.1:$SQL_PORT
NumberOfBuffers    = 20000
MaxDirtyBuffers    = 15000
DirsAllowed        = ., $WORK
[HTTPServer]
ServerPort         = 127.0.0.1:$PORT
ServerThreads      = 4
MaxClientConnections = 4
[SPARQL]
ResultSetMaxRows   = 1000000
MaxQueryExecutionTime = 120
INI

echo "== starting virtuoso on 127.0.0.1:$PORT (database in $WORK)"
virtuoso-t +configfile "$WORK/virtuoso.ini" +foreground > "$WORK/stdout.log" 2>&1 &
VPID=$!
cleanup() { kill "$VPID" 2>/dev/null || true; wait "$VPID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

for _ in $(seq 1 120); do
  if isql-vt "$SQL_PORT" dba dba exec="status();" >/dev/null 2>&1; then break; fi
  sleep 1
done
isql-vt "$SQL_PORT" dba dba exec="GRANT SPARQL_UPDATE TO \"SPARQL\";" >/dev/null
for _ in $(seq 1 60); do
  if curl -fsS "http://127.0.0.1:$PORT/sparql?query=ASK%7B%7D" >/dev/null 2>&1; then break; fi
  sleep 1
done

echo "== store contract tests against Virtuoso"
REFERATGRAF_TEST_VIRTUOSO="http://127.0.0.1:$PORT/sparql" \
  python3 -m pytest tests/store/test_store.py -k virtuoso -p no:cacheprovider -q "$@"
