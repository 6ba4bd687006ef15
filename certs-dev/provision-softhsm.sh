#!/usr/bin/env bash
# Provisions SoftHSM2 tokens for the dev identities in certs-dev/manifest.json.
# DEV ONLY: fixed PINs (user 123456, SO 12345678) — never use this for a real key.
#
# Usage: certs-dev/provision-softhsm.sh [TOKEN_DIR]
#   TOKEN_DIR defaults to the directory of $SOFTHSM2_CONF, else ./.softhsm.
# Idempotent: a token that already exists with the identity's label is left alone, so re-running
# never re-keys an official (their issued certificates stay valid).
# Environment: MANIFEST (default: manifest.json next to this script), MANIFEST_WAIT_SECONDS (default
# 0: fail at once if the manifest is missing), SOFTHSM2_MODULE (default: Debian's path).
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
manifest="${MANIFEST:-$script_dir/manifest.json}"
module="${SOFTHSM2_MODULE:-/usr/lib/softhsm/libsofthsm2.so}"
user_pin=123456 # replaced by the manifest's tokenUserPin when it has one
so_pin=12345678

die() { echo "provision-softhsm: $*" >&2; exit 1; }

command -v softhsm2-util >/dev/null || die "softhsm2-util not found (apt-get install softhsm2)"
command -v pkcs11-tool >/dev/null || die "pkcs11-tool not found (apt-get install opensc)"
command -v openssl >/dev/null || die "openssl not found"
command -v python3 >/dev/null || die "python3 not found (used to read the manifest)"
[[ -r "$module" ]] || die "PKCS#11 module $module not found (set SOFTHSM2_MODULE)"

if [[ $# -ge 1 ]]; then
    token_dir="$1"
elif [[ -n "${SOFTHSM2_CONF:-}" ]]; then
    token_dir="$(dirname "$SOFTHSM2_CONF")"
else
    token_dir="./.softhsm"
fi
mkdir -p "$token_dir/tokens"
token_dir="$(cd "$token_dir" && pwd)"
conf="$token_dir/softhsm2.conf"
# Never clobber a config we did not write (e.g. /etc/softhsm/softhsm2.conf via $SOFTHSM2_CONF).
if [[ -e "$conf" ]] && ! grep -q '^# Written by certs-dev/provision-softhsm.sh' "$conf"; then
    die "$conf exists and was not written by this script; pass a TOKEN_DIR of its own"
fi

# Tokens live in a subfolder so the config file never sits inside SoftHSM's object store.
cat >"$conf" <<EOF
# Written by certs-dev/provision-softhsm.sh (dev only).
directories.tokendir = $token_dir/tokens
objectstore.backend = file
log.level = ERROR
slots.removable = false
EOF
export SOFTHSM2_CONF="$conf"

wait_seconds="${MANIFEST_WAIT_SECONDS:-0}"
while [[ ! -s "$manifest" && "$wait_seconds" -gt 0 ]]; do
    sleep 1
    wait_seconds=$((wait_seconds - 1))
done
[[ -s "$manifest" ]] || die "manifest $manifest not found (generate the dev PKI first)"
manifest_dir="$(cd "$(dirname "$manifest")" && pwd)"

# One tab-separated line per identity; paths resolved relative to the manifest.
# Accepts either a top-level array or {"identities": [...]}.
identities="$(python3 - "$manifest" "$manifest_dir" <<'PY'
import json, os, sys
path, base = sys.argv[1], sys.argv[2]
with open(path, encoding="utf-8") as f:
    doc = json.load(f)
entries = doc if isinstance(doc, list) else doc.get("identities", [])
print(doc.get("tokenUserPin", "") if isinstance(doc, dict) else "")
for e in entries:
    if not e.get("tokenLabel"):
        continue  # not a token identity (e.g. the TSA or OCSP responder)
    missing = [k for k in ("name", "keyFile", "certFile", "idHex") if not e.get(k)]
    if missing:
        sys.exit(f"manifest entry {e.get('name', '?')}: missing {', '.join(missing)}")
    resolve = lambda p: p if os.path.isabs(p) else os.path.join(base, p)
    print("\t".join([e["name"], e["tokenLabel"], e.get("keyLabel") or "sign",
                     e["idHex"].lower(), resolve(e["keyFile"]), resolve(e["certFile"])]))
PY
)"

# First line: the manifest's user PIN (may be empty); the rest: one identity per line.
manifest_pin="$(head -n 1 <<<"$identities")"
identities="$(tail -n +2 <<<"$identities")"
[[ -n "$manifest_pin" ]] && user_pin="$manifest_pin"

token_exists() {
    # softhsm2-util --show-slots prints "Label: <label padded>" for every initialised token.
    softhsm2-util --show-slots 2>/dev/null | sed -n 's/^ *Label: *//p' | sed 's/ *$//' | grep -Fxq -- "$1"
}

token_complete() { # label key_label id_hex: private key and certificate both present with that id?
    pkcs11-tool --module "$module" --token-label "$1" --login --pin "$user_pin" --list-objects 2>/dev/null \
        | awk -v id="$3" '
            /^[A-Za-z]/ { kind = $0 }
            $1 == "ID:" && tolower($2) == id && kind ~ /^Private Key/ { key = 1 }
            $1 == "ID:" && tolower($2) == id && kind ~ /^Certificate/ { cert = 1 }
            END { exit !(key && cert) }'
}

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

count=0
while IFS=$'\t' read -r name label key_label id_hex key_file cert_file; do
    [[ -n "$name" ]] || continue
    [[ -r "$key_file" ]] || die "$name: key file $key_file not readable"
    [[ -r "$cert_file" ]] || die "$name: certificate file $cert_file not readable"
    if token_exists "$label"; then
        if token_complete "$label" "$key_label" "$id_hex"; then
            echo "provision-softhsm: token '$label' ($name) already exists, skipped" >&2
            continue
        fi
        # A run that died half-way leaves a token without its key or certificate: start it afresh.
        echo "provision-softhsm: token '$label' ($name) is incomplete, re-creating it" >&2
        softhsm2-util --delete-token --token "$label" >/dev/null
    fi
    softhsm2-util --init-token --free --label "$label" --pin "$user_pin" --so-pin "$so_pin" >/dev/null
    softhsm2-util --import "$key_file" --token "$label" --label "$key_label" --id "$id_hex" \
        --pin "$user_pin" >/dev/null
    # pkcs11-tool wants DER; the manifest may give PEM or DER.
    openssl x509 -in "$cert_file" -outform DER -out "$tmp/cert.der" 2>/dev/null \
        || openssl x509 -inform DER -in "$cert_file" -outform DER -out "$tmp/cert.der"
    pkcs11-tool --module "$module" --token-label "$label" --login --pin "$user_pin" \
        --write-object "$tmp/cert.der" --type cert --id "$id_hex" --label "$key_label" >/dev/null
    echo "provision-softhsm: token '$label' ($name) created with key '$key_label' id $id_hex" >&2
    count=$((count + 1))
done <<<"$identities"

echo "provision-softhsm: $count token(s) created in $token_dir/tokens" >&2
echo "export SOFTHSM2_CONF=$conf"
