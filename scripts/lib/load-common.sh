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
