-- wrk script for scripts/load-flood.sh.
--
--   wrk ... -s scripts/load-flood-wrk.lua URL -- valid KEY XFF
--   wrk -tTHREADS ... -s scripts/load-flood-wrk.lua URL -- flood PREFIX TOTAL SOURCES FIRST THREADS RATE DONE_FILE
--
-- "valid" sends GET /v1/auth with one key (Authorization: Bearer KEY) from one
-- source (X-Forwarded-For: XFF), the same prepared request every time.
--
-- "flood" makes every request a fresh key of SPEC §1: PREFIX, "_", 43 random
-- base62 characters, then the CRC-32 (zlib's) of "PREFIX_<random>" in base62,
-- most significant digit first, padded to 6; so the server answers NOT_FOUND
-- (or SOURCE_BLOCKED), never MALFORMED. The sources cycle: the n-th request of
-- the whole wrk run (all threads together) comes from source (n mod SOURCES),
-- written 10.<s / 256>.<s mod 256>.1 after FIRST (source index s = FIRST + i),
-- so every source sends its share spread over the run, as a distributed
-- brute force that wants to stay under a per-source limit would. The THREADS
-- threads (the same number as wrk's -t: wrk runs a thread's init() before the
-- next thread exists, so a thread cannot count them) share TOTAL requests; a
-- thread stops once its share is answered and adds a line to DONE_FILE
-- (load-flood.sh stops wrk when every thread has: wrk itself has no request
-- count). RATE > 0 paces the flood at RATE requests a second over all threads
-- (each request gets its own slot on the thread's schedule, through wrk's
-- delay()); 0 sends as fast as the connections are answered. The answers'
-- X-Keyward-Code values are counted.
--
-- done() prints one WRK_RESULT line (and, for a flood, one WRK_CODES line)
-- that load-flood.sh reads.

local bit = require("bit")
local band, bxor, bnot, rshift = bit.band, bit.bxor, bit.bnot, bit.rshift

local ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
local alphabetBytes = {}
for i = 1, 62 do alphabetBytes[i - 1] = ALPHABET:byte(i) end

-- CRC-32, IEEE 802.3, reflected, as zlib's crc32().
local crcTable = {}
for i = 0, 255 do
    local c = i
    for _ = 1, 8 do
        if band(c, 1) ~= 0 then c = bxor(0xEDB88320, rshift(c, 1)) else c = rshift(c, 1) end
    end
    crcTable[i] = c
end

local function crcUpdate(crc, s)
    for i = 1, #s do
        crc = bxor(crcTable[band(bxor(crc, s:byte(i)), 0xFF)], rshift(crc, 8))
    end
    return crc
end

local function crcFinish(crc)
    local value = bnot(crc)
    if value < 0 then value = value + 4294967296 end
    return value
end

local function crc32(s) return crcFinish(crcUpdate(-1, s)) end

local function base62(number, width)
    local digits = {}
    repeat
        local digit = number % 62
        table.insert(digits, 1, ALPHABET:sub(digit + 1, digit + 1))
        number = (number - digit) / 62
    until number == 0
    local text = table.concat(digits)
    return string.rep("0", width - #text) .. text
end

-- Known answers: the CRC-32 check value, and base62 at its edges.
assert(crc32("123456789") == 0xCBF43926, "crc32 check value")
assert(crc32("") == 0, "crc32 of nothing")
assert(base62(0, 6) == "000000" and base62(61, 6) == "00000z" and base62(62, 6) == "000010", "base62")
assert(base62(4294967295, 6) == "4gfFC3", "base62 of 2^32 - 1")

-- --- threads (setup and done run in the main state) -------------------------

local threads = {}

function setup(thread)
    thread:set("threadIndex", #threads)
    table.insert(threads, thread)
end

-- --- running (one state per thread) ------------------------------------------

-- A monotonic clock, for pacing.
local ffi = require("ffi")
ffi.cdef [[
    typedef struct { long tv_sec; long tv_nsec; } keyward_timespec;
    int clock_gettime(int clock, keyward_timespec *time);
]]
local timespec = ffi.new("keyward_timespec")
local function now()
    ffi.C.clock_gettime(1, timespec) -- CLOCK_MONOTONIC
    return tonumber(timespec.tv_sec) + tonumber(timespec.tv_nsec) * 1e-9
end

local mode
local prepared
local interval, started, scheduled = 0, nil, 0
local prefix, prefixCrc, sources, firstSource, doneFile
local forwarded = {}
local share, stopped = 0, false
-- Globals, so that done() can read them with thread:get().
sent, answered, codes = 0, 0, {}
local randomBytes = {}
local random = math.random
local char = string.char
local unpack = unpack or table.unpack

function init(args)
    mode = args[1]
    if mode == "valid" then
        prepared = wrk.format("GET", "/v1/auth", { ["Authorization"] = "Bearer " .. args[2], ["X-Forwarded-For"] = args[3] })
        response = nil -- wrk then skips parsing the answers
        delay = nil
        return
    end
    assert(mode == "flood", "mode must be valid or flood")
    prefix = args[2]
    local total = tonumber(args[3])
    sources = tonumber(args[4])
    firstSource = tonumber(args[5])
    threadCount = tonumber(args[6])
    local rate = tonumber(args[7])
    doneFile = args[8]
    assert(total and total > 0 and sources and sources > 0 and firstSource and threadCount and rate and doneFile,
        "flood PREFIX TOTAL SOURCES FIRST THREADS RATE DONE_FILE")
    local index, count = threadIndex or 0, threadCount
    assert(index < count, "THREADS is less than wrk's -t")
    share = math.floor(total / count) + ((index < total % count) and 1 or 0)
    sent = 0
    if rate > 0 then
        interval = count / rate
    else
        delay = nil -- wrk then sends the next request as soon as the answer is in
    end
    prefixCrc = crcUpdate(-1, prefix .. "_")
    for s = 0, sources - 1 do
        local source = firstSource + s
        forwarded[s] = string.format("10.%d.%d.1", math.floor(source / 256) % 256, source % 256)
    end
    -- Each thread its own random stream; 43 characters of base62 make
    -- collisions between 1,000,000 keys impossible in practice.
    local seed = os.time() * 1000 + index * 7919
    local urandom = io.open("/dev/urandom", "rb")
    if urandom then
        local bytes = urandom:read(6)
        urandom:close()
        for i = 1, #bytes do seed = (seed * 256 + bytes:byte(i)) % 4503599627370496 end
    end
    math.randomseed(seed)
    for _ = 1, 10 do random() end
end

function delay()
    -- The next free slot on this thread's schedule: one every `interval` seconds.
    started = started or now()
    local due = started + scheduled * interval
    scheduled = scheduled + 1
    local wait = (due - now()) * 1000
    if wait >= 1 then return math.floor(wait) end
    return 0
end

function request()
    if mode == "valid" then return prepared end
    -- The n-th request of the run over all threads: this thread's sent-th.
    local n = sent * threadCount + threadIndex
    sent = sent + 1
    for i = 1, 43 do randomBytes[i] = alphabetBytes[random(0, 61)] end
    local body = char(unpack(randomBytes))
    local head = prefix .. "_" .. body
    local key = head .. base62(crcFinish(crcUpdate(prefixCrc, body)), 6)
    return wrk.format("GET", "/v1/auth", { ["Authorization"] = "Bearer " .. key, ["X-Forwarded-For"] = forwarded[n % sources] })
end

function response(status, headers, body)
    local code = headers["X-Keyward-Code"] or headers["x-keyward-code"] or ("status " .. status)
    codes[code] = (codes[code] or 0) + 1
    answered = answered + 1
    if answered >= share and not stopped then
        stopped = true
        -- A line per finished thread; load-flood.sh waits for threadCount lines.
        local file = io.open(doneFile, "a")
        if file then
            file:write(string.format("%d %d %d\n", threadIndex, sent, answered))
            file:close()
        end
        wrk.thread:stop()
    end
end

function done(summary, latency, _)
    local seconds = summary.duration / 1e6
    local errors = summary.errors
    local sentTotal, answeredTotal, all = 0, 0, {}
    for _, thread in ipairs(threads) do
        sentTotal = sentTotal + (thread:get("sent") or 0)
        answeredTotal = answeredTotal + (thread:get("answered") or 0)
        local threadCodes = thread:get("codes") or {}
        for code, count in pairs(threadCodes) do all[code] = (all[code] or 0) + count end
    end
    io.write(string.format(
        "WRK_RESULT requests=%d seconds=%.3f rps=%.1f p50_us=%d p99_us=%d max_us=%d " ..
        "connect_errors=%d read_errors=%d write_errors=%d timeouts=%d status_4xx_5xx=%d sent=%d answered=%d\n",
        summary.requests, seconds, summary.requests / seconds,
        latency:percentile(50), latency:percentile(99), latency.max,
        errors.connect, errors.read, errors.write, errors.timeout, errors.status, sentTotal, answeredTotal))
    local names = {}
    for code in pairs(all) do table.insert(names, code) end
    if #names > 0 then
        table.sort(names)
        local parts = {}
        for _, code in ipairs(names) do table.insert(parts, string.format("%s=%d", code:gsub(" ", "_"), all[code])) end
        io.write("WRK_CODES " .. table.concat(parts, " ") .. "\n")
    end
end
