-- wrk script for the logged-in share of `make bench` in mixed mode: each request carries the session cookie of one
-- of the users given after "--" (session keys from `manage.py bench_mixed --sessions`), in turn. Without arguments
-- the requests carry no cookie (the visitors). The last line is parseable, as report.lua's.
local cookies = {}
local sent = 0

init = function(args)
  for i, key in ipairs(args) do
    cookies[i] = "sessionid=" .. key
  end
end

request = function()
  if #cookies == 0 then
    return wrk.request()
  end
  sent = sent + 1
  return wrk.format(nil, nil, {["Cookie"] = cookies[(sent % #cookies) + 1]})
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_RESULT {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"max_us": %d, "connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout))
end
