#!/usr/bin/env bash
# Key-creation throughput of two keyward binaries, side by side in one run.
#
# Starts BASELINE_BIN and KEYWARD_BIN on two loopback ports, each with its own
# temporary store and KEYWARD_HOME, creates keyspace "load" on each, then runs
# wrk POST /v1/keys in alternating rounds (baseline, candidate, baseline, ...).
# Every creation is one SQLite transaction with synchronous = FULL, so the
# disk's fsync dominates; alternating rounds cancel the machine's drift.
# Prints req/s per round and the ratio candidate/baseline of the medians.
#
# Settings (environment):
#   KEYWARD_BIN=     the candidate (default: build release into .build-release)
#   BASELINE_BIN=    the baseline (required), such as the commit before a change
#   ROUNDS=3  DURATION=10  CONNECTIONS=16  THREADS=2
#
# Needs: wrk, curl, python3.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LUA="$ROOT/scripts/load-create.lua"
ROUNDS="${ROUNDS:-3}"
DURATION="${DURATION:-10}"
CONNECTIONS="${CONNECTIONS:-16}"
THREADS="${THREADS:-2}"
fail() { echo "load-create: $*" >&2; exit 2; }
[[ -n "${BASELINE_BIN:-}" ]] || fail "set BASELINE_BIN to the keyward binary to compare against"
for tool in wrk curl python3; do command -v "$tool" >/dev/null || fail "$tool is missing"; done
if [[ -z "${KEYWARD_BIN:-}" ]]; then
    (cd "$ROOT" && swift build -c release --product keyward --scratch-path .build-release)
    KEYWARD_BIN="$(cd "$ROOT" && swift build -c release --scratch-path .build-release --show-bin-path)/keyward"
fi

WORK="$(mktemp -d /tmp/keyward-create.XXXXXX)"
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

start() { # NAME BIN -> sets PORT_<NAME>
    local name="$1" bin="$2" port
    port="$(free_port)"
    mkdir -m 700 "$WORK/$name"
    KEYWARD_HOME="$WORK/$name" "$bin" serve --db "$WORK/$name/keyward.db" --port "$port" --log-level warning >"$WORK/$name.log" 2>&1 &
    PIDS+=("$!")
    for _ in $(seq 1 300); do
        curl -fs -o /dev/null "http://127.0.0.1:$port/healthz" && [[ -s "$WORK/$name/token" ]] && break
        sleep 0.1
    done
    curl -fs -o /dev/null -X POST -H "Authorization: Bearer $(head -n 1 "$WORK/$name/token")" \
        -H 'Content-Type: application/json' -d '{"name":"load"}' "http://127.0.0.1:$port/v1/keyspaces" || fail "$name: no keyspace"
    printf -v "PORT_$name" '%s' "$port"
}
start baseline "$BASELINE_BIN"
start candidate "$KEYWARD_BIN"

echo "== $ROUNDS alternating rounds of ${DURATION}s: wrk -t$THREADS -c$CONNECTIONS POST /v1/keys"
declare -A RATES
for round in $(seq 1 "$ROUNDS"); do
    for name in baseline candidate; do
        port_var="PORT_$name"
        line="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s "$LUA" "http://127.0.0.1:${!port_var}" -- "$WORK/$name/token" | grep '^WRK_RESULT ')"
        rate="$(python3 -c "import sys; f=dict(p.split('=') for p in sys.argv[1].split()[1:]); print('%.1f %.2f %s' % (int(f['requests'])/(int(f['duration_us'])/1e6), int(f['p99_us'])/1000, f['errors']))" "$line")"
        read -r rps p99 errors <<<"$rate"
        printf '   %-9s round %d: %9s keys/s   p99 %7s ms   errors %s\n' "$name" "$round" "$rps" "$p99" "$errors"
        RATES[$name]+="$rps "
    done
done
python3 - "${RATES[baseline]}" "${RATES[candidate]}" <<'PY'
import statistics, sys
base = [float(x) for x in sys.argv[1].split()]
cand = [float(x) for x in sys.argv[2].split()]
print("   baseline  median %9.1f keys/s" % statistics.median(base))
print("   candidate median %9.1f keys/s" % statistics.median(cand))
print("   per-round ratios candidate/baseline: " + ", ".join("%.3f" % (c / b) for b, c in zip(base, cand)))
print("   throughput ratio candidate/baseline (medians): %.3f" % (statistics.median(cand) / statistics.median(base)))
PY
