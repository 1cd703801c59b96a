#!/usr/bin/env bash
# Measures what it costs that Migrate confirms its session lock (PostgreSQL advisory lock, MariaDB named lock)
# around each migration: the same N small migrations applied as built and with the confirmations answered by a
# JDBC wrapper without reaching the server, side by side in one run; writes docs/benchmarks-lock-confirm.md.
#
#   migrate-benchmarks/lock-confirm.sh    # 2,000 migrations, 3 rounds, PostgreSQL and MariaDB (about 5 minutes)
#
# Settings (environment):
#   MIGRATE_TEST_POSTGRES_URL  default jdbc:postgresql://127.0.0.1:5432/test?user=postgres
#   MIGRATE_TEST_MARIADB_URL   default jdbc:mariadb://127.0.0.1:3306/test?user=root
#   BENCH_N=2000  BENCH_ROUNDS=3  BENCH_DBS=postgres,mariadb  BENCH_ROUND_TRIPS_MS=0 (0,1: again with 1 ms added)
#   BENCH_WORK=migrate-benchmarks/harness/target/bench-work  BENCH_OUT=docs/benchmarks-lock-confirm.md
#
# Every database it creates is named benchlc_<pid>_<n> and dropped after its launch.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
readonly ROOT=$PWD

N=${BENCH_N:-2000}
ROUNDS=${BENCH_ROUNDS:-3}
ROUND_TRIPS=${BENCH_ROUND_TRIPS_MS:-0}
DBS=${BENCH_DBS:-postgres,mariadb}
WORK=$(realpath -m "${BENCH_WORK:-migrate-benchmarks/harness/target/bench-work}")
OUT=${BENCH_OUT:-docs/benchmarks-lock-confirm.md}
export MIGRATE_TEST_POSTGRES_URL=${MIGRATE_TEST_POSTGRES_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}
export MIGRATE_TEST_MARIADB_URL=${MIGRATE_TEST_MARIADB_URL:-jdbc:mariadb://127.0.0.1:3306/test?user=root}

echo "[lock-confirm.sh $(date +%H:%M:%S)] building migrate-core and the harness (tests skipped)" >&2
./mvnw -B -q -pl migrate-benchmarks/harness -am package -DskipTests </dev/null

# A copy of the class path, so that rebuilding the project during the run changes nothing.
# shellcheck source=migrate-benchmarks/snapshot.sh
source migrate-benchmarks/snapshot.sh
mkdir -p "$WORK/lib"
CP=$(snapshot "$ROOT/migrate-benchmarks/harness/target/classes:$(cat migrate-benchmarks/harness/target/classpath.txt)")

command="migrate-benchmarks/lock-confirm.sh"
[[ -z "${BENCH_N:-}${BENCH_ROUNDS:-}${BENCH_DBS:-}${BENCH_ROUND_TRIPS_MS:-}" ]] ||
  command="BENCH_N=$N BENCH_ROUNDS=$ROUNDS BENCH_DBS=$DBS BENCH_ROUND_TRIPS_MS=$ROUND_TRIPS $command"
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
changed=$(git status --porcelain -- migrate-core 2>/dev/null | wc -l)
source_note="migrate-core as committed"
((changed == 0)) || source_note="migrate-core with $changed uncommitted change(s) in the working tree"
java -Xmx256m -cp "$CP" dev.migrate.benchmarks.LockConfirmBench --n="$N" --rounds="$ROUNDS" --dbs="$DBS" --work="$WORK" \
  --round-trips-ms="$ROUND_TRIPS" --classpath="$CP" --out="$OUT" --command="$command" --commit="$commit" \
  --source-note="$source_note"
