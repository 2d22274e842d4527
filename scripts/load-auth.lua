-- wrk script for scripts/load-auth.sh.
--
--   wrk ... -s scripts/load-auth.lua URL -- healthz
--   wrk ... -s scripts/load-auth.lua URL -- auth KEYS_FILE [scopes]
--
-- "auth" cycles through the keys of KEYS_FILE (one a line) in
-- `Authorization: Bearer` headers on GET /v1/auth; each wrk thread starts at
-- another place in the list. "healthz" sends GET /healthz. Both go through
-- request() so that wrk spends the same per-request effort on either.
-- done() prints one WRK_RESULT line that load-auth.sh reads.

local threadCount = 0

function setup(thread)
    thread:set("threadIndex", threadCount)
    threadCount = threadCount + 1
end

local prepared = {}
local position = 1

function init(args)
    local mode = args[1]
    if mode == "healthz" then
        prepared[1] = wrk.format("GET", "/healthz")
        return
    end
    assert(mode == "auth", "mode must be healthz or auth")
    local file = assert(io.open(args[2], "r"))
    for line in file:lines() do
        if #line > 0 then
            local headers = { ["Authorization"] = "Bearer " .. line }
            -- "scopes": every request carries the scope query of issue 13's speed target.
            if args[3] == "scopes" then headers["X-Keyward-Scopes"] = "docs:read AND (billing:read OR admin)" end
            prepared[#prepared + 1] = wrk.format("GET", "/v1/auth", headers)
        end
    end
    file:close()
    assert(#prepared > 0, "no keys in " .. args[2])
    position = ((threadIndex or 0) * 7919) % #prepared + 1
end

function request()
    local next = prepared[position]
    position = position % #prepared + 1
    return next
end

function done(summary, latency, _)
    local seconds = summary.duration / 1e6
    local errors = summary.errors
    io.write(string.format(
        "WRK_RESULT requests=%d seconds=%.3f rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d " ..
        "connect_errors=%d read_errors=%d write_errors=%d timeouts=%d status_4xx_5xx=%d\n",
        summary.requests, seconds, summary.requests / seconds,
        latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
        errors.connect, errors.read, errors.write, errors.timeout, errors.status))
end
