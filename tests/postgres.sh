#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests. Sourced by ./test.sh:
#   postgres_start DIR   fresh cluster in DIR/pgdata (any old one is deleted), listening on 127.0.0.1 on a
#                        free port, unix socket inside DIR, log in DIR/postgres.log; exports
#                        SIGNING_TEST_POSTGRES (an Npgsql connection string for the superuser "postgres").
#   postgres_stop [DIR]  stops it (immediately; the data is thrown away). Safe to call twice.
# Standalone: bash tests/postgres.sh start DIR | stop DIR
# Needs Debian's server binaries (/usr/lib/postgresql/*/bin; package postgresql) and python3. It never
# uses or touches the system's own cluster (Debian's "main" on 5432 may run or not). As root, the server
# runs as the OS user postgres (it refuses to run as root), so DIR is chowned to that user.

# The newest /usr/lib/postgresql/<version>/bin holding initdb and pg_ctl, or fails loudly.
postgres_bindir() {
  local initdb
  initdb=$(ls -1d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -1 || true)
  if [ -z "$initdb" ] || [ ! -x "$(dirname "$initdb")/pg_ctl" ]; then
    echo "ERROR: PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin/initdb, pg_ctl);" \
      "install the Debian package postgresql (./test.sh does so when run as root)" >&2
    return 1
  fi
  dirname "$initdb"
}

# Runs a command as the server's OS user: postgres when we are root, ourselves otherwise.
_postgres_as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

_postgres_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

postgres_start() {
  local dir=${1:?usage: postgres_start DIR}
  local bin pgdata sockdir password port version attempt started=0 t0
  t0=$EPOCHREALTIME
  bin=$(postgres_bindir) || return 1
  command -v python3 >/dev/null || { echo "ERROR: python3 is needed to pick a free port for PostgreSQL" >&2; return 1; }
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  POSTGRES_TMP_DIR='' POSTGRES_LOG_COPY=''
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || { echo "ERROR: OS user postgres missing (package postgresql not installed?)" >&2; return 1; }
    chown postgres: "$dir"
    if ! runuser -u postgres -- test -w "$dir"; then
      # E.g. a checkout under /root (mode 700): the server's user cannot reach DIR. The cluster goes to
      # /tmp instead; postgres_stop copies its log back to DIR and removes it.
      POSTGRES_LOG_COPY="$dir/postgres.log"
      rm -f "$POSTGRES_LOG_COPY"
      dir=$(mktemp -d /tmp/signing-postgres.XXXXXX)
      POSTGRES_TMP_DIR=$dir
      chown postgres: "$dir"
      echo "note: the OS user postgres cannot reach ${POSTGRES_LOG_COPY%/*}; the cluster is in $dir"
    fi
  fi
  pgdata="$dir/pgdata"

  # A server left running on an old cluster here (an interrupted run) goes first; then the cluster.
  if [ -f "$pgdata/postmaster.pid" ]; then
    (cd "$dir" && _postgres_as_owner "$bin/pg_ctl" -D "$pgdata" -m immediate -w stop >/dev/null 2>&1) || true
  fi
  rm -rf "$pgdata" "$dir/socket" "$dir/postgres.log" "$dir/initdb.log" "$dir/pwfile"
  # The socket path must fit in sun_path (107 bytes, with "/.s.PGSQL.<port>"): a short one in /tmp if DIR is deep.
  sockdir="$dir/socket"
  if [ ${#sockdir} -gt 80 ]; then
    sockdir=$(mktemp -d /tmp/pgsock.XXXXXX)
  fi
  mkdir -p "$sockdir"
  if [ "$(id -u)" = 0 ]; then chown postgres: "$sockdir"; fi

  password=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
  (umask 077 && printf '%s\n' "$password" >"$dir/pwfile")
  if [ "$(id -u)" = 0 ]; then chown postgres: "$dir/pwfile"; fi
  # cd: the server's user may not be allowed into the caller's working directory.
  if ! (cd "$dir" && _postgres_as_owner "$bin/initdb" -D "$pgdata" -U postgres --pwfile="$dir/pwfile" \
        --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --no-locale --no-sync \
        >"$dir/initdb.log" 2>&1); then
    rm -f "$dir/pwfile"
    echo "ERROR: initdb failed:" >&2
    cat "$dir/initdb.log" >&2
    return 1
  fi
  rm -f "$dir/pwfile"
  cat >>"$pgdata/postgresql.conf" <<EOF

# ---- throwaway test server (tests/postgres.sh) ----
listen_addresses = '127.0.0.1'
unix_socket_directories = '$sockdir'
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 32MB
max_connections = 200
EOF

  # The port is free when picked but could be taken before the server binds it: a few tries.
  for attempt in 1 2 3; do
    port=$(_postgres_free_port) || { echo "ERROR: could not pick a free port with python3" >&2; return 1; }
    if (cd "$dir" && _postgres_as_owner "$bin/pg_ctl" -D "$pgdata" -l "$dir/postgres.log" -w -t 60 \
          -o "-p $port" start >/dev/null); then
      started=1
      break
    fi
    grep -q "could not bind" "$dir/postgres.log" 2>/dev/null || break
  done
  if [ "$started" != 1 ]; then
    echo "ERROR: PostgreSQL did not start (attempt $attempt); $dir/postgres.log:" >&2
    tail -30 "$dir/postgres.log" >&2 || true
    return 1
  fi

  POSTGRES_BIN=$bin POSTGRES_DATA=$pgdata POSTGRES_PORT=$port POSTGRES_SOCKET_DIR=$sockdir
  export SIGNING_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Password=$password;Database=postgres"
  version=$("$bin/postgres" --version | awk '{print $3}')
  printf '==> PostgreSQL %s on 127.0.0.1:%s (data %s, log %s, started in %.1fs)\n' \
    "$version" "$port" "$pgdata" "$dir/postgres.log" "$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { print b - a }')"
}

postgres_stop() {
  local pgdata=${POSTGRES_DATA:-}
  if [ -n "${1:-}" ]; then pgdata="$1/pgdata"; fi
  if [ -n "$pgdata" ] && [ -f "$pgdata/postmaster.pid" ]; then
    local bin=${POSTGRES_BIN:-}
    [ -n "$bin" ] || bin=$(postgres_bindir) || return 0
    (cd / && _postgres_as_owner "$bin/pg_ctl" -D "$pgdata" -m immediate -w stop >/dev/null 2>&1) || true
  fi
  case "${POSTGRES_SOCKET_DIR:-}" in /tmp/pgsock.*) rm -rf "$POSTGRES_SOCKET_DIR" ;; esac
  if [ -n "${POSTGRES_TMP_DIR:-}" ]; then
    cp "$POSTGRES_TMP_DIR/postgres.log" "$POSTGRES_LOG_COPY" 2>/dev/null || true
    rm -rf "$POSTGRES_TMP_DIR"
  fi
  POSTGRES_DATA='' POSTGRES_SOCKET_DIR='' POSTGRES_TMP_DIR='' POSTGRES_LOG_COPY=''
  unset SIGNING_TEST_POSTGRES
  return 0
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  case "${1:-}" in
    start)
      postgres_start "${2:?usage: $0 start DIR}"
      echo "SIGNING_TEST_POSTGRES=$SIGNING_TEST_POSTGRES"
      ;;
    stop) postgres_stop "${2:?usage: $0 stop DIR}" ;;
    *) echo "usage: $0 start DIR | stop DIR" >&2; exit 2 ;;
  esac
fi
