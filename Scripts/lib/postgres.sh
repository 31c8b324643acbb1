# A throwaway PostgreSQL cluster for the tests and for trying a venue: Debian's postgresql
# packages, initdb and pg_ctl in a temporary folder, run as the unprivileged `postgres` user when
# the script runs as root (PostgreSQL refuses to run as root). Sourced after setup.sh.
#   postgres_start   installs PostgreSQL if missing, starts a cluster on a free loopback port,
#                    creates the database gavel_test and exports GAVEL_TEST_POSTGRES_URL
#                    (postgresql://gavel@127.0.0.1:PORT/gavel_test) and GAVEL_POSTGRES_DIR
#   postgres_stop    stops that cluster and removes its folder

ensure_postgres() {
    ensure_apt postgresql
}

# The newest installed server's bin folder (/usr/lib/postgresql/15/bin on Debian 12).
postgres_bin() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -n "$dir" ] && [ -x "$dir/initdb" ] || { say "no PostgreSQL server found in /usr/lib/postgresql"; return 1; }
    printf '%s\n' "$dir"
}

# as_postgres_user COMMAND...: runs COMMAND as `postgres` when root, else as the caller.
as_postgres_user() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

postgres_start() {
    ensure_postgres
    local bin dir port
    bin=$(postgres_bin) || return 1
    dir=$(mktemp -d /tmp/gavel-postgres.XXXXXX)
    chmod 755 "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    port=$("${GAVEL_PYTHON:-python3}" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_postgres_user "$bin/initdb" -D "$dir/data" -U gavel --auth=trust --encoding=UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; return 1; }
    # fsync and synchronous_commit stay on (the defaults): the tests prove acknowledged commands
    # survive, and a cluster that skipped its flushes would prove less.
    as_postgres_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c max_connections=200" \
        start >/dev/null || { cat "$dir/server.log" >&2; return 1; }
    "$bin/createdb" -h 127.0.0.1 -p "$port" -U gavel gavel_test
    export GAVEL_POSTGRES_DIR=$dir
    export GAVEL_TEST_POSTGRES_URL="postgresql://gavel@127.0.0.1:$port/gavel_test"
    say "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') for the tests at $GAVEL_TEST_POSTGRES_URL ($dir)"
}

postgres_stop() {
    [ -n "${GAVEL_POSTGRES_DIR:-}" ] && [ -d "$GAVEL_POSTGRES_DIR/data" ] || return 0
    local bin
    bin=$(postgres_bin) || return 0
    as_postgres_user "$bin/pg_ctl" -D "$GAVEL_POSTGRES_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$GAVEL_POSTGRES_DIR"
    unset GAVEL_POSTGRES_DIR GAVEL_TEST_POSTGRES_URL
}
