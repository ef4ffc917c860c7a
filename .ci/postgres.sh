#!/usr/bin/env bash
# Starts Debian's PostgreSQL on loopback and creates a fresh, empty test database for the suite:
#   COURIER_DB_URL, COURIER_DB_USER and COURIER_DB_PASSWORD are printed as shell assignments to eval, and
#   COURIER_TEST_PG_RESTART, the command with which the fault tests restart this cluster.
# The role may create databases: each fault test (src/test/java/org/credentialcourier/faults) makes its own, and so
# does bench/cluster-sweep.sh; every database the role owns is dropped here first, or the role could not be.
# COURIER_PG_CLUSTER picks a cluster by name (default: the first one pg_lsclusters lists).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
if ! command -v pg_lsclusters >/dev/null 2>&1; then
  apt-get update >&2
  apt-get install -y --no-install-recommends postgresql >&2
fi
cluster=$(pg_lsclusters --no-header | awk -v want="${COURIER_PG_CLUSTER:-}" 'want == "" || $2 == want' | head -n 1)
version=$(echo "$cluster" | awk '{print $1}')
name=$(echo "$cluster" | awk '{print $2}')
port=$(echo "$cluster" | awk '{print $3}')
if ! echo "$cluster" | grep -q online; then
  pg_ctlcluster "$version" "$name" start >&2
fi
# the suite's Spring contexts each keep a pool (a test class with settings of its own gets a context of its own), and
# the fault tests start nodes of their own beside them: Debian's 100 connections ran out (TwoNodesTest, "remaining
# connection slots are reserved")
if [ "$(su postgres -c "psql -p $port -tAc 'SHOW max_connections'")" -lt 300 ]; then
  su postgres -c "psql -p $port -q -c 'ALTER SYSTEM SET max_connections = 300'" >&2
  pg_ctlcluster "$version" "$name" restart >&2
fi
password="courier-ci-$RANDOM$RANDOM"
su postgres -c "psql -p $port -v ON_ERROR_STOP=1 -q" >&2 <<SQL
SELECT format('DROP DATABASE %I WITH (FORCE)', d.datname) FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba
  WHERE r.rolname = 'courier' \gexec
DROP DATABASE IF EXISTS courier_test;
DROP ROLE IF EXISTS courier;
CREATE ROLE courier LOGIN CREATEDB PASSWORD '$password';
CREATE DATABASE courier_test OWNER courier;
SQL
echo "export COURIER_DB_URL=jdbc:postgresql://127.0.0.1:$port/courier_test"
echo "export COURIER_DB_USER=courier"
echo "export COURIER_DB_PASSWORD=$password"
echo "export COURIER_TEST_PG_RESTART='pg_ctlcluster $version $name restart'"
