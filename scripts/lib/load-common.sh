# Shared by the load scripts (load-auth.sh, load-flood.sh); sourced, never run.
# Expects ROOT (the package folder) and a fail() that prints and exits.

# The binary to measure: KEYWARD_BIN, or a release build into .build-release.
keyward_binary() {
    if [[ -n "${KEYWARD_BIN:-}" ]]; then
        echo "$KEYWARD_BIN"
        return
    fi
    echo "== building keyward (release, --scratch-path .build-release)" >&2
    (cd "$ROOT" && swift build -c release --product keyward --scratch-path .build-release) >&2
    echo "$(cd "$ROOT" && swift build -c release --scratch-path .build-release --show-bin-path)/keyward"
}

# A free loopback port.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# stop_pid PID: SIGTERM, up to 5 s to exit, then SIGKILL.
stop_pid() {
    local pid="$1"
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

# wait_for_keyward PID BASE LOG: until BASE/healthz answers and the root token is
# in $KEYWARD_HOME/token, at most 30 s; fails with the server's log otherwise.
wait_for_keyward() {
    local pid="$1" base="$2" log="$3"
    for _ in $(seq 1 300); do
        curl -fs -o /dev/null "$base/healthz" && [[ -s "$KEYWARD_HOME/token" ]] && return 0
        kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; fail "the server exited"; }
        sleep 0.1
    done
    cat "$log" >&2
    fail "the server did not answer in 30 s"
}

# start_postgres FOLDER: a throwaway PostgreSQL from the Debian binaries in
# FOLDER/pg on a free loopback port (as the postgres user when run as root,
# which PostgreSQL refuses), with a database "keyward". Sets PG_PID and
# PG_URL. Needs: apt-get install -y postgresql.
start_postgres() {
    local folder="$1/pg" bin
    bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
    [[ -x "$bin/initdb" ]] || fail "PostgreSQL is not installed (apt-get install -y postgresql)"
    local as=()
    mkdir -p "$folder"
    if [[ "$(id -u)" == 0 ]]; then
        # The postgres user passes through the work folder (not reading it) to its own.
        chmod 711 "$1"
        chown postgres "$folder"
        as=(runuser -u postgres --)
    fi
    "${as[@]}" "$bin/initdb" -D "$folder/data" -A trust -U keyward --no-sync -E UTF8 --locale=C >"$1/initdb.log" 2>&1 \
        || { cat "$1/initdb.log" >&2; fail "initdb failed"; }
    local port
    port="$(free_port)"
    # Durable settings (fsync on): a benchmark measures what a deployment would see.
    "${as[@]}" "$bin/postgres" -D "$folder/data" -p "$port" -k "$folder" -c listen_addresses=127.0.0.1 -c max_connections=200 \
        >"$1/postgres.log" 2>&1 &
    PG_PID=$!
    for _ in $(seq 1 100); do
        "$bin/psql" -X -q -h 127.0.0.1 -p "$port" -U keyward -d postgres -c "CREATE DATABASE keyward" 2>/dev/null && break
        sleep 0.1
    done
    PG_URL="postgres://keyward@127.0.0.1:$port/keyward?sslmode=disable"
}
