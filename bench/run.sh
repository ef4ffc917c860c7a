#!/usr/bin/env bash
# The benchmark of issue #8: builds the application jar and the driver, starts the application (java -jar, embedded
# defaults, a fresh H2 directory) with the driver's SMTP server, measures, prints a table and writes it into
# docs/BENCHMARKS.md. Not part of `mvn test`. Full size takes about 25 minutes on 2 cores.
#
#   bash bench/run.sh                      # full size: N=10,000, 100,000 pending
#   bash bench/run.sh --quick              # small sizes, a few minutes, writes no doc
#   bash bench/run.sh --app=--camunda.bpm.job-execution.max-pool-size=4 --jvm=-Xmx512m   # try a setting
#   bash bench/run.sh --help               # every option
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

args=()
for arg in "$@"; do
  if [ "$arg" = "--quick" ]; then
    args+=(--n=1000 --warmup=300 --latency=50 --waiting=5000 --expire=2000 --doc=none)
  else
    args+=("$arg")
  fi
done

if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
  mvn -q -DskipTests package
  mvn -q -f bench/pom.xml package
fi

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then commit="$commit+changes"; fi

exec java -Xmx1g -cp "bench/target/classes:$(cat bench/target/classpath.txt)" org.credentialcourier.bench.Benchmark \
  --repo="$repo" --jar="$repo/target/credential-courier-0.1.0-SNAPSHOT.jar" --commit="$commit" "${args[@]}"
