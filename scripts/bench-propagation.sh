#!/usr/bin/env bash
# Propagation across nodes (issue 17): how long after a revocation on node A
# returns do nodes B and C refuse the key, their caches warm?
#
# Starts a throwaway PostgreSQL (scripts/lib/load-common.sh, start_postgres) and
# three release `keyward serve` nodes on it (one master key file, one token),
# then REVOCATIONS times: creates a key on A, verifies it on B and C until both
# let it through (their caches now hold it), revokes it on A, and polls B and C
# in turn until each refuses it. Prints p50, p99 and the largest delay, from
# the moment A answered the revocation to each node's first refusal (the polls
# are sequential, so a delay is an upper bound by one request).
#
# Target (docs/benchmarks.md): p99 under 1 s.
#
# Settings (environment):
#   REVOCATIONS=1000   how many keys are revoked (1..100000)
#   KEYWARD_BIN=       use this keyward binary instead of building
#
# Needs: swift, python3, curl, postgresql (apt-get install -y postgresql).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fail() { echo "error: $*" >&2; exit 2; }
# shellcheck source=lib/load-common.sh
source "$ROOT/scripts/lib/load-common.sh"

REVOCATIONS="${REVOCATIONS:-1000}"
[[ "$REVOCATIONS" =~ ^[0-9]+$ ]] && ((REVOCATIONS >= 1 && REVOCATIONS <= 100000)) || fail "REVOCATIONS must be 1..100000"
BIN="$(keyward_binary)"
[[ -x "$BIN" ]] || fail "no keyward binary at $BIN"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/keyward-propagation.XXXXXX")"
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
    stop_pid "${PG_PID:-}"
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_postgres "$WORK"
export KEYWARD_HOME="$WORK/home"
mkdir -m 700 "$KEYWARD_HOME"
PORTS=()
for node in a b c; do
    port="$(free_port)"
    "$BIN" serve --database-url "$PG_URL" --master-key-file "$WORK/master.key" --host 127.0.0.1 --port "$port" \
        --log-level warning --block-after 0 >"$WORK/$node.log" 2>&1 &
    PIDS+=($!)
    wait_for_keyward "$!" "http://127.0.0.1:$port" "$WORK/$node.log"
    PORTS+=("$port")
done
echo "== 3 nodes on $("$BIN" --version 2>/dev/null || echo keyward) at ports ${PORTS[*]}, PostgreSQL $(basename "$(dirname "$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)")")"

python3 - "$KEYWARD_HOME/token" "$REVOCATIONS" "${PORTS[@]}" <<'PY'
import http.client, json, sys, time

token = open(sys.argv[1]).read().strip()
count = int(sys.argv[2])
nodes = [http.client.HTTPConnection("127.0.0.1", int(port)) for port in sys.argv[3:]]

def call(node, method, path, body=None, key=None):
    headers = {"Authorization": "Bearer " + (key or token)}
    data = None
    if body is not None:
        headers["Content-Type"] = "application/json"
        data = json.dumps(body)
    node.request(method, path, body=data, headers=headers)
    answer = node.getresponse()
    return answer.status, answer.read()

a, others = nodes[0], nodes[1:]
status, _ = call(a, "POST", "/v1/keyspaces", {"name": "propagation"})
assert status == 201, status
delays = []
for _ in range(count):
    status, body = call(a, "POST", "/v1/keys", {"keyspace": "propagation"})
    assert status == 201, (status, body)
    created = json.loads(body)
    key, key_id = created["key"], created["id"]
    for node in others:
        while call(node, "GET", "/v1/auth", key=key)[0] != 200:
            pass
    status, body = call(a, "POST", "/v1/keys/%s/revoke" % key_id, {})
    assert status == 200, (status, body)
    revoked = time.perf_counter()
    waiting = list(others)
    while waiting:
        for node in list(waiting):
            if call(node, "GET", "/v1/auth", key=key)[0] != 200:
                delays.append(time.perf_counter() - revoked)
                waiting.remove(node)

delays.sort()
def quantile(q):
    return delays[min(len(delays) - 1, int(q * len(delays)))]
print("revocations %d, refusals measured %d (2 nodes each)" % (count, len(delays)))
print("delay from A's answer to the refusal: p50 %.2f ms, p99 %.2f ms, max %.2f ms" % (
    quantile(0.50) * 1000, quantile(0.99) * 1000, delays[-1] * 1000))
print("within 1 s: %d of %d" % (sum(1 for d in delays if d < 1.0), len(delays)))
PY
