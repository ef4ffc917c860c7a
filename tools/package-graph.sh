#!/usr/bin/env bash
# The package graph of org.credentialcourier (issue 14, docs/ARCHITECTURE.md): package -> package edges, then the
# packages that form cycles (strongly connected components of the top-level packages).
#
#   tools/package-graph.sh            edges from the compiled classes (jdeps -verbose:package on target/classes)
#   tools/package-graph.sh --source   edges from the import lines of src/main/java (also the imports used only for a
#                                     constant, which the compiler inlines and the bytecode no longer shows)
#   tools/package-graph.sh --classes  class -> class edges between different packages (which class causes an edge)
#
# Compile first (mvn -q -B compile) for the default and --classes. Names are shown without "org.credentialcourier.".
set -euo pipefail
cd "$(dirname "$0")/.."
root=org.credentialcourier
mode=${1:-}

bytecode() {
  [ -d target/classes/org ] || { echo "target/classes is missing: run mvn -q -B compile" >&2; exit 1; }
  jdeps "-verbose:$1" target/classes 2>/dev/null
}

case "$mode" in
  --classes)
    bytecode class | awk -v r="$root." '
      index($1, r) == 1 && index($3, r) == 1 {
        a = $1; b = $3; sub(/\$.*/, "", a); sub(/\$.*/, "", b)
        pa = a; sub(/\.[A-Z][^.]*$/, "", pa); pb = b; sub(/\.[A-Z][^.]*$/, "", pb)
        if (pa != pb) print substr(a, length(r) + 1) " -> " substr(b, length(r) + 1)
      }' | sort -u
    exit 0 ;;
  --source)
    edges=$(grep -rE --include='*.java' "^import (static )?$root\." src/main/java | awk -v r="$root." '
      {
        file = $0; sub(/:.*/, "", file); sub(/^src\/main\/java\//, "", file); sub(/\/[^\/]*$/, "", file)
        gsub(/\//, ".", file)
        imp = $0; sub(/^[^:]*:import (static )?/, "", imp); sub(/;.*/, "", imp)
        n = split(imp, part, "."); pkg = part[1]
        for (i = 2; i <= n && part[i] !~ /^[A-Z*]/; i++) pkg = pkg "." part[i]
        if (pkg != file) print substr(file, length(r) + 1) " -> " substr(pkg, length(r) + 1)
      }' | sort -u) ;;
  "")
    edges=$(bytecode package | awk -v r="$root" '
      ($1 == r || index($1, r ".") == 1) && index($3, r ".") == 1 && $1 != $3 {
        a = ($1 == r) ? "(root)" : substr($1, length(r) + 2); print a " -> " substr($3, length(r) + 2)
      }' | sort -u) ;;
  *) sed -n '2,10p' "$0"; exit 2 ;;
esac

echo "$edges"
echo "$edges" | awk '
  {
    a = $1; b = $3; sub(/\..*/, "", a); sub(/\..*/, "", b)
    node[a] = 1; node[b] = 1
    if (a != b && !((a, b) in edge)) { edge[a, b] = 1; reach[a, b] = 1; top++ }
  }
  END {
    n = 0; for (v in node) { n++; name[n] = v }
    for (i = 2; i <= n; i++)
      for (j = i; j > 1 && name[j - 1] > name[j]; j--) { t = name[j]; name[j] = name[j - 1]; name[j - 1] = t }
    for (k = 1; k <= n; k++) for (i = 1; i <= n; i++) if ((name[i], name[k]) in reach)
      for (j = 1; j <= n; j++) if ((name[k], name[j]) in reach) reach[name[i], name[j]] = 1
    oncycle = 0; for (e in edge) { split(e, p, SUBSEP); if ((p[2], p[1]) in reach) oncycle++ }
    printf "\n%d package edges (%d between top-level packages, %d of them on a cycle), %d top-level packages\n", \
      NR, top, oncycle, n
    for (i = 1; i <= n; i++) {
      if (done[name[i]] || !((name[i], name[i]) in reach)) continue
      members = name[i]; size = 1; done[name[i]] = 1
      for (j = 1; j <= n; j++) if (j != i && (name[i], name[j]) in reach && (name[j], name[i]) in reach) {
        members = members " " name[j]; size++; done[name[j]] = 1
      }
      printf "cycle of %d packages: %s\n", size, members
    }
  }'
