#!/usr/bin/env bash
# The measurement behind the job executor settings of profile postgres (issue #6; docs/BENCHMARKS.md, "Cluster"):
# two application nodes on one fresh PostgreSQL database, a bulk of SWEEP_N (2,000) invitations requested of the first
# node, an SMTP server behind a network with a round trip of SWEEP_SMTP_RTT_MS (15 ms: about 105 ms per message, as a
# mail provider across a network), once per variant of the job executor settings. Each variant gets a database of its own. Prints one line per variant and keeps each
# run's table in bench/target/results/.
#
#   eval "$(bash .ci/postgres.sh)"     # Debian's PostgreSQL on loopback; a role that may create databases
#   bash bench/cluster-sweep.sh        # about 3 minutes per variant on 2 cores
#
# COURIER_DB_URL names the cluster (its host and port); the sweep works in database courier_sweep, dropped first.
set -euo pipefail
cd "$(dirname "$0")/.."

: "${COURIER_DB_URL:?eval \"\$(bash .ci/postgres.sh)\" first}"
hostport=$(echo "$COURIER_DB_URL" | sed -E 's#jdbc:postgresql://([^/]+)/.*#\1#')
host=${hostport%:*}
port=${hostport##*:}
n=${SWEEP_N:-2000}
rtt=${SWEEP_SMTP_RTT_MS:-15}

if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
  mvn -q -DskipTests package
  mvn -q -f bench/pom.xml package
fi

jobs='--app=--camunda.bpm.job-execution'
declare -A variants=(
  [a-3-6-acq6]="$jobs.core-pool-size=3 $jobs.max-pool-size=6 $jobs.queue-capacity=12 $jobs.max-jobs-per-acquisition=6"
  [b-3-6-acq20]="$jobs.core-pool-size=3 $jobs.max-pool-size=6 $jobs.queue-capacity=20 $jobs.max-jobs-per-acquisition=20"
  [c-8-8-acq20]="$jobs.core-pool-size=8 $jobs.max-pool-size=8 $jobs.queue-capacity=20 $jobs.max-jobs-per-acquisition=20 --app=--spring.datasource.hikari.maximum-pool-size=30"
  [d-8-8-acq20-nobackoff]="$jobs.core-pool-size=8 $jobs.max-pool-size=8 $jobs.queue-capacity=20 $jobs.max-jobs-per-acquisition=20 $jobs.backoff-time-in-millis=0 --app=--spring.datasource.hikari.maximum-pool-size=30"
)
for name in $(printf '%s\n' "${!variants[@]}" | sort); do
  PGPASSWORD="$COURIER_DB_PASSWORD" psql -q -h "$host" -p "$port" -U "$COURIER_DB_USER" -d postgres \
    -c "DROP DATABASE IF EXISTS courier_sweep WITH (FORCE)" -c "CREATE DATABASE courier_sweep" >/dev/null
  # shellcheck disable=SC2086
  COURIER_DB_URL="jdbc:postgresql://$host:$port/courier_sweep" BENCH_SKIP_BUILD=1 bash bench/run.sh \
    --db=postgres --nodes=2 --smtp-rtt-ms="$rtt" --phases=bulk --n="$n" --warmup=300 --doc=none \
    --label="sweep-$name" ${variants[$name]} > "bench/target/sweep-$name.log" 2>&1 || {
      echo "$name: failed, see bench/target/sweep-$name.log"; continue; }
  echo "$name: $(grep -E 'bulk: [0-9]+ invitations in' "bench/target/sweep-$name.log" | sed 's/^\[bench [^]]*\] //')"
  echo "$name: $(grep -E 'successful jobs by node' "bench/target/sweep-$name.log" | sed 's/^\[bench [^]]*\] //')"
done
