#!/usr/bin/env bash
# Runs the benchmark matrix of issue 7 and writes docs/benchmarks.md from what it measured.
#
#   migrate-benchmarks/run.sh             # full run: N = 100, 1,000, 5,000 × H2, PostgreSQL, MariaDB × floor,
#                                         # Migrate, Flyway, Liquibase, then the Spring Boot startup comparison
#   migrate-benchmarks/run.sh --quick     # N = 100, one round, no Spring Boot part (a couple of minutes)
#
# Settings (environment):
#   MIGRATE_TEST_POSTGRES_URL  default jdbc:postgresql://127.0.0.1:5432/test?user=postgres
#   MIGRATE_TEST_MARIADB_URL   default jdbc:mariadb://127.0.0.1:3306/test?user=root
#   BENCH_SIZES=100,1000,5000  BENCH_ROUNDS=5,5,2 (one figure per size)  BENCH_DBS=h2,postgres,mariadb
#   (the full run takes about an hour on 2 idle cores, up to twice that on a busy machine)
#   BENCH_BOOT_ROUNDS=7 (0 skips the Spring Boot part)  BENCH_WORK=migrate-benchmarks/harness/target/bench-work
#   BENCH_OUT=docs/benchmarks.md
#
# The run uses a copy of the built classes and jars (BENCH_WORK/lib), so rebuilding the project while it
# runs does not change what is measured. Every database it creates is named bench_<pid>_<n> and dropped.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
readonly ROOT=$PWD

QUICK=false
if [[ "${1:-}" == "--quick" ]]; then
  QUICK=true
fi
if $QUICK; then
  SIZES=${BENCH_SIZES:-100}; ROUNDS=${BENCH_ROUNDS:-1}; BOOT_ROUNDS=${BENCH_BOOT_ROUNDS:-0}
else
  SIZES=${BENCH_SIZES:-100,1000,5000}; ROUNDS=${BENCH_ROUNDS:-5,5,2}; BOOT_ROUNDS=${BENCH_BOOT_ROUNDS:-7}
fi
DBS=${BENCH_DBS:-h2,postgres,mariadb}
WORK=$(realpath -m "${BENCH_WORK:-migrate-benchmarks/harness/target/bench-work}")
OUT=${BENCH_OUT:-docs/benchmarks.md}
export MIGRATE_TEST_POSTGRES_URL=${MIGRATE_TEST_POSTGRES_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}
export MIGRATE_TEST_MARIADB_URL=${MIGRATE_TEST_MARIADB_URL:-jdbc:mariadb://127.0.0.1:3306/test?user=root}

log() { echo "[run.sh $(date +%H:%M:%S)] $*" >&2; }

log "building migrate-core and migrate-benchmarks (tests skipped)"
modules=migrate-benchmarks/harness,migrate-benchmarks/boot-app
if ((BOOT_ROUNDS > 0)); then
  modules=$modules,migrate-benchmarks/boot-migrate,migrate-benchmarks/boot-flyway,migrate-benchmarks/boot-liquibase
fi
./mvnw -B -q -pl "$modules" -am package -DskipTests </dev/null

# shellcheck source=migrate-benchmarks/snapshot.sh
source migrate-benchmarks/snapshot.sh

rm -rf "$WORK/lib" "$WORK/classpaths"
mkdir -p "$WORK/lib" "$WORK/classpaths"
HARNESS_CP=$(snapshot "$ROOT/migrate-benchmarks/harness/target/classes:$(cat migrate-benchmarks/harness/target/classpath.txt)")
if ((BOOT_ROUNDS > 0)); then
  app_classes=$ROOT/migrate-benchmarks/boot-app/target/classes
  snapshot "$app_classes:$(cat migrate-benchmarks/boot-app/target/classpath.txt)" >"$WORK/classpaths/baseline.txt"
  for app in migrate flyway liquibase; do
    # The module's class path names boot-app's jar; use its classes instead, like the baseline.
    cp_file=migrate-benchmarks/boot-$app/target/classpath.txt
    snapshot "$app_classes:$(tr ':' '\n' <"$cp_file" | grep -v 'migrate-benchmarks-boot-app' | paste -sd:)" \
      >"$WORK/classpaths/$app.txt"
  done
fi

results=$WORK/results-$(date +%Y%m%d-%H%M%S).csv
boot_results=${results%.csv}-boot.csv
load_start=$(cut -d' ' -f1 /proc/loadavg)
started=$(date -u +'%Y-%m-%d %H:%M UTC')
t0=$SECONDS
log "matrix: sizes $SIZES, rounds $ROUNDS, databases $DBS; results in $results"
set +e
java -Xmx256m -cp "$HARNESS_CP" dev.migrate.benchmarks.Launcher --sizes="$SIZES" --rounds="$ROUNDS" --dbs="$DBS" \
  --work="$WORK" --results="$results" --classpath="$HARNESS_CP"
matrix_status=$?
set -e
matrix_minutes=$(((SECONDS - t0 + 30) / 60))
if ((BOOT_ROUNDS > 0)); then
  log "Spring Boot startup comparison: $BOOT_ROUNDS rounds"
  java -Xmx256m -cp "$HARNESS_CP" dev.migrate.benchmarks.BootStartup --rounds="$BOOT_ROUNDS" --n=1000 --work="$WORK" \
    --classpaths="$WORK/classpaths" --results="$boot_results" || log "the Spring Boot part failed; see $WORK/logs/boot.log"
fi
load_end=$(cut -d' ' -f1 /proc/loadavg)
finished=$(date -u +'%Y-%m-%d %H:%M UTC')

command="migrate-benchmarks/run.sh${1:+ $1}"
[[ -z "${BENCH_SIZES:-}${BENCH_ROUNDS:-}${BENCH_DBS:-}" ]] || command="BENCH_SIZES=$SIZES BENCH_ROUNDS=$ROUNDS BENCH_DBS=$DBS $command"
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
changed=$(git status --porcelain -- migrate-core 2>/dev/null | wc -l)
source_note="migrate-core as committed"
((changed == 0)) || source_note="migrate-core with $changed uncommitted change(s) in the working tree"
java -Xmx256m -cp "$HARNESS_CP" dev.migrate.benchmarks.Report --results="$results" --boot="$boot_results" --out="$OUT" \
  --analysis=migrate-benchmarks/analysis.md --command="$command" --started="$started" --finished="$finished" \
  --matrix-minutes="$matrix_minutes" --load="$load_start / $load_end" --commit="$commit" --source-note="$source_note"
log "wrote $OUT (matrix took $matrix_minutes min)"
exit $matrix_status
