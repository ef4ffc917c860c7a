#!/usr/bin/env bash
# Start-up of the application (issue 18, item 4), measured the ways it can be launched, interleaved so that a change
# in the machine's load touches every way alike. Each start: a fresh working directory (so a fresh H2 file under
# ./data), the embedded SMTP server on a free port, from starting the JVM to the first UP of /actuator/health.
#
#   run-command    the JVM that README's `mvn spring-boot:run` forks: pom.xml's courier.jvm.options and its
#                  MALLOC_ARENA_MAX, classes from target/classes, the libraries as plain jars (Maven's own start-up
#                  and its up-to-date checks come before and are not counted)
#   jar            java -jar target/credential-courier-0.1.0-SNAPSHOT.jar, the libraries nested in the jar
#   extracted      the jar extracted by Spring Boot's jar mode tools, the libraries as plain jars beside it
#   extracted-cds  the same with a dynamic Class Data Sharing archive, written by one training start beforehand
#   restart        the run command's JVM again on the H2 file of an earlier start (its schema, migrations, demo
#                  admin and deployments in place): the usual start of an installation, where the others are its first
#
# Every way runs with the run command's JVM options and environment. Prints each start, then the median of each way
# against the 8 s goal. Not part of `mvn test`.
#
#   bash bench/startup.sh            # 3 rounds
#   bash bench/startup.sh 5          # 5 rounds
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
rounds=${1:-3}
goal_ms=8000

if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
  mvn -q -DskipTests package
fi
jar="$repo/target/credential-courier-0.1.0-SNAPSHOT.jar"
main_class=$(unzip -p "$jar" META-INF/MANIFEST.MF | sed -n 's/^Start-Class: *//p' | tr -d '\r')
read -r -a jvm_options <<< "$(sed -n 's:.*<courier.jvm.options>\(.*\)</courier.jvm.options>.*:\1:p' pom.xml)"
export MALLOC_ARENA_MAX
MALLOC_ARENA_MAX=$(sed -n 's:.*<MALLOC_ARENA_MAX>\(.*\)</MALLOC_ARENA_MAX>.*:\1:p' pom.xml)

work=$(mktemp -d /tmp/courier-startup-XXXXXX)
trap 'pkill -f "courier-startup-marker=$work" 2>/dev/null || true; rm -rf "$work"' EXIT
java -Djarmode=tools -jar "$jar" extract --destination "$work/extracted" > /dev/null
extracted_jar="$work/extracted/$(basename "$jar")"
archive="$work/app.jsa"

free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 20000))
    if ! (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null; then echo "$port"; return; fi
  done
}

# start <way> [extra JVM options...]: prints "<milliseconds> <resident MB>", or fails
start() {
  local way=$1; shift
  local dir port pid t0 t1 rss
  if [ "$way" = restart ]; then dir="$work/kept"; mkdir -p "$dir"; else dir=$(mktemp -d "$work/run-XXXXXX"); fi
  port=$(free_port)
  local app_args=(--server.port="$port" --courier.mail.embedded-smtp.port=0 --courier-startup-marker="$work")
  local launch
  case $way in
    run-command | restart) launch=(-cp "$repo/target/classes:$work/extracted/lib/*" "$main_class") ;;
    jar) launch=(-jar "$jar") ;;
    extracted) launch=(-jar "$extracted_jar") ;;
    extracted-cds) launch=(-XX:SharedArchiveFile="$archive" -jar "$extracted_jar") ;;
    training) launch=(-XX:ArchiveClassesAtExit="$archive" -jar "$extracted_jar") ;;
  esac
  t0=$(date +%s%N)
  (cd "$dir" && exec java "${jvm_options[@]}" "$@" "${launch[@]}" "${app_args[@]}" > "$dir/app.log" 2>&1) &
  pid=$!
  until curl -sf "http://127.0.0.1:$port/actuator/health" 2> /dev/null | grep -q '"UP"'; do
    if ! kill -0 "$pid" 2> /dev/null || [ $(( ($(date +%s%N) - t0) / 1000000000 )) -gt 180 ]; then
      echo "$way did not start; its log:" >&2; tail -20 "$dir/app.log" >&2
      kill "$pid" 2> /dev/null || true
      return 1
    fi
    sleep 0.05
  done
  t1=$(date +%s%N)
  rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status")
  # one page through the whole stack, so a training run archives the classes of a request too
  curl -s -o /dev/null "http://127.0.0.1:$port/admin/sign-in"
  kill "$pid"; wait "$pid" 2> /dev/null || true
  if [ "$way" != restart ]; then rm -rf "$dir"; fi
  echo "$(( (t1 - t0) / 1000000 )) $rss"
}

echo "JVM options: ${jvm_options[*]}; MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX; $(nproc) cores; $(java -version 2>&1 | tail -1)"
out=$(start training) || exit 1
echo "training start for the CDS archive: $out (ms, MB resident)"
ls "$archive" > /dev/null
out=$(start restart) || exit 1
echo "first start on the H2 file the restarts use: $out (ms, MB resident)"
ways=(run-command restart jar extracted extracted-cds)
declare -A times
for round in $(seq 1 "$rounds"); do
  for way in "${ways[@]}"; do
    out=$(start "$way") || exit 1
    read -r ms rss <<< "$out"
    times[$way]="${times[$way]:-} $ms"
    echo "round $round  $way  ${ms} ms to UP  ${rss} MB resident  load $(cut -d' ' -f1 /proc/loadavg)"
  done
done

echo
echo "| launch | starts to health UP (ms) | median | goal | |"
echo "|---|---|---|---|---|"
for way in "${ways[@]}"; do
  read -r -a list <<< "${times[$way]}"
  median=$(printf '%s\n' "${list[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2)}')
  verdict="NOT met"; [ "$median" -le "$goal_ms" ] && verdict="met"
  awk -v way="$way" -v list="${list[*]}" -v median="$median" -v goal="$goal_ms" -v verdict="$verdict" \
    'BEGIN { printf "| %s | %s | %.1f s | ≤ %.0f s | %s |\n", way, list, median / 1000, goal / 1000, verdict }'
done
