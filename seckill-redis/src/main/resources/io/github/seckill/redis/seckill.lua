--[[
Every atomic step of seckill's Redis backend, in one script loaded once (SCRIPT LOAD) and called by EVALSHA with
the operation's name as ARGV[1]. Each operation touches only the keys it is given in KEYS.

Keys (see RedisKeys):
  <prefix>:<activity>:user:<user>           a user's slot, no hash tag: users spread over every cluster slot
  <prefix>:<activity>:stock:{<tag>}          units left on one shard
  <prefix>:<activity>:orders:{<tag>}         hash: order id -> "<units>:<user>:<taken at>" the order holds there
  <prefix>:<activity>:op:{<tag>}:<op id>     the result of a stock move by operation id, so a re-sent one applies once
  <prefix>:<activity>:transit:{<tag>}        hash: units stolen across cluster slots, by hold deadline (see below)
  <prefix>:<activity>:meta                   hash: the shards' tags and initial stock, written once by load
  <prefix>:<activity>:waitlist:{<tag>}       sorted set: buyers waiting for released units of the shard, by join
                                             time (the waitlist, GiveBackPolicy.WAITLIST_FIRST)

A slot's value is "<order id>:<shard>:<quantity>:<deadline>:<request id>": shard -1 while pending, quantity 0 when
unknown (a claim does not know it), deadline in epoch millis after which the slot counts as free. The request id is
last, so it may contain any character.

Numbers: order ids are 64-bit and Lua numbers are doubles, so order ids stay strings here and are only compared as
strings. Times are passed in by the caller (never read from the server clock); at 13 digits they are exact as
doubles. Shard masks can use all 64 bits, so they are returned as two 32-bit halves.
]]

local NOT_LOADED = 'SECKILL_NOT_LOADED activity has no stock loaded'
local CONFLICT = 'SECKILL_ORDER_CONFLICT order id holds units for another user'
-- How long a slot's key outlives its deadline: the deadline decides, the key's expiry only reclaims memory.
local EXPIRY_GRACE_MS = 60000
local MAX_TTL_MS = 10 * 365 * 86400000

-- Slots -----------------------------------------------------------------------------------------------------------

local function parse_slot(value)
  local order, shard, quantity, deadline, request = string.match(value, '^([^:]*):([^:]*):([^:]*):([^:]*):(.*)$')
  return order, tonumber(shard), quantity, tonumber(deadline), request
end

local function write_slot(key, order, shard, quantity, deadline, request, now)
  local ttl = tonumber(deadline) - now
  if ttl < 0 then
    ttl = 0
  end
  ttl = math.min(ttl + EXPIRY_GRACE_MS, MAX_TTL_MS)
  redis.call('SET', key, order .. ':' .. shard .. ':' .. quantity .. ':' .. deadline .. ':' .. request,
      'PX', string.format('%d', ttl))
end

-- Claims the slot pending, or reports its live holder: {kind, order, request, shard, quantity}, kind 1 new,
-- 2 replay, 3 duplicate.
local function claim(key, request, order, now, lease)
  local value = redis.call('GET', key)
  if value then
    local held, shard, quantity, deadline, holder = parse_slot(value)
    if now < deadline then
      return {holder == request and 2 or 3, held, holder, shard, tonumber(quantity)}
    end
  end
  write_slot(key, order, -1, 0, lease, request, now)
  return {1, order, request, -1, 0}
end

-- Confirms the slot for the order, unless another order holds it live.
local function confirm(key, request, order, shard, quantity, now, expires)
  local value = redis.call('GET', key)
  if value then
    local held, _, _, deadline = parse_slot(value)
    if now < deadline and held ~= order then
      return 0
    end
  end
  write_slot(key, order, shard, quantity, expires, request, now)
  return 1
end

-- Frees the slot if the order holds it.
local function release(key, order)
  local value = redis.call('GET', key)
  if value and parse_slot(value) == order then
    redis.call('DEL', key)
    return 1
  end
  return 0
end

-- Stock ------------------------------------------------------------------------------------------------------------

local function units(stock_key)
  local value = redis.call('GET', stock_key)
  if not value then
    error({err = NOT_LOADED})
  end
  return tonumber(value)
end

-- An order's record: the units it holds, its buyer and when the units were taken.
local function record_units(value)
  return tonumber(string.match(value, '^(%d+)'))
end

local function record_user(value)
  return string.match(value, '^%d+:([^:]*)')
end

-- ShardOps.tryTake: units left after taking, or -(units held) - 1 when too few, or false when the order id holds
-- units here for another user. Never below zero.
local function try_take(stock_key, orders_key, quantity, order, user, now)
  local left = units(stock_key)
  local held = redis.call('HGET', orders_key, order)
  if held then
    if record_user(held) ~= user then
      return false
    end
    return left
  end
  if left < quantity then
    return -left - 1
  end
  redis.call('DECRBY', stock_key, quantity)
  redis.call('HSET', orders_key, order, quantity .. ':' .. user .. ':' .. now)
  return left - quantity
end

-- Runs a stock move once per operation id: its result is kept under op_key for ttl milliseconds.
local function once(op_key, ttl, move)
  local done = redis.call('GET', op_key)
  if done then
    return tonumber(done)
  end
  local result = move()
  redis.call('SET', op_key, result, 'PX', ttl)
  return result
end

-- The donor's half of a steal: takes half of its units, rounded up, and returns how many.
local function take_half(donor_key)
  local left = units(donor_key)
  if left <= 0 then
    return 0
  end
  local moved = math.floor((left + 1) / 2)
  redis.call('DECRBY', donor_key, moved)
  return moved
end

--[[
Units in transit. On a cluster a steal is two scripts on two slots, the donor's decrement and then the target's
increment, and in between the units are on neither shard. So each side also counts the units in its shard's transit
hash, in the same script: the donor under "o:<hold>" (sent), the target under "i:<hold>" (received), both with the
same hold deadline (epoch seconds). A reader passes one "now" to every shard and adds sent minus received over the
fields still held: a steal in flight counts once on the donor, an arrived one cancels out, whatever order the shards
are read in. Fields are dropped long after their deadline, so that readers with slower clocks still see both.
]]
local function forget_transit(transit_key, before)
  for _, field in ipairs(redis.call('HKEYS', transit_key)) do
    if tonumber(string.sub(field, 3)) < before then
      redis.call('HDEL', transit_key, field)
    end
  end
end

local function held_transit(transit_key, now)
  local sent, received = 0, 0
  local fields = redis.call('HGETALL', transit_key)
  for k = 1, #fields, 2 do
    if tonumber(string.sub(fields[k], 3)) * 1000 > now then
      if string.sub(fields[k], 1, 1) == 'o' then
        sent = sent + tonumber(fields[k + 1])
      else
        received = received + tonumber(fields[k + 1])
      end
    end
  end
  return sent, received
end

local function mask_halves(set)
  local low, high = 0, 0
  for shard in pairs(set) do
    if shard < 32 then
      low = low + 2 ^ shard
    else
      high = high + 2 ^ (shard - 32)
    end
  end
  return low, high
end

local function take_result(shard, left, empty, stocked)
  if shard >= 0 then
    if left == 0 then
      empty[shard] = true
      stocked[shard] = nil
    else
      empty[shard] = nil
      stocked[shard] = true
    end
  end
  local empty_low, empty_high = mask_halves(empty)
  local stocked_low, stocked_high = mask_halves(stocked)
  return {shard, left, empty_low, empty_high, stocked_low, stocked_high}
end

-- ShardPlan semantics, exactly as ShardPlanExecutor runs them, over shards 0..n-1 whose stock keys are
-- KEYS[base + s] and whose order records are KEYS[base + n + s]. Returns {shard or -1, left, empty and stocked
-- masks as halves}, or false when the order id holds units for another user.
local function execute_plan(base, n, quantity, order, user, now, probes, donors)
  local empty, stocked = {}, {}
  for _, shard in ipairs(probes) do
    local left = try_take(KEYS[base + shard], KEYS[base + n + shard], quantity, order, user, now)
    if left == false then
      return false
    end
    if left >= 0 then
      return take_result(shard, left, empty, stocked)
    end
    if left == -1 then
      empty[shard] = true
    else
      stocked[shard] = true
    end
  end
  local target = probes[1]
  for _, donor in ipairs(donors) do
    local moved = take_half(KEYS[base + donor])
    if moved == 0 then
      empty[donor] = true
    else
      redis.call('INCRBY', KEYS[base + target], moved)
      local left = try_take(KEYS[base + target], KEYS[base + n + target], quantity, order, user, now)
      if left == false then
        return false
      end
      empty[target] = nil
      if left >= 0 then
        return take_result(target, left, empty, stocked)
      end
      stocked[target] = true
    end
  end
  return take_result(-1, 0, empty, stocked)
end

-- Reads "count, shard..." twice (probes, then donors) from ARGV at i; returns both lists and the next index.
local function read_plan(i)
  local probes, donors = {}, {}
  local count = tonumber(ARGV[i])
  for k = 1, count do
    probes[k] = tonumber(ARGV[i + k])
  end
  i = i + count + 1
  count = tonumber(ARGV[i])
  for k = 1, count do
    donors[k] = tonumber(ARGV[i + k])
  end
  return probes, donors, i + count + 1
end

-- Gives an order's units back to its shard, once, and tells every JVM.
local function restore(stock_key, orders_key, order, channel, activity)
  local held = redis.call('HGET', orders_key, order)
  if not held then
    return 0
  end
  redis.call('HDEL', orders_key, order)
  redis.call('INCRBY', stock_key, record_units(held))
  redis.call('PUBLISH', channel, activity)
  return 1
end

-- Waitlist ----------------------------------------------------------------------------------------------------------

-- A released order's units, each to the longest-waiting buyer of its shard as a new order of one unit, the rest back
-- to the shard: one atomic step, so a unit goes to exactly one place. Returns {held (0 or 1), units restored, then
-- user, order per new order}.
local function hand_over(stock_key, orders_key, waitlist_key, order, now, ends, channel, activity, ids)
  local held = redis.call('HGET', orders_key, order)
  if not held then
    return {0, 0}
  end
  redis.call('HDEL', orders_key, order)
  local quantity = record_units(held)
  local out = {1, 0}
  local offered = 0
  if now < ends then
    while offered < quantity do
      local head = redis.call('ZPOPMIN', waitlist_key)
      if #head == 0 then
        break
      end
      offered = offered + 1
      redis.call('HSET', orders_key, ids[offered], '1:' .. head[1] .. ':' .. now)
      out[#out + 1] = head[1]
      out[#out + 1] = ids[offered]
    end
  else
    redis.call('DEL', waitlist_key)
  end
  local restored = quantity - offered
  if restored > 0 then
    redis.call('INCRBY', stock_key, restored)
    redis.call('PUBLISH', channel, activity)
  end
  out[2] = restored
  return out
end

-- Admission: dedupe, then the plan, one buyer after another -------------------------------------------------------

-- Outcome codes of one attempt, followed by order, shard, left and the four mask halves.
local ADMITTED, REPLAYED, DUPLICATE, SOLD_OUT, IN_FLIGHT, ORDER_CONFLICT = 1, 2, 3, 4, 5, 6

local function admit_one(n, user_key, user, request, order, quantity, now, expires, probes, donors)
  local value = redis.call('GET', user_key)
  if value then
    local held, shard, held_quantity, deadline, holder = parse_slot(value)
    if now < deadline then
      if holder ~= request then
        return {DUPLICATE, held, -1, 0, 0, 0, 0, 0}
      end
      if shard >= 0 then
        return {REPLAYED, held, shard, tonumber(held_quantity), 0, 0, 0, 0}
      end
      -- A pending claim of this very request, made through the DedupeGuard: resume from the order records.
      for s = 0, n - 1 do
        local taken = redis.call('HGET', KEYS[1 + n + s], held)
        if taken then
          local units_taken = record_units(taken)
          write_slot(user_key, held, s, units_taken, expires, request, now)
          return {REPLAYED, held, s, units_taken, 0, 0, 0, 0}
        end
      end
      return {IN_FLIGHT, held, -1, 0, 0, 0, 0, 0}
    end
  end
  local taken = execute_plan(1, n, quantity, order, user, now, probes, donors)
  if taken == false then
    return {ORDER_CONFLICT, order, -1, 0, 0, 0, 0, 0}
  end
  if taken[1] < 0 then
    return {SOLD_OUT, '0', -1, 0, taken[3], taken[4], taken[5], taken[6]}
  end
  write_slot(user_key, order, taken[1], quantity, expires, request, now)
  return {ADMITTED, order, taken[1], taken[2], taken[3], taken[4], taken[5], taken[6]}
end

-- KEYS: n stock keys, n order records, then one slot per attempt.
-- ARGV: 'admit', n, attempts, then per attempt: user, request, order, quantity, now, expires, probes, donors.
local function admit()
  local n = tonumber(ARGV[2])
  local attempts = tonumber(ARGV[3])
  -- Every shard before any write: an error half-way through a batch would leave earlier attempts applied.
  for s = 1, n do
    if redis.call('EXISTS', KEYS[s]) == 0 then
      return redis.error_reply(NOT_LOADED)
    end
  end
  local out = {}
  local i = 4
  for a = 1, attempts do
    local user, request, order, quantity, now, expires = ARGV[i], ARGV[i + 1], ARGV[i + 2], tonumber(ARGV[i + 3]),
        tonumber(ARGV[i + 4]), ARGV[i + 5]
    local probes, donors
    probes, donors, i = read_plan(i + 6)
    local result = admit_one(n, KEYS[2 * n + a], user, request, order, quantity, now, expires, probes, donors)
    for _, v in ipairs(result) do
      out[#out + 1] = v
    end
  end
  return out
end

-- Dispatch ----------------------------------------------------------------------------------------------------------

local op = ARGV[1]

if op == 'admit' then
  return admit()
elseif op == 'claim' then
  return claim(KEYS[1], ARGV[2], ARGV[3], tonumber(ARGV[4]), ARGV[5])
elseif op == 'confirm' then
  return confirm(KEYS[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], tonumber(ARGV[6]), ARGV[7])
elseif op == 'release' then
  return release(KEYS[1], ARGV[2])
elseif op == 'find' then
  local value = redis.call('GET', KEYS[1])
  if not value then
    return {}
  end
  local held, shard, quantity, deadline, holder = parse_slot(value)
  if tonumber(ARGV[2]) >= deadline then
    return {}
  end
  return {held, holder, shard, tonumber(quantity)}
elseif op == 'take' then
  -- KEYS: n stock keys, n order records. ARGV: 'take', n, quantity, order, user, now, probes, donors.
  local n = tonumber(ARGV[2])
  for s = 1, n do
    if redis.call('EXISTS', KEYS[s]) == 0 then
      return redis.error_reply(NOT_LOADED)
    end
  end
  local probes, donors = read_plan(7)
  local taken = execute_plan(1, n, tonumber(ARGV[3]), ARGV[4], ARGV[5], ARGV[6], probes, donors)
  if taken == false then
    return redis.error_reply(CONFLICT)
  end
  return taken
elseif op == 'try_take' then
  -- KEYS: stock, order records. ARGV: 'try_take', quantity, order, user, now.
  local left = try_take(KEYS[1], KEYS[2], tonumber(ARGV[2]), ARGV[3], ARGV[4], ARGV[5])
  if left == false then
    return redis.error_reply(CONFLICT)
  end
  return left
elseif op == 'send_half' then
  -- KEYS: donor stock, donor transit, op key. ARGV: 'send_half', hold deadline, forget before (epoch seconds), ttl.
  return once(KEYS[3], ARGV[4], function()
    forget_transit(KEYS[2], tonumber(ARGV[3]))
    local moved = take_half(KEYS[1])
    if moved > 0 then
      redis.call('HINCRBY', KEYS[2], 'o:' .. ARGV[2], moved)
    end
    return moved
  end)
elseif op == 'receive' then
  -- KEYS: target stock, target transit, op key. ARGV: 'receive', units, hold deadline, forget before, ttl.
  return once(KEYS[3], ARGV[5], function()
    forget_transit(KEYS[2], tonumber(ARGV[4]))
    redis.call('HINCRBY', KEYS[2], 'i:' .. ARGV[3], ARGV[2])
    return redis.call('INCRBY', KEYS[1], ARGV[2])
  end)
elseif op == 'units' then
  -- KEYS: stock, transit. ARGV: 'units', now (millis). Returns units, then units sent and received still held.
  local sent, received = held_transit(KEYS[2], tonumber(ARGV[2]))
  return {tonumber(redis.call('GET', KEYS[1]) or '0'), sent, received}
elseif op == 'restore' then
  return restore(KEYS[1], KEYS[2], ARGV[2], ARGV[3], ARGV[4])
elseif op == 'revoke' then
  -- KEYS: stock, order records, user slot. Units first, then the slot.
  restore(KEYS[1], KEYS[2], ARGV[2], ARGV[3], ARGV[4])
  release(KEYS[3], ARGV[2])
  return 1
elseif op == 'add_stock' then
  -- KEYS: stock, op key. ARGV: 'add_stock', units, restock channel, activity, ttl.
  units(KEYS[1])
  return once(KEYS[2], ARGV[5], function()
    local left = redis.call('INCRBY', KEYS[1], ARGV[2])
    redis.call('PUBLISH', ARGV[3], ARGV[4])
    return left
  end)
elseif op == 'remove_stock' then
  -- KEYS: stock, op key. ARGV: 'remove_stock', units, ttl. Takes off up to units, never below zero.
  local left = units(KEYS[1])
  return once(KEYS[2], ARGV[3], function()
    local cut = math.min(left, tonumber(ARGV[2]))
    if cut > 0 then
      redis.call('DECRBY', KEYS[1], cut)
    end
    return cut
  end)
elseif op == 'snapshot' then
  -- KEYS: meta, n stock keys, n order records. ARGV: 'snapshot', n. Returns loaded (0 or 1), the n units, then per
  -- shard the number of its records followed by its order ids and records.
  local n = tonumber(ARGV[2])
  local loaded = redis.call('EXISTS', KEYS[1])
  for s = 1, n do
    if redis.call('EXISTS', KEYS[1 + s]) == 0 then
      loaded = 0
    end
  end
  if loaded == 0 then
    return {0}
  end
  local out = {1}
  for s = 1, n do
    out[#out + 1] = tonumber(redis.call('GET', KEYS[1 + s]))
  end
  for s = 1, n do
    local fields = redis.call('HGETALL', KEYS[1 + n + s])
    out[#out + 1] = #fields / 2
    for k = 1, #fields do
      out[#out + 1] = fields[k]
    end
  end
  return out
elseif op == 'shard_state' then
  -- KEYS: stock, order records, transit of one shard. ARGV: 'shard_state', now. Returns exists (0 or 1), units,
  -- units sent and received still held, then the number of records followed by order ids and records.
  if redis.call('EXISTS', KEYS[1]) == 0 then
    return {0}
  end
  local sent, received = held_transit(KEYS[3], tonumber(ARGV[2]))
  local out = {1, tonumber(redis.call('GET', KEYS[1])), sent, received}
  local fields = redis.call('HGETALL', KEYS[2])
  out[#out + 1] = #fields / 2
  for k = 1, #fields do
    out[#out + 1] = fields[k]
  end
  return out
elseif op == 'wait_join' then
  -- KEYS: stock, waitlist of one shard. ARGV: 'wait_join', user, capacity, now, drop after (epoch millis).
  -- Returns {1 joined, 2 already waiting, 3 full; position (1 is next)}.
  units(KEYS[1])
  local rank = redis.call('ZRANK', KEYS[2], ARGV[2])
  if rank then
    return {2, rank + 1}
  end
  if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[3]) then
    return {3, 0}
  end
  redis.call('ZADD', KEYS[2], ARGV[4], ARGV[2])
  redis.call('PEXPIREAT', KEYS[2], ARGV[5])
  return {1, redis.call('ZRANK', KEYS[2], ARGV[2]) + 1}
elseif op == 'hand_over' then
  -- KEYS: stock, order records, waitlist of one shard. ARGV: 'hand_over', order, now, waitlist end, restock channel,
  -- activity, then one fresh order id per unit.
  local ids = {}
  for k = 7, #ARGV do
    ids[#ids + 1] = ARGV[k]
  end
  return hand_over(KEYS[1], KEYS[2], KEYS[3], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5], ARGV[6], ids)
elseif op == 'load' then
  -- KEYS: meta. ARGV: 'load', tags, stocks. Written once; later calls get what the first one wrote.
  local current = redis.call('HMGET', KEYS[1], 'tags', 'stocks')
  if current[1] then
    return {0, current[1], current[2]}
  end
  redis.call('HSET', KEYS[1], 'tags', ARGV[2], 'stocks', ARGV[3])
  return {1, ARGV[2], ARGV[3]}
end
return redis.error_reply('SECKILL_UNKNOWN_OPERATION ' .. tostring(op))
