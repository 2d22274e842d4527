-- wrk script for scripts/load-create.sh: POST /v1/keys with the token of
-- args[1] (a file), into keyspace "load". done() prints one WRK_RESULT line.
local body = '{"keyspace":"load"}'
local prepared

function init(args)
    local file = assert(io.open(args[1], "r"))
    local token = file:read("*l")
    file:close()
    prepared = wrk.format("POST", "/v1/keys", {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}, body)
end

function request()
    return prepared
end

local non201 = 0
function response(status, headers, body)
    if status ~= 201 then non201 = non201 + 1 end
end

function done(summary, latency, requests)
    io.write(string.format("WRK_RESULT requests=%d duration_us=%d p99_us=%d errors=%d\n",
        summary.requests, summary.duration, latency:percentile(99), summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
