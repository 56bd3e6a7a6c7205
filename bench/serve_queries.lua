-- wrk script for bench/serve.sh: each request searches the next question of a queries file
-- (one query text per line, already URL-encoded), cycling; k from the K environment variable.
local queries = {}
local k = os.getenv("K") or "10"
for line in io.lines(os.getenv("QUERIES_URLENC")) do queries[#queries + 1] = line end
local i = 0

request = function()
  i = i % #queries + 1
  return wrk.format("GET", "/search?k=" .. k .. "&q=" .. queries[i])
end

response = function(status, headers, body)
  if status ~= 200 then
    io.stderr:write("HTTP " .. status .. ": " .. body .. "\n")
  end
end

done = function(summary, latency, requests)
  io.write(string.format("requests=%d  errors(status)=%d  req/s=%.1f  p50=%.2f ms  p99=%.2f ms  max=%.2f ms\n",
    summary.requests, summary.errors.status, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
