#!/usr/bin/env bash
# Brute-force flood (issue 13): "a flood of 1,000,000 distinct random keys from
# 10,000 sources leaves memory bounded and valid traffic from other sources at
# least 0.8 of its throughput without the flood."
#
# Starts one keyward on a loopback port with a temporary KEYWARD_HOME and
# --trusted-proxy 127.0.0.1/32, so that X-Forwarded-For names the client: that
# is how 10,000 sources come from one loopback. Creates keyspace "load" and one
# key with the CLI, then measures valid traffic (wrk, GET /v1/auth with that key
# from source 10.255.0.1, which the flood never uses) in three phases:
#
#   A  valid traffic alone, DURATION seconds
#   B  valid traffic while a second wrk sends FLOOD_KEYS distinct made-up keys
#      (well-formed, right CRC-32, so NOT_FOUND; SOURCE_BLOCKED once a source
#      passes BLOCK_AFTER a minute) from FLOOD_SOURCES sources
#      10.<i/256>.<i%256>.1, in turn; B lasts as long as the flood takes (at most
#      FLOOD_TIMEOUT seconds)
#   C  valid traffic alone again, DURATION seconds
#
# and reports the ratio B / mean(A, C): on a noisy machine the two alone phases
# bracket the flood. Both wrk run on the same cores as the server, with the
# same threads and connections (closed loop: a connection sends its next
# request when the answer arrives), so the flood is exactly as pushy as the
# valid clients, unless FLOOD_RATE paces it; the flood's own rate, its share of
# the answers and the CPU of the server and of each wrk are printed beside the
# ratio. The server's VmRSS and RssAnon (heap and stacks, without the mapped
# binary) are sampled every second; start, peak, end and B's quarters are
# reported, with the store's size on disk (the audit log counts failures per
# source and minute). Before the phases, a probe checks the generator against
# the server: one source's first BLOCK_AFTER + 1 made-up keys answer NOT_FOUND
# and the next 10 SOURCE_BLOCKED (none MALFORMED); then that source's valid key
# is refused and the valid source's is not.
#
# Target: ratio >= 0.8; memory bounded (the source blocker tracks at most 2 x
# 50,000 sources and 50,000 blocks, the verification cache at most 10,000
# misses: RSS should level off during B, not grow with the keys sent).
#
# Settings (environment):
#   DURATION=20          seconds of each of phases A and C (5..120)
#   CONNECTIONS=32       wrk connections, THREADS=1 wrk threads, for each wrk
#   FLOOD_CONNECTIONS=   flood wrk connections (default CONNECTIONS)
#   FLOOD_THREADS=       flood wrk threads (default THREADS)
#   FLOOD_KEYS=1000000   made-up keys in the flood (1..10000000)
#   FLOOD_SOURCES=10000  distinct sources of the flood (1..65000)
#   FLOOD_RATE=0         0: the flood sends as fast as it is answered (the same
#                        pushiness as the valid clients); N: paced at N requests a
#                        second (an attacker of a stated rate), if it can keep up
#   FLOOD_TIMEOUT=1500   longest the flood runs, seconds; a flood cut short says so. The server
#                        answers at most 1,000 guesses a second by default (--guess-rate),
#                        so the default 1,000,000 keys take 1,000 to 1,250 s of flood and,
#                        with the paused segments, the run about 25 minutes; GUESS_RATE=0
#                        and a lower FLOOD_TIMEOUT for a quick one
#   SEGMENT=20           phase B alternates: SEGMENT seconds of valid traffic beside the
#                        flood, then SEGMENT/4 (at least 3) with the flood paused (SIGSTOP),
#                        and so on until the flood is answered; each flood segment is set
#                        against the mean of the paused segments around it, and the median of
#                        those ratios is the result (on a shared machine, load drifts over a
#                        long flood more than a flood changes it). 0: one continuous phase B
#                        judged against A and C alone
#   BLOCK_AFTER=50       --block-after of the server (SPEC default 50; 0: off)
#   BLOCK_FOR=15m        --block-for of the server (SPEC default 15m)
#   GUESS_DELAY_MS=      --guess-delay-ms of the server (default: the server's, 25 ms;
#                        0: answers to guesses are not held back)
#   GUESS_RATE=          --guess-rate of the server (default: the server's, 1,000 answers
#                        to guesses a second over the node; 0: no pace)
#   PORT=                loopback port (default: a free one)
#   KEYWARD_BIN=         use this keyward binary instead of building
#   STRICT=1             exit 3 when the ratio target is missed or the flood was cut short
#
# Needs: swift (unless KEYWARD_BIN), wrk (apt-get install -y wrk), curl, python3.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/load-common.sh
source "$ROOT/scripts/lib/load-common.sh"
LUA="$ROOT/scripts/load-flood-wrk.lua"

DURATION="${DURATION:-20}"
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-1}"
FLOOD_CONNECTIONS="${FLOOD_CONNECTIONS:-$CONNECTIONS}"
FLOOD_THREADS="${FLOOD_THREADS:-$THREADS}"
FLOOD_KEYS="${FLOOD_KEYS:-1000000}"
FLOOD_SOURCES="${FLOOD_SOURCES:-10000}"
FLOOD_TIMEOUT="${FLOOD_TIMEOUT:-1500}"
FLOOD_RATE="${FLOOD_RATE:-0}"
BLOCK_AFTER="${BLOCK_AFTER:-50}"
BLOCK_FOR="${BLOCK_FOR:-15m}"
STRICT="${STRICT:-0}"
SEGMENT="${SEGMENT:-20}"
VALID_SOURCE="10.255.0.1"   # never one of the flood's 10.0.0.1 .. 10.253.255.1
PROBE_SOURCE_INDEX=65024    # 10.254.0.1: the generator probe's own source

fail() { echo "load-flood: $*" >&2; exit 2; }
in_range() { [[ "$1" =~ ^[0-9]+$ ]] && (( $1 >= $2 && $1 <= $3 )); }
in_range "$DURATION" 5 120 || fail "DURATION must be 5..120 seconds"
in_range "$CONNECTIONS" 1 1024 || fail "CONNECTIONS must be 1..1024"
in_range "$THREADS" 1 16 || fail "THREADS must be 1..16"
in_range "$FLOOD_CONNECTIONS" 1 1024 || fail "FLOOD_CONNECTIONS must be 1..1024"
in_range "$FLOOD_THREADS" 1 16 || fail "FLOOD_THREADS must be 1..16"
(( FLOOD_CONNECTIONS >= FLOOD_THREADS )) || fail "FLOOD_CONNECTIONS must be at least FLOOD_THREADS"
(( CONNECTIONS >= THREADS )) || fail "CONNECTIONS must be at least THREADS"
in_range "$FLOOD_KEYS" 1 10000000 || fail "FLOOD_KEYS must be 1..10000000"
in_range "$FLOOD_SOURCES" 1 65000 || fail "FLOOD_SOURCES must be 1..65000"
in_range "$FLOOD_TIMEOUT" 5 3600 || fail "FLOOD_TIMEOUT must be 5..3600 seconds"
in_range "$FLOOD_RATE" 0 1000000 || fail "FLOOD_RATE must be 0..1000000 requests a second"
[[ "$SEGMENT" == 0 ]] || in_range "$SEGMENT" 4 600 || fail "SEGMENT must be 0 or 4..600 seconds"
in_range "$BLOCK_AFTER" 0 100000 || fail "BLOCK_AFTER must be 0..100000"
[[ "$BLOCK_FOR" =~ ^[0-9]+[smhd]$ ]] || fail "BLOCK_FOR must be a duration such as 15m"
for tool in wrk curl python3; do
    command -v "$tool" >/dev/null || fail "$tool is missing (wrk: apt-get install -y wrk)"
done
# The command that reproduces the run, for the summary.
COMMAND=""
[[ -n "${KEYWARD_BIN:-}" ]] && COMMAND="KEYWARD_BIN=$(printf '%q' "$KEYWARD_BIN") "
for name in DURATION CONNECTIONS THREADS FLOOD_CONNECTIONS FLOOD_THREADS FLOOD_KEYS FLOOD_SOURCES FLOOD_RATE FLOOD_TIMEOUT SEGMENT BLOCK_AFTER BLOCK_FOR; do
    COMMAND+="$name=${!name} "
done
GUESS_DELAY_MS="${GUESS_DELAY_MS:-}"
GUESS_DELAY=()
if [[ -n "$GUESS_DELAY_MS" ]]; then
    in_range "$GUESS_DELAY_MS" 0 1000 || fail "GUESS_DELAY_MS must be 0..1000"
    GUESS_DELAY=(--guess-delay-ms "$GUESS_DELAY_MS")
    COMMAND+="GUESS_DELAY_MS=$GUESS_DELAY_MS "
fi
GUESS_RATE="${GUESS_RATE:-}"
if [[ -n "$GUESS_RATE" ]]; then
    in_range "$GUESS_RATE" 0 1000000 || fail "GUESS_RATE must be 0..1000000"
    GUESS_DELAY+=(--guess-rate "$GUESS_RATE")
    COMMAND+="GUESS_RATE=$GUESS_RATE "
fi
COMMAND+="scripts/load-flood.sh"

# --- build -------------------------------------------------------------------
BIN="$(keyward_binary)"
[[ -x "$BIN" ]] || fail "no keyward binary at $BIN"
SERVE_HELP="$("$BIN" serve --help 2>&1)"
for flag in --trusted-proxy --block-after --block-for; do
    grep -q -- "$flag" <<<"$SERVE_HELP" || fail "$BIN serve has no $flag (source blocking and trusted proxies came with issue 13)"
done

# --- server ------------------------------------------------------------------
WORK="$(mktemp -d "${TMPDIR:-/tmp}/keyward-flood.XXXXXX")"
SERVER_PID="" SAMPLER_PID="" VALID_PID="" FLOOD_PID=""
cleanup() {
    [[ -n "$FLOOD_PID" ]] && kill -CONT "$FLOOD_PID" 2>/dev/null
    stop_pid "$VALID_PID"
    stop_pid "$FLOOD_PID"
    stop_pid "$SAMPLER_PID"
    stop_pid "$SERVER_PID"
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PORT="${PORT:-$(free_port)}"
in_range "$PORT" 1 65535 || fail "PORT must be 1..65535"
BASE="http://127.0.0.1:$PORT"
export KEYWARD_HOME="$WORK/home"
mkdir -m 700 "$KEYWARD_HOME"
DB="$WORK/keyward.db"

echo "== starting $BIN serve on $BASE (store $DB), --trusted-proxy 127.0.0.1/32 --block-after $BLOCK_AFTER --block-for $BLOCK_FOR ${GUESS_DELAY[*]}"
"$BIN" serve --db "$DB" --host 127.0.0.1 --port "$PORT" --log-level warning \
    --trusted-proxy 127.0.0.1/32 --block-after "$BLOCK_AFTER" --block-for "$BLOCK_FOR" "${GUESS_DELAY[@]}" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
wait_for_keyward "$SERVER_PID" "$BASE" "$WORK/server.log"
SERVER_THREADS="$(ls "/proc/$SERVER_PID/task" | wc -l)"

# --- keyspace and key (the CLI reads the root token from $KEYWARD_HOME/token) --
echo "== creating keyspace 'load' and one key with the CLI"
"$BIN" keyspace create --addr "$BASE" load --prefix load --json >/dev/null || fail "keyspace create failed"
KEY="$("$BIN" key create --addr "$BASE" --keyspace load --name flood-valid --json \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["key"])')" || fail "key create failed"

code_of() { # KEY SOURCE -> "status X-Keyward-Code"
    curl -s -o /dev/null -D - -H "Authorization: Bearer $1" -H "X-Forwarded-For: $2" "$BASE/v1/auth" \
        | awk 'NR == 1 { status = $2 } tolower($1) == "x-keyward-code:" { code = $2 } END { gsub("\r", "", code); print status, code }'
}
wrk_line() { # FILE PREFIX -> the PREFIX line of a wrk output, fields only
    grep "^$2 " "$1" | head -n 1 | cut -d' ' -f2- || true
}
field() { # "k=v k=v" NAME
    tr ' ' '\n' <<<"$1" | awk -F= -v name="$2" '$1 == name { print $2 }'
}

# --- probes ------------------------------------------------------------------
WRONG_CHECKSUM="${KEY%?}$([[ "${KEY: -1}" == "0" ]] && echo 1 || echo 0)"
[[ "$(code_of "$KEY" "$VALID_SOURCE")" == "200 VALID" ]] || fail "the key is not VALID from $VALID_SOURCE: $(code_of "$KEY" "$VALID_SOURCE")"
[[ "$(code_of "$WRONG_CHECKSUM" 10.253.255.254)" == "401 MALFORMED" ]] || fail "a wrong checksum is not MALFORMED"
PROBE_SOURCE="10.$((PROBE_SOURCE_INDEX / 256)).$((PROBE_SOURCE_INDEX % 256)).1"
PROBE_COUNT=$((BLOCK_AFTER + 11))
: >"$WORK/probe.done"
timeout 60 wrk -t1 -c1 -d50s --timeout 5s -s "$LUA" "$BASE" -- \
    flood load "$PROBE_COUNT" 1 "$PROBE_SOURCE_INDEX" 1 0 "$WORK/probe.done" >"$WORK/probe.out" 2>&1 &
PROBE_PID=$!
for _ in $(seq 1 300); do [[ -s "$WORK/probe.done" ]] && break; kill -0 "$PROBE_PID" 2>/dev/null || break; sleep 0.1; done
kill -INT "$PROBE_PID" 2>/dev/null || true
wait "$PROBE_PID" 2>/dev/null || true
PROBE_CODES="$(wrk_line "$WORK/probe.out" WRK_CODES)"
if (( BLOCK_AFTER > 0 )); then
    EXPECTED="NOT_FOUND=$((BLOCK_AFTER + 1)) SOURCE_BLOCKED=10"
else
    EXPECTED="NOT_FOUND=$PROBE_COUNT"
fi
[[ "$PROBE_CODES" == "$EXPECTED" ]] || { cat "$WORK/probe.out" >&2; fail "generator probe from $PROBE_SOURCE: got '$PROBE_CODES', expected '$EXPECTED'"; }
PROBE_BLOCKED_VALID="$(code_of "$KEY" "$PROBE_SOURCE")"
PROBE_OTHER_VALID="$(code_of "$KEY" "$VALID_SOURCE")"
[[ "$PROBE_OTHER_VALID" == "200 VALID" ]] || fail "the valid source was hurt by the probe: $PROBE_OTHER_VALID"
if (( BLOCK_AFTER > 0 )); then
    [[ "$PROBE_BLOCKED_VALID" == "429 SOURCE_BLOCKED" ]] || fail "the probe's source is not blocked for a valid key: $PROBE_BLOCKED_VALID"
fi
echo "   probe: valid key from $VALID_SOURCE -> 200 VALID; wrong checksum -> 401 MALFORMED;" \
    "$PROBE_COUNT made-up keys from $PROBE_SOURCE -> $PROBE_CODES; then the valid key from there -> $PROBE_BLOCKED_VALID"

# --- sampling ----------------------------------------------------------------
CLOCK_TICKS="$(getconf CLK_TCK)"
ticks_of() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
rss_kb() { awk '$1 == "VmRSS:" { print $2 }' "/proc/$SERVER_PID/status"; }
# VmRSS, RssAnon (heap and stacks) and RssFile (mapped files: the binary, its libraries) in kB.
rss_all() { awk '$1 == "VmRSS:" { r = $2 } $1 == "RssAnon:" { a = $2 } $1 == "RssFile:" { f = $2 } END { print r, a, f }' "/proc/$SERVER_PID/status"; }
db_bytes() { cat "$DB" "$DB-wal" 2>/dev/null | wc -c; }
echo "setup" >"$WORK/phase"
# One line a second: time, phase, VmRSS, RssAnon, RssFile in kB.
(
    while kill -0 "$SERVER_PID" 2>/dev/null; do
        printf '%s %s %s\n' "$(date +%s.%N)" "$(cat "$WORK/phase")" "$(rss_all)"
        sleep 1
    done
) >"$WORK/rss.txt" 2>/dev/null &
SAMPLER_PID=$!
read -r RSS_START ANON_START _ <<<"$(rss_all)"
DB_START="$(db_bytes)"

RESULTS="$WORK/results.txt"
: >"$RESULTS"
record() { # PHASE "k=v ..." : one line of the summary's input
    printf '%s %s\n' "$1" "$2" >>"$RESULTS"
}

alone() { # PHASE
    local phase="$1" before after line
    echo "$phase" >"$WORK/phase"
    before="$(ticks_of "$SERVER_PID")"
    timeout $((DURATION + 30)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 5s -s "$LUA" "$BASE" -- \
        valid "$KEY" "$VALID_SOURCE" >"$WORK/valid-$phase.out" 2>&1 || { cat "$WORK/valid-$phase.out" >&2; fail "wrk failed in phase $phase"; }
    after="$(ticks_of "$SERVER_PID")"
    line="$(wrk_line "$WORK/valid-$phase.out" WRK_RESULT)"
    [[ -n "$line" ]] || fail "no WRK_RESULT in phase $phase"
    record "$phase" "$line server_ticks=$((after - before)) rss_end_kb=$(rss_kb)"
    printf '   phase %s (valid alone):  %10.0f req/s   p99 %6.2f ms   non-2xx %s\n' "$phase" \
        "$(field "$line" rps)" "$(python3 -c "print($(field "$line" p99_us) / 1000)")" "$(field "$line" status_4xx_5xx)"
}

echo "== phase A: valid traffic alone, ${DURATION} s, wrk -t$THREADS -c$CONNECTIONS; keyward with $SERVER_THREADS threads on $(nproc) cores"
alone A

echo "== phase B: valid traffic (wrk -t$THREADS -c$CONNECTIONS) and the flood (wrk -t$FLOOD_THREADS -c$FLOOD_CONNECTIONS):" \
    "$FLOOD_KEYS keys from $FLOOD_SOURCES sources, $( (( FLOOD_RATE > 0 )) && echo "paced at $FLOOD_RATE/s" || echo unpaced), at most ${FLOOD_TIMEOUT} s"
echo "B" >"$WORK/phase"
: >"$WORK/flood.done"
: >"$WORK/segments.txt"
FLOOD_FINISHED=0
if (( SEGMENT > 0 )); then
    # The flood starts paused; segments alternate until it is answered.
    ALONE_SECONDS=$(( SEGMENT / 4 > 3 ? SEGMENT / 4 : 3 ))
    segment() { # KIND INDEX SECONDS: one valid wrk, its WRK_RESULT line into segments.txt
        timeout $(($3 + 30)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"$3s" --timeout 5s -s "$LUA" "$BASE" -- \
            valid "$KEY" "$VALID_SOURCE" >"$WORK/segment.out" 2>&1 || { cat "$WORK/segment.out" >&2; fail "wrk failed in a $1 segment"; }
        local line
        line="$(wrk_line "$WORK/segment.out" WRK_RESULT)"
        [[ -n "$line" ]] || fail "no WRK_RESULT in a $1 segment"
        printf '%s %s %s\n' "$1" "$2" "$line" >>"$WORK/segments.txt"
    }
    B_START="$(date +%s.%N)"
    wrk -t"$FLOOD_THREADS" -c"$FLOOD_CONNECTIONS" -d"$((FLOOD_TIMEOUT * 2 + 600))s" --timeout 5s -s "$LUA" "$BASE" -- \
        flood load "$FLOOD_KEYS" "$FLOOD_SOURCES" 0 "$FLOOD_THREADS" "$FLOOD_RATE" "$WORK/flood.done" >"$WORK/flood.out" 2>&1 &
    FLOOD_PID=$!
    kill -STOP "$FLOOD_PID"
    segment alone 0 "$ALONE_SECONDS"
    FLOOD_RUNNING=0 B_SERVER_TICKS=0 index=1
    while (( $(python3 -c "print(int($FLOOD_RUNNING < $FLOOD_TIMEOUT))") )); do
        ticks_before="$(ticks_of "$SERVER_PID")" resumed="$(date +%s.%N)"
        kill -CONT "$FLOOD_PID"
        segment flood "$index" "$SEGMENT"
        kill -STOP "$FLOOD_PID"
        FLOOD_RUNNING="$(python3 -c "print($FLOOD_RUNNING + $(date +%s.%N) - $resumed)")"
        B_SERVER_TICKS=$((B_SERVER_TICKS + $(ticks_of "$SERVER_PID") - ticks_before))
        (( $(wc -l <"$WORK/flood.done") >= FLOOD_THREADS )) && FLOOD_FINISHED=1
        segment alone "$index" "$ALONE_SECONDS"
        (( FLOOD_FINISHED )) && break
        (( index % 5 == 0 )) && echo "   ... $index segments, flood running for $(python3 -c "print(round($FLOOD_RUNNING))") s, server RSS $(( $(rss_kb) / 1024 )) MB"
        index=$((index + 1))
    done
    B_END="$(date +%s.%N)"
    B_FLOOD_TICKS="$(ticks_of "$FLOOD_PID")"
    kill -CONT "$FLOOD_PID" 2>/dev/null || true
    kill -INT "$FLOOD_PID" 2>/dev/null || true
    wait "$FLOOD_PID" 2>/dev/null || true
    FLOOD_PID=""
    # Phase B as one line: the flood segments together.
    VALID_B="$(python3 - "$WORK/segments.txt" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
flood = [dict(pair.split("=", 1) for pair in row[2:]) for row in rows if row[0] == "flood"]
total = lambda name: sum(int(row[name]) for row in flood)
requests, seconds = total("requests"), sum(float(row["seconds"]) for row in flood)
fields = {"requests": requests, "seconds": f"{seconds:.3f}", "rps": f"{requests / seconds:.1f}",
          "p50_us": int(statistics.median(int(row["p50_us"]) for row in flood)),
          "p99_us": int(statistics.median(int(row["p99_us"]) for row in flood)),
          "max_us": max(int(row["max_us"]) for row in flood)}
for name in ("connect_errors", "read_errors", "write_errors", "timeouts", "status_4xx_5xx"):
    fields[name] = total(name)
print(" ".join(f"{name}={value}" for name, value in fields.items()))
PY
)"
    FLOOD_B="$(wrk_line "$WORK/flood.out" WRK_RESULT)"
    FLOOD_CODES="$(wrk_line "$WORK/flood.out" WRK_CODES)"
    [[ -n "$VALID_B" && -n "$FLOOD_B" ]] || { cat "$WORK/flood.out" >&2; fail "no WRK_RESULT in phase B"; }
    B_SECONDS="$(python3 -c "print(round($FLOOD_RUNNING, 3))")"
    record B "$VALID_B server_ticks=$B_SERVER_TICKS rss_end_kb=$(rss_kb)"
    record flood "$FLOOD_B seconds_until_done=$B_SECONDS finished=$FLOOD_FINISHED client_ticks=$B_FLOOD_TICKS valid_client_ticks=-1 $FLOOD_CODES"
else
B_SERVER_BEFORE="$(ticks_of "$SERVER_PID")"
B_START="$(date +%s.%N)"
# Both wrk run until this script stops them: when the flood is answered, or at FLOOD_TIMEOUT.
wrk -t"$FLOOD_THREADS" -c"$FLOOD_CONNECTIONS" -d"$((FLOOD_TIMEOUT + 60))s" --timeout 5s -s "$LUA" "$BASE" -- \
    flood load "$FLOOD_KEYS" "$FLOOD_SOURCES" 0 "$FLOOD_THREADS" "$FLOOD_RATE" "$WORK/flood.done" >"$WORK/flood.out" 2>&1 &
FLOOD_PID=$!
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$((FLOOD_TIMEOUT + 60))s" --timeout 5s -s "$LUA" "$BASE" -- \
    valid "$KEY" "$VALID_SOURCE" >"$WORK/valid-B.out" 2>&1 &
VALID_PID=$!
next_report=$(( $(date +%s) + 20 ))
B_DEADLINE=$(( $(date +%s) + FLOOD_TIMEOUT ))
while kill -0 "$FLOOD_PID" 2>/dev/null && kill -0 "$VALID_PID" 2>/dev/null && (( $(date +%s) < B_DEADLINE )); do
    if (( $(wc -l <"$WORK/flood.done") >= FLOOD_THREADS )); then FLOOD_FINISHED=1; break; fi
    if (( $(date +%s) >= next_report )); then
        echo "   ... flood running for $(python3 -c "print(round($(date +%s.%N) - $B_START))") s, server RSS $(( $(rss_kb) / 1024 )) MB"
        next_report=$(( $(date +%s) + 20 ))
    fi
    sleep 0.1
done
B_END="$(date +%s.%N)"
# CPU of the two clients and the server over phase B, read before wrk exits.
B_SERVER_AFTER="$(ticks_of "$SERVER_PID")"
B_FLOOD_TICKS="$(ticks_of "$FLOOD_PID")"
B_VALID_TICKS="$(ticks_of "$VALID_PID")"
kill -INT "$VALID_PID" "$FLOOD_PID" 2>/dev/null || true
wait "$VALID_PID" 2>/dev/null || true
wait "$FLOOD_PID" 2>/dev/null || true
VALID_PID="" FLOOD_PID=""
VALID_B="$(wrk_line "$WORK/valid-B.out" WRK_RESULT)"
FLOOD_B="$(wrk_line "$WORK/flood.out" WRK_RESULT)"
FLOOD_CODES="$(wrk_line "$WORK/flood.out" WRK_CODES)"
[[ -n "$VALID_B" && -n "$FLOOD_B" ]] || { cat "$WORK/valid-B.out" "$WORK/flood.out" >&2; fail "no WRK_RESULT in phase B"; }
B_SECONDS="$(python3 -c "print(round($B_END - $B_START, 3))")"
record B "$VALID_B server_ticks=$((B_SERVER_AFTER - B_SERVER_BEFORE)) rss_end_kb=$(rss_kb)"
record flood "$FLOOD_B seconds_until_done=$B_SECONDS finished=$FLOOD_FINISHED client_ticks=$B_FLOOD_TICKS valid_client_ticks=$B_VALID_TICKS $FLOOD_CODES"
fi
printf '   phase B (valid + flood): %10.0f req/s   p99 %6.2f ms   non-2xx %s;  flood: %s answered in %s s (%s)\n' \
    "$(field "$VALID_B" rps)" "$(python3 -c "print($(field "$VALID_B" p99_us) / 1000)")" "$(field "$VALID_B" status_4xx_5xx)" \
    "$(field "$FLOOD_B" answered)" "$B_SECONDS" "$FLOOD_CODES"
grep -q 'MALFORMED' <<<"$FLOOD_CODES" && fail "the flood drew MALFORMED answers: the generator is wrong"
[[ "$(code_of "$KEY" "$VALID_SOURCE")" == "200 VALID" ]] || fail "the valid source is refused after the flood: $(code_of "$KEY" "$VALID_SOURCE")"

echo "== phase C: valid traffic alone again, ${DURATION} s"
alone C

echo "idle" >"$WORK/phase"
sleep 3
read -r RSS_END ANON_END _ <<<"$(rss_all)"
DB_END="$(db_bytes)"
stop_pid "$SAMPLER_PID"
SAMPLER_PID=""

# --- summary -----------------------------------------------------------------
echo "== summary ($(nproc) cores; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'))"
echo
set +e
python3 - "$RESULTS" "$WORK/rss.txt" "$CLOCK_TICKS" "$RSS_START,$ANON_START" "$RSS_END,$ANON_END" "$DB_START" "$DB_END" \
    "$THREADS" "$CONNECTIONS" "$FLOOD_THREADS" "$FLOOD_CONNECTIONS" "$FLOOD_KEYS" "$FLOOD_SOURCES" "$BLOCK_AFTER" "$BLOCK_FOR" \
    "$COMMAND" "$SERVER_THREADS" "$FLOOD_RATE" "$WORK/segments.txt" <<'PY'
import statistics, sys

(results, rss_file, clock_ticks, rss_start, rss_end, db_start, db_end, threads, connections,
 flood_threads, flood_connections, flood_keys, flood_sources, block_after, block_for, command, server_threads, flood_pace,
 segments_file) = sys.argv[1:]
(rss_start, anon_start), (rss_end, anon_end) = (map(int, rss_start.split(","))), (map(int, rss_end.split(",")))
clock_ticks = int(clock_ticks)
db_start, db_end, flood_keys, flood_sources, block_after = int(db_start), int(db_end), int(flood_keys), int(flood_sources), int(block_after)

phases = {}
for line in open(results):
    name, *pairs = line.split()
    phases[name] = dict(pair.split("=", 1) for pair in pairs)

samples, anon, anon_b = {}, [], []
for line in open(rss_file):
    parts = line.split()
    if len(parts) == 5 and all(part.isdigit() for part in parts[2:]):
        samples.setdefault(parts[1], []).append(int(parts[2]))
        anon.append(int(parts[3]))
        if parts[1] == "B":
            anon_b.append(int(parts[3]))
peak = max([value for values in samples.values() for value in values] + [rss_start, rss_end])
anon_peak = max(anon + [anon_start, anon_end])

def mb(kb):
    return f"{kb / 1024:.1f} MB"

def rps(phase):
    return float(phases[phase]["rps"])

def cpu_per_request(phase, extra=0):
    answered = int(phases[phase]["requests"]) + extra
    return int(phases[phase]["server_ticks"]) / clock_ticks * 1e6 / max(answered, 1)

flood = phases["flood"]
flood_answered = int(flood["answered"])
flood_seconds = float(flood["seconds_until_done"])
flood_rate = flood_answered / flood_seconds
finished = flood["finished"] == "1"
codes = {key: int(value) for key, value in flood.items() if key.isupper() or key.startswith("status_")}
codes = {key: value for key, value in codes.items() if not key.startswith("status_4xx")}

print("| phase | valid req/s | valid p99 | flood req/s | server CPU per answer | RSS peak in phase | RSS at end |")
print("|---|---:|---:|---:|---:|---:|---:|")
for phase, label in (("A", "A: valid alone"), ("B", "B: valid + flood"), ("C", "C: valid alone")):
    values = phases[phase]
    flood_cell = f"{flood_rate:,.0f}" if phase == "B" else "–"
    extra = flood_answered if phase == "B" else 0
    phase_peak = max(samples.get(phase, [int(values["rss_end_kb"])]) + [int(values["rss_end_kb"])])
    print(f"| {label} | {rps(phase):,.0f} | {int(values['p99_us']) / 1000:.2f} ms | {flood_cell} | "
          f"{cpu_per_request(phase, extra):.1f} µs | {mb(phase_peak)} | {mb(int(values['rss_end_kb']))} |")
print()

baseline = statistics.mean([rps("A"), rps("C")])
ratio = rps("B") / baseline
met = ratio >= 0.8
# Interleaved phase B: each flood segment against the mean of the paused segments around it.
segments = {}
for line in open(segments_file):
    kind, index, *pairs = line.split()
    segments[(kind, int(index))] = float(dict(pair.split("=", 1) for pair in pairs)["rps"])
pairs = [segments[("flood", i)] / statistics.mean([segments[("alone", i - 1)], segments[("alone", i)]])
         for i in range(1, len(segments)) if ("flood", i) in segments and ("alone", i) in segments]
if pairs:
    # The last flood segment may have run partly without the flood: it counts only when it is not the only one.
    judged = pairs[:-1] if len(pairs) > 1 and finished else pairs
    interleaved = statistics.median(judged)
    met = interleaved >= 0.8
    quartiles = statistics.quantiles(judged, n=4) if len(judged) > 1 else [judged[0]] * 3
    print(f"- **Ratio, interleaved: {interleaved:.3f}** (target ≥ 0.8: {'met' if met else 'MISSED'}): the median of "
          f"{len(judged)} flood segments, each over the mean of the paused segments before and after it; "
          f"quartiles {quartiles[0]:.3f} / {quartiles[2]:.3f}, lowest {min(judged):.3f}, highest {max(judged):.3f}.")
    # Whether the flood leaves the server slower for good: the paused segments over time.
    alone = [segments[("alone", i)] for i in range(len(segments)) if ("alone", i) in segments]
    if len(alone) >= 4:
        quarter = [statistics.median(alone[len(alone) * q // 4:len(alone) * (q + 1) // 4]) for q in range(4)]
        print(f"- Valid traffic in the paused segments by quarter of B (medians, req/s): "
              + ", ".join(f"{value:,.0f}" for value in quarter) + f"; A {rps('A'):,.0f} before the flood, C {rps('C'):,.0f} after it.")
verdict = "beside the interleaved ratio" if pairs else f"target ≥ 0.8: {'met' if met else 'MISSED'}"
print(f"- **Ratio B / mean(A, C): {ratio:.3f}** ({verdict}; "
      f"A/C = {rps('A') / rps('C'):.3f}, the drift between the two alone phases)")
share = flood_rate / (flood_rate + rps("B"))
b_seconds = float(phases["B"]["seconds"])
pacing = (f"paced at {int(flood_pace):,} req/s" if int(flood_pace) > 0
          else "unpaced: as fast as it is answered, as pushy as the valid clients")
print(f"- Share: both clients closed-loop on the server's cores, valid `wrk -t{threads} -c{connections}`, "
      f"flood `wrk -t{flood_threads} -c{flood_connections}` {pacing}; in B the flood got {share:.0%} of the answers, "
      f"and the server answered {(rps('B') + flood_rate) / baseline:.2f}× the requests per second of A/C in all.")
client_cores = int(flood["client_ticks"]) / clock_ticks / flood_seconds
valid_cores = int(flood["valid_client_ticks"]) / clock_ticks / flood_seconds
server_cores = int(phases["B"]["server_ticks"]) / clock_ticks / flood_seconds
valid_cpu = f", valid wrk {valid_cores:.2f}" if valid_cores >= 0 else ""
print(f"- CPU in B (cores): keyward {server_cores:.2f} ({server_threads} threads), flood wrk {client_cores:.2f}{valid_cpu}.")
code_text = ", ".join(f"{name} {count:,}" for name, count in sorted(codes.items()))
print(f"- Flood: {flood_answered:,} of {flood_keys:,} distinct made-up keys answered ({int(flood['sent']):,} sent) in "
      f"{flood_seconds:.1f} s = {flood_rate:,.0f}/s, from {flood_sources:,} sources in turn "
      f"({'finished' if finished else 'CUT SHORT by FLOOD_TIMEOUT'}); answers: {code_text}.")
if block_after > 0:
    threshold = flood_sources * (block_after + 1) / 60
    print(f"- Blocking ({block_after} failures a minute, for {block_for}): a source that sends its share in turn is blocked only "
          f"if the flood runs above {threshold:,.0f} req/s ({flood_sources:,} × {block_after + 1} a minute); below that, every "
          f"made-up key is a NOT_FOUND (answered from the filter of known keys, about 1 in 400 from the store).")
valid_cost = statistics.mean([cpu_per_request("A"), cpu_per_request("C")])
flood_cost = (int(phases["B"]["server_ticks"]) / clock_ticks * 1e6 - int(phases["B"]["requests"]) * valid_cost) / max(flood_answered, 1)
print(f"- Server CPU per flood answer (estimate: B's CPU less its valid answers at A/C's {valid_cost:.1f} µs each): {flood_cost:.1f} µs.")
growth = peak - rss_start
print(f"- Memory (VmRSS, sampled every second): start {mb(rss_start)}, peak {mb(peak)} (+{mb(growth)}, "
      f"{growth * 1024 / max(flood_answered, 1):.0f} bytes per flood request, {growth * 1024 / flood_sources:,.0f} per source), "
      f"end {mb(rss_end)} (3 s after C); of it anonymous memory (RssAnon: heap, stacks) start {mb(anon_start)}, "
      f"peak {mb(anon_peak)}, end {mb(anon_end)}. Store + WAL on disk: {db_start / 1e6:.1f} MB before A, {db_end / 1e6:.1f} MB after C.")
def quarters(values):
    return [max(values[len(values) * q // 4:len(values) * (q + 1) // 4]) for q in range(4)]
if len(anon_b) >= 4:
    print("- In B by quarter of its time, peak VmRSS " + ", ".join(mb(v) for v in quarters(samples["B"])) +
          "; peak RssAnon " + ", ".join(mb(v) for v in quarters(anon_b)) + ".")
non_2xx = sum(int(phases[p]["status_4xx_5xx"]) for p in "ABC")
errors = sum(int(phases[p][name]) for p in "ABC" for name in ("connect_errors", "read_errors", "write_errors", "timeouts"))
if non_2xx or errors:
    print(f"- WARNING: valid traffic drew {non_2xx} non-2xx answers and {errors} socket errors.")
print()
print("```sh")
print(command)
print("```")
sys.exit(0 if met and finished else 3)
PY
met=$?
set -e
if [[ $met -ne 0 && "$STRICT" == "1" ]]; then exit 3; fi
exit 0
