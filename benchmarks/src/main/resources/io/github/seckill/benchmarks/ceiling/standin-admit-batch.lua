-- Stand-in for seckill's batched admission script, for the redis-benchmark ceiling: the one-buyer step for every
-- buyer of the call, in order.
-- KEYS[1] the shard's stock; ARGV[1] units, ARGV[2] slot lifetime in ms, ARGV[3..] one user id per buyer (also the
-- order id).
local units = tonumber(ARGV[1])
local answers = {}
for i = 3, #ARGV do
  local slot = 'bench:user:' .. ARGV[i]
  if not redis.call('SET', slot, ARGV[i], 'NX', 'PX', ARGV[2]) then
    answers[#answers + 1] = -1
  else
    local left = tonumber(redis.call('GET', KEYS[1]) or '0')
    if left < units then
      redis.call('DEL', slot)
      answers[#answers + 1] = -2
    else
      answers[#answers + 1] = redis.call('DECRBY', KEYS[1], units)
    end
  end
end
return answers
