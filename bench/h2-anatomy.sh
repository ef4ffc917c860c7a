#!/usr/bin/env bash
# What an H2 file is made of, chunk by chunk (issue 18): the chunks by live share, and the pages that keep the sparse
# ones in the file. Opens the file read-only; give it a file no application has open (a run's, kept with
# `bash bench/run.sh --keep-data=true`, or a copy). Not part of `mvn test`.
#
#   bash bench/h2-anatomy.sh /tmp/courier-bench-.../h2/courier.mv.db
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
  mvn -q -f bench/pom.xml package
fi
exec java -Xmx1g -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  org.credentialcourier.bench.H2FileAnatomy "$@"
