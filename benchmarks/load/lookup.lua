-- wrk script: POST /v1/lookup with BATCH hashes per request (env BATCH, default 100), drawn from the PDQ hashes in
-- the file named by env QUERIES (one 64-hex-digit hash per line). Bodies are built once per thread, up front, so the
-- load generator spends its time sending, not formatting: 10,000 hashes' worth of them (at least 512 bodies), so
-- single-hash runs do not query a few hundred hashes whose index buckets stay in the processor's caches. With env
-- MATCH_PERCENT (default 100) below 100, each hash is one of those with that probability and otherwise a random hash
-- (which matches nothing in a bank of random hashes: they lie 128 +- 8 bits apart), as real traffic matches rarely.
local batch = tonumber(os.getenv("BATCH") or "100")
local match_percent = tonumber(os.getenv("MATCH_PERCENT") or "100")
local bodies = {}
local next_body = 1

function init(args)
  local hashes = {}
  for line in io.lines(os.getenv("QUERIES")) do
    hashes[#hashes + 1] = line
  end
  math.randomseed(#hashes + batch)
  for b = 1, math.max(512, math.floor(10000 / batch)) do
    local items = {}
    for i = 1, batch do
      local hash = hashes[math.random(#hashes)]
      if math.random() * 100 >= match_percent then
        local words = {}
        for w = 1, 8 do
          words[w] = string.format("%08x", math.random(0, 0xffffffff))
        end
        hash = table.concat(words)
      end
      items[i] = '{"pdq":"' .. hash .. '"}'
    end
    bodies[b] = '{"hashes":[' .. table.concat(items, ",") .. ']}'
  end
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["X-Api-Key"] = os.getenv("API_KEY")
end

function request()
  local body = bodies[next_body]
  next_body = next_body % #bodies + 1
  return wrk.format(nil, "/v1/lookup", nil, body)
end
