#!/usr/bin/env bash
# Applies one large data script (a table and BENCH_ROWS single-row INSERTs) with plain JDBC (one by one and
# in batches), Migrate (with and without batch-statements), Flyway Community and Liquibase, side by side in
# one run, and writes docs/benchmarks-data-script.md from what it measured.
#
#   migrate-benchmarks/data-script.sh     # 20,000 rows, 3 rounds, PostgreSQL, MariaDB and H2 as they are, then
#                                         # PostgreSQL and MariaDB with 1 ms added to each round trip (about 15 minutes)
#
# Settings (environment):
#   MIGRATE_TEST_POSTGRES_URL  default jdbc:postgresql://127.0.0.1:5432/test?user=postgres
#   MIGRATE_TEST_MARIADB_URL   default jdbc:mariadb://127.0.0.1:3306/test?user=root
#   BENCH_ROWS=20000  BENCH_ROUNDS=3  BENCH_DBS=postgres,mariadb,h2  BENCH_ROUND_TRIPS_MS=0,1
#   BENCH_WORK=migrate-benchmarks/harness/target/bench-work  BENCH_OUT=docs/benchmarks-data-script.md
#
# Every database it creates is named benchds_<pid>_<n> and dropped after its launch.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
readonly ROOT=$PWD

ROWS=${BENCH_ROWS:-20000}
ROUNDS=${BENCH_ROUNDS:-3}
ROUND_TRIPS=${BENCH_ROUND_TRIPS_MS:-0,1}
DBS=${BENCH_DBS:-postgres,mariadb,h2}
WORK=$(realpath -m "${BENCH_WORK:-migrate-benchmarks/harness/target/bench-work}")
OUT=${BENCH_OUT:-docs/benchmarks-data-script.md}
export MIGRATE_TEST_POSTGRES_URL=${MIGRATE_TEST_POSTGRES_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}
export MIGRATE_TEST_MARIADB_URL=${MIGRATE_TEST_MARIADB_URL:-jdbc:mariadb://127.0.0.1:3306/test?user=root}

echo "[data-script.sh $(date +%H:%M:%S)] building migrate-core and the harness (tests skipped)" >&2
./mvnw -B -q -pl migrate-benchmarks/harness -am package -DskipTests </dev/null

# A copy of the class path, so that rebuilding the project during the run changes nothing.
# shellcheck source=migrate-benchmarks/snapshot.sh
source migrate-benchmarks/snapshot.sh
mkdir -p "$WORK/lib"
CP=$(snapshot "$ROOT/migrate-benchmarks/harness/target/classes:$(cat migrate-benchmarks/harness/target/classpath.txt)")

command="migrate-benchmarks/data-script.sh"
[[ -z "${BENCH_ROWS:-}${BENCH_ROUNDS:-}${BENCH_DBS:-}${BENCH_ROUND_TRIPS_MS:-}" ]] ||
  command="BENCH_ROWS=$ROWS BENCH_ROUNDS=$ROUNDS BENCH_DBS=$DBS BENCH_ROUND_TRIPS_MS=$ROUND_TRIPS $command"
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
changed=$(git status --porcelain -- migrate-core 2>/dev/null | wc -l)
source_note="migrate-core as committed"
((changed == 0)) || source_note="migrate-core with $changed uncommitted change(s) in the working tree"
java -Xmx256m -cp "$CP" dev.migrate.benchmarks.DataScriptBench --rows="$ROWS" --rounds="$ROUNDS" --dbs="$DBS" --work="$WORK" \
  --round-trips-ms="$ROUND_TRIPS" \
  --classpath="$CP" --out="$OUT" --command="$command" --commit="$commit" --source-note="$source_note"
