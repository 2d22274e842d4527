#!/usr/bin/env bash
# Logins beside verification: bcrypt's cost measured, and /v1/auth measured with
# and without 4 clients logging in continuously, in alternating rounds of one run.
#
# Starts keyward (release build, or KEYWARD_BIN) on a loopback port with a
# temporary KEYWARD_HOME, makes one key and one user, then alternates rounds:
# "alone" (wrk on /v1/auth) and "logins" (the same wrk while 4 Python clients
# POST /v1/login in a loop). Prints auth req/s of each round, logins per second,
# and the ratio of auth throughput with logins to without.
#
# Target (issue 16): /v1/auth unchanged while 4 clients log in (docs/benchmarks.md).
#
# Settings: ROUNDS=2 (1..10), DURATION=8 (1..60 s), CONNECTIONS=64, COST=12, KEYWARD_BIN=
# Needs: wrk, curl, python3.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fail() { echo "load-login: $*" >&2; exit 2; }
# shellcheck source=lib/load-common.sh
source "$ROOT/scripts/lib/load-common.sh"
ROUNDS="${ROUNDS:-2}"
DURATION="${DURATION:-8}"
CONNECTIONS="${CONNECTIONS:-64}"
COST="${COST:-12}"
[[ "$ROUNDS" =~ ^[0-9]+$ ]] && (( ROUNDS >= 1 && ROUNDS <= 10 )) || fail "ROUNDS must be 1..10"
[[ "$DURATION" =~ ^[0-9]+$ ]] && (( DURATION >= 1 && DURATION <= 60 )) || fail "DURATION must be 1..60"
for tool in wrk curl python3; do command -v "$tool" >/dev/null || fail "$tool is missing"; done

BIN="$(keyward_binary)"
HOME_DIR="$(mktemp -d)"
PORT="$(free_port)"
BASE="http://127.0.0.1:$PORT"
SERVER=""
cleanup() { [ -n "$SERVER" ] && stop_pid "$SERVER"; rm -rf "$HOME_DIR"; }
trap cleanup EXIT

KEYWARD_HOME="$HOME_DIR" "$BIN" serve --port "$PORT" --bcrypt-cost "$COST" >"$HOME_DIR/serve.log" 2>&1 &
SERVER=$!
export KEYWARD_HOME="$HOME_DIR"
wait_for_keyward "$SERVER" "$BASE" "$HOME_DIR/serve.log"
TOKEN="$(cat "$HOME_DIR/token")"
api() { curl -sf -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" "$@"; }
api -X POST "$BASE/v1/keyspaces" -d '{"name":"bench"}' >/dev/null
KEY="$(api -X POST "$BASE/v1/keys" -d '{"keyspace":"bench"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')"
PASSWORD="$(python3 -c 'import secrets; print(secrets.token_urlsafe(24))')"
api -X POST "$BASE/v1/users" -d "{\"name\":\"bench\",\"role\":\"reader\",\"password\":\"$PASSWORD\"}" >/dev/null

LUA="$HOME_DIR/auth.lua"
cat >"$LUA" <<LUA
wrk.headers["Authorization"] = "Bearer $KEY"
LUA

logins() { # SECONDS OUTPUT: 4 clients log in until the time is up; writes the count.
    python3 - "$BASE" "$PASSWORD" "$1" "$2" <<'PY'
import http.client, json, sys, threading, time, urllib.parse
base, password, seconds, output = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
url = urllib.parse.urlparse(base)
deadline = time.monotonic() + seconds
counts = [0] * 4
def client(index):
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    body = json.dumps({"name": "bench", "password": password})
    while time.monotonic() < deadline:
        connection.request("POST", "/v1/login", body, {"Content-Type": "application/json"})
        response = connection.getresponse()
        response.read()
        if response.status == 200:
            counts[index] += 1
threads = [threading.Thread(target=client, args=(i,)) for i in range(4)]
for thread in threads: thread.start()
for thread in threads: thread.join()
open(output, "w").write(str(sum(counts)))
PY
}

round() { # LABEL
    local output rps
    if [ "$1" = logins ]; then
        logins "$DURATION" "$HOME_DIR/logins.count" &
        local clients=$!
    fi
    output="$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -s "$LUA" "$BASE/v1/auth")"
    rps="$(awk '/Requests\/sec/ {print $2}' <<<"$output")"
    if [ "$1" = logins ]; then
        wait "$clients"
        local count; count="$(cat "$HOME_DIR/logins.count")"
        printf '   %-7s auth %10.0f req/s   logins %5.1f/s\n' "$1" "$rps" "$(python3 -c "print($count / $DURATION)")"
    else
        printf '   %-7s auth %10.0f req/s\n' "$1" "$rps"
    fi
    echo "$1 $rps" >>"$HOME_DIR/results"
}

echo "== bcrypt cost $COST; $ROUNDS rounds of ${DURATION}s each way ($BIN)"
for _ in $(seq 1 "$ROUNDS"); do round alone; round logins; done
python3 - "$HOME_DIR/results" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
alone = [float(r) for label, r in rows if label == "alone"]
logins = [float(r) for label, r in rows if label == "logins"]
print(f"   auth median alone {statistics.median(alone):,.0f} req/s, with 4 clients logging in {statistics.median(logins):,.0f} req/s")
print(f"   ratio with logins / alone (medians): {statistics.median(logins) / statistics.median(alone):.3f}")
PY
