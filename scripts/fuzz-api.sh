#!/usr/bin/env bash
# Fuzzes the live API from its own OpenAPI document with schemathesis, with the
# root token, for a bounded number of cases per operation. Fails on any 5xx, on
# an answer the document does not describe, and on a document that is not valid.
#
#   scripts/fuzz-api.sh [MAX_EXAMPLES]      (default 25 per operation)
#
# Needs `pip install schemathesis` and a built keyward (swift build).
set -euo pipefail
cd "$(dirname "$0")/.."
examples="${1:-25}"
binary="$(swift build --show-bin-path)/keyward"
home="$(mktemp -d)"
port=$((20000 + RANDOM % 20000))
cleanup() { [ -n "${server:-}" ] && kill "$server" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$home"; }
trap cleanup EXIT
KEYWARD_HOME="$home" "$binary" serve --port "$port" > "$home/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$port/healthz" > /dev/null 2>&1 && break
    sleep 0.1
done
token="$(cat "$home/token")"
# The root token must survive the run: the API refuses to revoke the last admin token.
# /v1/sys/rekey is left out: it writes a key file at the path it is given, and a
# fuzzer would scatter them over the machine (RekeyTests cover it).
schemathesis run "http://127.0.0.1:$port/openapi.json" \
    --header "Authorization: Bearer $token" \
    --exclude-path /v1/sys/rekey \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance \
    --max-examples "$examples" --seed 1 --request-timeout 10 --no-color
# The root token still works after the run.
curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$port/v1/tokens" > /dev/null
echo "fuzz-api: the root token still works"
