#!/usr/bin/env bash
# Runs every test of SigningService. On a fresh Debian machine with the .NET SDK:
#   - installs the tools the tests need with apt-get when run as root (fails loudly otherwise);
#   - provisions SoftHSM tokens from certs-dev (one per dev identity, PIN 123456);
#   - starts a throwaway PostgreSQL (tests/postgres.sh; SIGNING_TEST_POSTGRES), stopped on exit;
#   - builds the solution and runs every test project. Nothing is skipped: a missing tool fails the run.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
RUN_DIR="$ROOT/.test-run"

# tool → Debian package
declare -A TOOLS=(
  [softhsm2-util]=softhsm2 [pkcs11-tool]=opensc [pdfsig]=poppler-utils [pdftoppm]=poppler-utils
  [pdftotext]=poppler-utils [pdfinfo]=poppler-utils [qpdf]=qpdf [mutool]=mupdf-tools [zbarimg]=zbar-tools
  [certutil]=libnss3-tools [pk12util]=libnss3-tools [openssl]=openssl [python3]=python3 [chromium]=chromium
)

missing_packages() {
  local pkgs=()
  for tool in "${!TOOLS[@]}"; do
    command -v "$tool" >/dev/null 2>&1 || pkgs+=("${TOOLS[$tool]}")
  done
  [ -f /usr/lib/softhsm/libsofthsm2.so ] || pkgs+=(softhsm2)
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || pkgs+=(postgresql)
  printf '%s\n' "${pkgs[@]}" | sort -u | grep -v '^$' || true
}

pkgs=$(missing_packages)
if [ -n "$pkgs" ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "==> installing: $(echo $pkgs)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $pkgs >/dev/null
  else
    echo "ERROR: missing tools; install these Debian packages (or run as root): $(echo $pkgs)" >&2
    exit 1
  fi
fi
pkgs=$(missing_packages)
if [ -n "$pkgs" ]; then
  echo "ERROR: still missing after install: $(echo $pkgs)" >&2
  exit 1
fi
command -v dotnet >/dev/null || { echo "ERROR: the .NET SDK (dotnet) is not on PATH" >&2; exit 1; }

echo "==> provisioning SoftHSM tokens"
rm -rf "$RUN_DIR"
mkdir -p "$RUN_DIR"
bash certs-dev/provision-softhsm.sh "$RUN_DIR/softhsm" >/dev/null
export SOFTHSM2_CONF="$RUN_DIR/softhsm/softhsm2.conf"

# shellcheck source=tests/postgres.sh
source tests/postgres.sh
trap postgres_stop EXIT
postgres_start "$RUN_DIR/postgres"  # exports SIGNING_TEST_POSTGRES for the test processes

echo "==> building"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build SigningService.sln -c Release -nologo -v quiet -clp:ErrorsOnly

passed=0; failed=0; status=0
for project in tests/*.Tests/*.csproj; do
  name=$(basename "$project" .csproj)
  echo "==> $name"
  log="$RUN_DIR/$name.log"
  if ! dotnet test "$project" -c Release --no-build --nologo \
        --results-directory "$RUN_DIR/results" >"$log" 2>&1; then
    status=1
    # Each failing test with its message and the top of its stack trace, so a CI log alone tells what broke.
    awk '/^ +Failed [A-Za-z_]/ { n = 40 } n > 0 || / error / { print } n > 0 { n-- }' "$log" | head -300 || true
  fi
  line=$(grep -E "(Passed|Failed)!? +- +Failed: +[0-9]+, +Passed: +[0-9]+" "$log" | tail -1 || true)
  if [ -z "$line" ]; then
    echo "ERROR: $name produced no test summary (see $log)" >&2
    tail -20 "$log" >&2
    status=1
    continue
  fi
  echo "    $line"
  f=$(sed -E 's/.*Failed: +([0-9]+).*/\1/' <<<"$line")
  p=$(sed -E 's/.*Passed: +([0-9]+).*/\1/' <<<"$line")
  s=$(sed -E 's/.*Skipped: +([0-9]+).*/\1/' <<<"$line")
  passed=$((passed + p)); failed=$((failed + f))
  if [ "$s" != 0 ]; then
    echo "ERROR: $name skipped $s test(s); nothing may be skipped" >&2
    status=1
  fi
done

echo
echo "Tests: $passed passed, $failed failed"
exit $status
