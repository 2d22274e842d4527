#!/usr/bin/env bash
# The vault's costs, side by side with what they are compared with, in one run:
#   1. `keyward run --env X=bench/value -- true` against plain `true` (hyperfine, -N,
#      RUNS runs each after warm-up): the time run adds (fetching the secret over
#      loopback, starting the child); issue 14's target is under 50 ms.
#   2. `GET /v1/secrets/bench/value` against `/healthz` (wrk, alternating rounds):
#      every read of a value is audited, so a read is one SQLite transaction.
# The server runs on a free loopback port with a temporary store and home, stopped
# on exit whatever happens.
#
# Settings: KEYWARD_BIN= (default: release build), RUNS=20, ROUNDS=3, DURATION=8,
# CONNECTIONS=16. Needs hyperfine and wrk (apt-get install -y hyperfine wrk), curl, python3.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fail() { echo "load-vault: $*" >&2; exit 2; }
# shellcheck source=lib/load-common.sh
source "$ROOT/scripts/lib/load-common.sh"
RUNS="${RUNS:-20}"
ROUNDS="${ROUNDS:-3}"
DURATION="${DURATION:-8}"
CONNECTIONS="${CONNECTIONS:-16}"
for tool in hyperfine wrk curl python3; do command -v "$tool" >/dev/null || fail "$tool is missing"; done
[[ "$RUNS" =~ ^[0-9]+$ ]] && (( RUNS >= 3 && RUNS <= 200 )) || fail "RUNS must be 3..200"
[[ "$ROUNDS" =~ ^[0-9]+$ ]] && (( ROUNDS >= 1 && ROUNDS <= 10 )) || fail "ROUNDS must be 1..10"
[[ "$DURATION" =~ ^[0-9]+$ ]] && (( DURATION >= 1 && DURATION <= 60 )) || fail "DURATION must be 1..60"

BIN="$(keyward_binary)"
WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() { stop_pid "$SERVER_PID"; rm -rf "$WORK"; }
trap cleanup EXIT
export KEYWARD_HOME="$WORK/home"
PORT="$(free_port)"
BASE="http://127.0.0.1:$PORT"
export KEYWARD_ADDR="$BASE"
"$BIN" serve --db "$WORK/keyward.db" --host 127.0.0.1 --port "$PORT" --log-level warning >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
wait_for_keyward "$SERVER_PID" "$BASE" "$WORK/server.log"
TOKEN="$(cat "$KEYWARD_HOME/token")"
printf '%s' "bench-value-0123456789abcdef0123456789" | "$BIN" secret set bench/value - >/dev/null
[[ "$("$BIN" run --env X=bench/value -- /bin/sh -c 'printf %s "$X"')" == "bench-value-0123456789abcdef0123456789" ]] || fail "run did not inject the value"

echo "== keyward run -- true against true ($RUNS runs each)"
hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$WORK/run.json" \
    "true" "$BIN run --env X=bench/value -- true" >/dev/null
python3 - "$WORK/run.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
plain, run = results[0], results[1]
ms = lambda seconds: seconds * 1000
print(f"   true              median {ms(plain['median']):7.2f} ms   mean {ms(plain['mean']):7.2f} ms")
print(f"   keyward run       median {ms(run['median']):7.2f} ms   mean {ms(run['mean']):7.2f} ms")
added = ms(run['median'] - plain['median'])
print(f"   added by run (medians): {added:.2f} ms  (target < 50 ms: {'met' if added < 50 else 'MISSED'})")
PY

echo "== GET /v1/secrets/bench/value against /healthz ($ROUNDS rounds each, $DURATION s, $CONNECTIONS connections)"
cat >"$WORK/read.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $TOKEN"
LUA
declare -a HEALTH READS
for round in $(seq 1 "$ROUNDS"); do
    h=$(timeout $((DURATION + 20)) wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" "$BASE/healthz" | awk '/Requests\/sec/ {print $2}')
    r=$(timeout $((DURATION + 20)) wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" -s "$WORK/read.lua" "$BASE/v1/secrets/bench/value" | awk '/Requests\/sec/ {print $2}')
    HEALTH+=("$h"); READS+=("$r")
    echo "   round $round: healthz $h req/s, secret read $r req/s"
done
[[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$BASE/v1/secrets/bench/value")" == "200" ]] || fail "a read after the rounds failed"
python3 - "${HEALTH[*]}" "${READS[*]}" <<'PY'
import statistics, sys
health = [float(x) for x in sys.argv[1].split()]
reads = [float(x) for x in sys.argv[2].split()]
h, r = statistics.median(health), statistics.median(reads)
print(f"   medians: healthz {h:,.0f} req/s, secret read {r:,.0f} req/s, ratio {r / h:.3f}")
PY
