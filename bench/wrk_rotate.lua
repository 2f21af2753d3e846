-- wrk script for the loudong benchmarks.
--   WRK_PATHS   file with one request path per line; each request picks one at random
--   WRK_COOKIE  Cookie header value (signed-in routes)
--   WRK_METHOD  GET (default) or POST
--   WRK_BODY    file whose content is the POST body (application/json)
-- done() prints one machine-readable line:
--   RESULT requests=N duration_s=S rps=R p50_ms=.. p95_ms=.. p99_ms=.. max_ms=.. non2xx=N socket_errors=N
local paths = {}
local method = os.getenv("WRK_METHOD") or "GET"
local cookie = os.getenv("WRK_COOKIE")
local body = nil

function init(args)
  local f = os.getenv("WRK_PATHS")
  if f then
    for line in io.lines(f) do
      if #line > 0 then paths[#paths + 1] = line end
    end
  end
  if #paths == 0 then paths[1] = "/" end
  local b = os.getenv("WRK_BODY")
  if b then
    local h = io.open(b, "rb")
    body = h:read("*a")
    h:close()
  end
  math.randomseed(os.time() + (tonumber(tostring({}):match("0x(%x+)"), 16) or 0) % 100000)
  wrk.headers["Accept"] = "application/json"
  if cookie then wrk.headers["Cookie"] = cookie end
  if body then wrk.headers["Content-Type"] = "application/json" end
end

function request()
  local p = paths[math.random(#paths)]
  return wrk.format(method, p, nil, body)
end

function done(summary, latency, requests)
  local s = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_s=%.1f rps=%.1f p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f max_ms=%.2f non2xx=%d socket_errors=%d\n",
    summary.requests, s, summary.requests / s, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, e.status, e.connect + e.read + e.write + e.timeout))
end
