-- Stand-in for seckill's one-buyer admission script, for the redis-benchmark ceiling: dedupe and deduction in one
-- atomic step, the same work per buyer as the real script.
-- KEYS[1] the buyer's slot, KEYS[2] the shard's stock; ARGV[1] order id, ARGV[2] units, ARGV[3] slot lifetime in ms.
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[3]) then
  return -1
end
local units = tonumber(ARGV[2])
local left = tonumber(redis.call('GET', KEYS[2]) or '0')
if left < units then
  redis.call('DEL', KEYS[1])
  return -2
end
return redis.call('DECRBY', KEYS[2], units)
