#!/usr/bin/env bash
# Gateway load: /v1/auth against /healthz of the same server, measured side by side.
#
# Builds keyward in release (scratch folder .build-release), starts it on a
# loopback port with a temporary database and KEYWARD_HOME, creates a keyspace
# and KEYS distinct keys over the HTTP API, then runs wrk in alternating rounds
# (healthz, auth, healthz, auth, ...), then one MALFORMED and one NOT_FOUND
# round for information. Prints req/s and p99 for every round and the ratios
# auth/healthz of the medians. The server is stopped on exit, whatever happens.
#
# Targets (docs/benchmarks.md): auth throughput >= 0.85 x healthz (0.80 on a PostgreSQL
# node, POSTGRES=1); auth p99 <= 1.5 x healthz.
# Since the gateway fast path (docs/api.md#gateway-fast-path), a cached key's /v1/auth is
# answered on the event loop, while /healthz goes through Hummingbird's router: the ratio
# sets the two paths side by side. The first round of auth reads each key from the store.
#
# Settings (environment):
#   ROUNDS=3         rounds of each of healthz and auth (1..20)
#   DURATION=10      seconds per round (1..120)
#   CONNECTIONS=64   wrk connections;  THREADS=2  wrk threads
#   KEYS=1000        distinct keys (1..10000)
#   PORT=            loopback port (default: a free one)
#   KEYWARD_BIN=     use this keyward binary instead of building
#   STRICT=1         exit 3 when a target is missed
#   POSTGRES=0       1: the server is a node on a throwaway PostgreSQL (scripts/lib,
#                    start_postgres) instead of SQLite; issue 17's warm-path target is
#                    auth >= 0.80 x healthz on such a node
#   COLD=0           1: the server runs with --key-cache-size 0, so every verification
#                    reads its key from the store (issue 17's cold path; reported, no target)
#   GLOBAL=0         1: the keyspace counts rate limits globally (rateLimitMode global)
#                    and every key carries one limit far above what a round sends, so
#                    every verification charges a window in the database on a
#                    PostgreSQL node (issue 17's global-limit path; reported, no target)
#   CONTROLS=0       1: every key carries the controls of issue 13's speed target, and
#                    every auth request a scope query: scopes docs:read and billing:read
#                    queried as "docs:read AND (billing:read OR admin)", an IP
#                    allowlist (127.0.0.0/8), three rate limits (one shared per owner,
#                    10 keys an owner; all far above what a round sends) and a quota;
#                    2: the same without the quota (to tell their costs apart)
#   FLOOD=0          when N > 0: during every round, a second wrk (1 thread, 8
#                    connections) sends N distinct made-up well-formed keys in a
#                    loop, as a brute-force flood would; the ratio then compares
#                    auth and healthz under the same flood (a flood must not push
#                    the hot keys out of the cache)
#   PROFILE=         a folder: every round is also recorded with `perf record -g` into
#                    PROFILE/LABEL-N.data, and its request count into LABEL-N.requests,
#                    so that two routes' profiles can be compared per request
#
# Needs: swift, wrk (apt-get install -y wrk), curl, python3.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/load-common.sh
source "$ROOT/scripts/lib/load-common.sh"
LUA="$ROOT/scripts/load-auth.lua"

ROUNDS="${ROUNDS:-3}"
DURATION="${DURATION:-10}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
KEYS="${KEYS:-1000}"
STRICT="${STRICT:-0}"
FLOOD="${FLOOD:-0}"
CONTROLS="${CONTROLS:-0}"

fail() { echo "load-auth: $*" >&2; exit 2; }
in_range() { [[ "$1" =~ ^[0-9]+$ ]] && (( $1 >= $2 && $1 <= $3 )); }
in_range "$ROUNDS" 1 20 || fail "ROUNDS must be 1..20"
in_range "$DURATION" 1 120 || fail "DURATION must be 1..120 seconds"
in_range "$CONNECTIONS" 1 1024 || fail "CONNECTIONS must be 1..1024"
in_range "$THREADS" 1 16 || fail "THREADS must be 1..16"
in_range "$KEYS" 1 10000 || fail "KEYS must be 1..10000"
in_range "$FLOOD" 0 1000000 || fail "FLOOD must be 0..1000000"
in_range "$CONTROLS" 0 2 || fail "CONTROLS must be 0, 1 or 2"
POSTGRES="${POSTGRES:-0}"
in_range "$POSTGRES" 0 1 || fail "POSTGRES must be 0 or 1"
COLD="${COLD:-0}"
in_range "$COLD" 0 1 || fail "COLD must be 0 or 1"
GLOBAL="${GLOBAL:-0}"
in_range "$GLOBAL" 0 1 || fail "GLOBAL must be 0 or 1"
if [[ -n "${PROFILE:-}" ]]; then
    command -v perf >/dev/null || fail "PROFILE needs perf (apt-get install -y linux-perf)"
    mkdir -p "$PROFILE" || fail "cannot create $PROFILE"
fi
for tool in wrk curl python3; do
    command -v "$tool" >/dev/null || fail "$tool is missing (wrk: apt-get install -y wrk)"
done

# --- build -------------------------------------------------------------------
BIN="$(keyward_binary)"
[[ -x "$BIN" ]] || fail "no keyward binary at $BIN"

# --- server ------------------------------------------------------------------
WORK="$(mktemp -d "${TMPDIR:-/tmp}/keyward-load.XXXXXX")"
SERVER_PID=""
cleanup() {
    if [[ -n "${FLOOD_PID:-}" ]]; then kill "$FLOOD_PID" 2>/dev/null || true; fi
    stop_pid "$SERVER_PID"
    stop_pid "${PG_PID:-}"
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PORT="${PORT:-$(free_port)}"
in_range "$PORT" 1 65535 || fail "PORT must be 1..65535"
BASE="http://127.0.0.1:$PORT"
export KEYWARD_HOME="$WORK/home"
mkdir -m 700 "$KEYWARD_HOME"

STORE=(--db "$WORK/keyward.db")
if [[ "$POSTGRES" == 1 ]]; then
    start_postgres "$WORK"
    STORE=(--database-url "$PG_URL")
fi
echo "== starting $BIN serve on $BASE (store ${STORE[*]})"
# Every request comes from 127.0.0.1: source blocking (SPEC §4 step 2) would block the
# loopback after the first 50 made-up keys of a flood or of the NOT_FOUND round, so it is
# off here (binaries from before it have no such flag); it is measured on its own.
BLOCKING=()
if "$BIN" serve --help 2>/dev/null | grep -q -- '--block-after'; then BLOCKING=(--block-after 0); fi
if [[ "$COLD" == 1 ]]; then BLOCKING+=(--key-cache-size 0); fi
# Answers to made-up keys are not held back either (--guess-delay-ms, 25 ms by default, and
# --guess-rate, 1,000 a second): the MALFORMED, NOT_FOUND and FLOOD rounds measure what such
# an answer costs the server.
if "$BIN" serve --help 2>/dev/null | grep -q -- '--guess-delay-ms'; then BLOCKING+=(--guess-delay-ms 0); fi
if "$BIN" serve --help 2>/dev/null | grep -q -- '--guess-rate'; then BLOCKING+=(--guess-rate 0); fi
"$BIN" serve "${STORE[@]}" --host 127.0.0.1 --port "$PORT" --log-level warning "${BLOCKING[@]}" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
wait_for_keyward "$SERVER_PID" "$BASE" "$WORK/server.log"
SERVER_THREADS="$(ls "/proc/$SERVER_PID/task" | wc -l)"

# --- keys --------------------------------------------------------------------
echo "== creating keyspace 'load' and $KEYS keys"
python3 - "$PORT" "$KEYWARD_HOME/token" "$KEYS" "$WORK" "$FLOOD" "$CONTROLS" "$GLOBAL" <<'PY'
import http.client, json, secrets, sys, time, zlib

port, token_file, count, work, flood = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
controls = sys.argv[6] in ("1", "2")
with_quota = sys.argv[6] == "1"
global_limits = sys.argv[7] == "1"
token = open(token_file).read().strip()
connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

def post(path, body):
    connection.request("POST", path, json.dumps(body), headers)
    response = connection.getresponse()
    data = response.read()
    if response.status != 201 and response.status != 200:
        sys.exit(f"POST {path} answered {response.status}: {data[:200]!r}")
    return json.loads(data)

post("/v1/keyspaces", {"name": "load", "prefix": "load", **({"rateLimitMode": "global"} if global_limits else {})})
deadline = time.monotonic() + 120
keys = []
for index in range(count):
    if time.monotonic() > deadline:
        sys.exit("creating keys took more than 120 s")
    body = {"keyspace": "load", "name": f"load-{index}"}
    if controls:
        body.update({
            "owner": f"customer-{index // 10}",
            "scopes": ["docs:read", "billing:read"],
            "ipAllowlist": ["127.0.0.0/8", "::1/128"],
            "ratelimits": ["100000000/1m", "1000000000/1h:owner", "1000000000/1d"],
        })
        if with_quota:
            body["quota"] = {"remaining": 1000000000000}
    elif global_limits:
        body["ratelimits"] = ["1000000000/1h"]
    keys.append(post("/v1/keys", body)["key"])
assert len(set(keys)) == count, "keys are not distinct"

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
def base62(number, width):
    digits = ""
    while True:
        digits = ALPHABET[number % 62] + digits
        number //= 62
        if number == 0:
            break
    return digits.rjust(width, "0")

def well_formed_unknown():
    head = "load_" + "".join(secrets.choice(ALPHABET) for _ in range(43))
    return head + base62(zlib.crc32(head.encode()), 6)

def wrong_checksum(key):
    return key[:-1] + ("1" if key[-1] == "0" else "0")

with open(f"{work}/keys.txt", "w") as out:
    out.write("\n".join(keys) + "\n")
with open(f"{work}/malformed.txt", "w") as out:
    out.write("\n".join(wrong_checksum(key) for key in keys) + "\n")
with open(f"{work}/notfound.txt", "w") as out:
    out.write("\n".join(well_formed_unknown() for _ in keys) + "\n")
if flood:
    with open(f"{work}/flood.txt", "w") as out:
        out.write("\n".join(well_formed_unknown() for _ in range(flood)) + "\n")
print(f"   {count} keys created")
PY

# One request of each kind before the load: the answers must be what we measure.
SCOPES=()
AUTH_ARGS=()
if [[ "$CONTROLS" != "0" ]]; then
    SCOPES=(-H "X-Keyward-Scopes: docs:read AND (billing:read OR admin)")
    AUTH_ARGS=(scopes)
fi
code_of() { # FILE -> "status X-Keyward-Code" for the first key in FILE
    curl -s -o /dev/null -D - "${SCOPES[@]}" -H "Authorization: Bearer $(head -n 1 "$1")" "$BASE/v1/auth" \
        | awk 'NR == 1 { status = $2 } tolower($1) == "x-keyward-code:" { code = $2 } END { gsub("\r", "", code); print status, code }'
}
[[ "$(code_of "$WORK/keys.txt")" == "200 VALID" ]] || fail "a created key is not VALID: $(code_of "$WORK/keys.txt")"
if [[ "$CONTROLS" != "0" ]]; then
    curl -s -o /dev/null -D - "${SCOPES[@]}" -H "Authorization: Bearer $(head -n 1 "$WORK/keys.txt")" "$BASE/v1/auth" \
        | grep -qi '^ratelimit-remaining:' || fail "CONTROLS=1 but the answer has no RateLimit-Remaining (a binary without rate limits?)"
    echo "   controls: scope query, IP allowlist, 3 rate limits (1 per owner) and a quota on every key"
fi
if [[ "$GLOBAL" == 1 ]]; then
    curl -s -o /dev/null -D - -H "Authorization: Bearer $(head -n 1 "$WORK/keys.txt")" "$BASE/v1/auth" \
        | grep -qi '^ratelimit-remaining:' || fail "GLOBAL=1 but the answer has no RateLimit-Remaining"
    echo "   global: one rate limit on every key, counted in the database (rateLimitMode global)"
fi
echo "   probe: valid key -> $(code_of "$WORK/keys.txt"); wrong checksum -> $(code_of "$WORK/malformed.txt");" \
    "unknown key -> $(code_of "$WORK/notfound.txt")"

# --- rounds ------------------------------------------------------------------
# The server's user + system CPU time, in clock ticks: CPU per request is what
# the rounds cost the server, less disturbed by other load on the machine.
CLOCK_TICKS="$(getconf CLK_TCK)"
server_ticks() { awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat"; }
# Busy and total ticks of the whole machine (all CPUs), from /proc/stat.
machine_ticks() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat; }
# CPU seconds of this shell's finished children (wrk): `times` must run in this shell, not in a $(...).
children_seconds() {
    awk 'NR == 2 { total = 0; for (i = 1; i <= 2; i++) { split($i, part, "m"); sub("s", "", part[2]); total += part[1] * 60 + part[2] }; print total }' \
        "$WORK/times.txt"
}

RESULTS="$WORK/results.tsv"
: >"$RESULTS"
round() { # LABEL ROUND -- wrk script arguments
    local label="$1" number="$2"
    shift 3
    local output before after machine_before machine_after children_before children_after
    before="$(server_ticks)"
    machine_before="$(machine_ticks)"
    times >"$WORK/times.txt"
    children_before="$(children_seconds)"
    local perf_pid="" stat_pid=""
    if [[ -n "${PROFILE:-}" ]]; then
        perf record -q -F 999 -g -p "$SERVER_PID" -o "$PROFILE/$label-$number.data" >/dev/null 2>&1 &
        perf_pid=$!
        perf stat -e context-switches,cpu-migrations -p "$SERVER_PID" -o "$PROFILE/$label-$number.stat" >/dev/null 2>&1 &
        stat_pid=$!
    fi
    output="$(timeout $((DURATION + 30)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 5s \
        -s "$LUA" "$BASE" -- "$@")" || fail "wrk failed in round $label $number"
    after="$(server_ticks)"
    machine_after="$(machine_ticks)"
    times >"$WORK/times.txt"
    children_after="$(children_seconds)"
    local line
    line="$(grep '^WRK_RESULT ' <<<"$output")" || fail "no WRK_RESULT from wrk in round $label $number"
    if [[ -n "$perf_pid" ]]; then
        kill -INT "$perf_pid" "$stat_pid" 2>/dev/null || true
        wait "$perf_pid" "$stat_pid" 2>/dev/null || true
        sed -E 's/.* requests=([0-9]+) .*/\1/' <<<"$line" >"$PROFILE/$label-$number.requests"
    fi
    line="$line server_cpu_s=$(python3 -c "print(($after - $before) / $CLOCK_TICKS)")"
    # CPU that neither keyward nor wrk used, as a share of the machine: other work that disturbed the round.
    line="$line other_cpu_pct=$(python3 -c "
busy0, total0 = $(tr ' ' ',' <<<"$machine_before"); busy1, total1 = $(tr ' ' ',' <<<"$machine_after")
other = (busy1 - busy0) / $CLOCK_TICKS - ($after - $before) / $CLOCK_TICKS - ($children_after - $children_before)
print(round(max(other, 0) * 100 / max((total1 - total0) / $CLOCK_TICKS, 1e-9), 1))")"
    printf '%s\t%s\t%s\n' "$label" "$number" "${line#WRK_RESULT }" >>"$RESULTS"
    python3 - "$label" "$number" "${line#WRK_RESULT }" <<'PY'
import sys
label, number, fields = sys.argv[1], sys.argv[2], dict(pair.split("=") for pair in sys.argv[3].split())
errors = sum(int(fields[name]) for name in ("connect_errors", "read_errors", "write_errors", "timeouts"))
cpu = float(fields["server_cpu_s"]) * 1e6 / max(int(fields["requests"]), 1)
print(f"   {label:<9} round {number}: {float(fields['rps']):>10,.0f} req/s   p50 {int(fields['p50_us']) / 1000:6.2f} ms"
      f"   p99 {int(fields['p99_us']) / 1000:6.2f} ms   server CPU {cpu:5.1f} us/req   other load {float(fields['other_cpu_pct']):4.1f}%"
      f"   4xx/5xx {fields['status_4xx_5xx']}   socket errors {errors}")
PY
}

FLOOD_PID=""
if (( FLOOD > 0 )); then
    echo "== flood: $FLOOD distinct made-up keys in a loop from a second wrk, for all rounds"
    wrk -t1 -c8 -d"$(( (ROUNDS * 2 + 2) * (DURATION + 5) + 30 ))s" --timeout 5s -s "$LUA" "$BASE" -- auth "$WORK/flood.txt" >"$WORK/flood.out" 2>&1 &
    FLOOD_PID=$!
    sleep 2
fi
echo "== $ROUNDS alternating rounds of ${DURATION} s each: wrk -t$THREADS -c$CONNECTIONS, keyward with $SERVER_THREADS threads"
for number in $(seq 1 "$ROUNDS"); do
    round healthz "$number" -- healthz
    round auth "$number" -- auth "$WORK/keys.txt" "${AUTH_ARGS[@]}"
done
if [[ -n "$FLOOD_PID" ]]; then
    kill "$FLOOD_PID" 2>/dev/null || true
    wait "$FLOOD_PID" 2>/dev/null || true
    FLOOD_PID=""
fi
echo "== for information (answers 401)"
round malformed 1 -- auth "$WORK/malformed.txt"
echo "   probe after the round: wrong checksum -> $(code_of "$WORK/malformed.txt")"
round notfound 1 -- auth "$WORK/notfound.txt"
echo "   probe after the round: unknown key -> $(code_of "$WORK/notfound.txt")"

# --- summary -----------------------------------------------------------------
echo "== summary ($(nproc) cores; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'))"
set +e
# A node on PostgreSQL has issue 17's target (0.80), the embedded store issue 11's (0.85).
TARGET=0.85
if [[ "$POSTGRES" == 1 ]]; then TARGET=0.80; fi
# The cold and global-limit paths are reported beside the warm one, with no target.
if [[ "$COLD" == 1 || "$GLOBAL" == 1 ]]; then TARGET=0; fi
python3 - "$RESULTS" "$TARGET" <<'PY'
import statistics, sys

rounds = {}
for line in open(sys.argv[1]):
    label, number, fields = line.rstrip("\n").split("\t")
    values = dict(pair.split("=") for pair in fields.split())
    rounds.setdefault(label, []).append(values)

def median(label, field):
    return statistics.median(float(values[field]) for values in rounds[label])

health_rps, auth_rps = median("healthz", "rps"), median("auth", "rps")
health_p99, auth_p99 = median("healthz", "p99_us") / 1000, median("auth", "p99_us") / 1000
throughput_ratio, p99_ratio = auth_rps / health_rps, auth_p99 / health_p99
def cpu_per_request(label):
    return statistics.median(float(values["server_cpu_s"]) * 1e6 / int(values["requests"]) for values in rounds[label])

for label in ("healthz", "auth", "malformed", "notfound"):
    print(f"   {label:<9} median {median(label, 'rps'):>10,.0f} req/s   p99 {median(label, 'p99_us') / 1000:6.2f} ms"
          f"   server CPU {cpu_per_request(label):5.1f} us/req   ({len(rounds[label])} round{'s' if len(rounds[label]) > 1 else ''})")
pairs = [float(a["rps"]) / float(h["rps"]) for h, a in zip(rounds["healthz"], rounds["auth"])]
print("   per-round throughput ratios auth/healthz: " + ", ".join(f"{ratio:.3f}" for ratio in pairs))
target = float(sys.argv[2])
throughput_met, p99_met = throughput_ratio >= target, p99_ratio <= 1.5
print(f"   throughput ratio auth/healthz (medians): {throughput_ratio:.3f}  (target >= {target:.2f}: {'met' if throughput_met else 'MISSED'})")
print(f"   p99 ratio auth/healthz (medians):        {p99_ratio:.3f}  (target <= 1.50: {'met' if p99_met else 'MISSED'})")
print(f"   server CPU per request auth/healthz (medians): {cpu_per_request('auth') / cpu_per_request('healthz'):.3f}"
      f"  (+{cpu_per_request('auth') - cpu_per_request('healthz'):.1f} us per request)")
auth_errors = sum(int(values["status_4xx_5xx"]) for values in rounds["auth"])
if auth_errors:
    print(f"   WARNING: {auth_errors} auth answers were not 2xx")
sys.exit(0 if throughput_met and p99_met else 3)
PY
met=$?
set -e
if [[ $met -ne 0 && "$STRICT" == "1" ]]; then exit 3; fi
exit 0
