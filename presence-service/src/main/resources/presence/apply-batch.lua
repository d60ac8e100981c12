-- Applies one connection-service instance's coalesced presence deltas to several users, atomically per user.
--
-- A user's presence is one string: the last-seen epoch millis ("" when never seen offline), then
-- ";<device>=<instance>" per device, e.g. "1700000000000;phone=conn-1;laptop=conn-2". Ids never contain
-- ';' or '='.
--
-- KEYS: the users' keys.
-- ARGV[1]: the reporting instance (alive: it just renewed its lease).
-- ARGV[2]: a, the number of other live instances, ARGV[3 .. 2+a] their ids.
-- ARGV[3+a]: d, the number of instances whose lease expired, then their ids.
-- Then one delta per key, in KEYS order: "<lastOffline>" (epoch millis of the latest disconnect, 0 when
-- none) followed by ";<device>=1" (connected here) or ";<device>=0" (disconnected here) per device.
--
-- Per user: a connect moves the device here; a disconnect removes it only while this instance holds it
-- (it may already have reconnected elsewhere); devices left on dead instances are pruned unless this delta
-- names them; when no device is left on a live instance and the delta holds a disconnect, last seen becomes
-- that disconnect. A value written by an earlier version as a hash ("d:<device>" -> instance, "seen") is
-- converted. Returns, for each key, before and after (nil when absent) and "1" when someone follows the
-- user ("<key>:watchers" exists, same hash slot), else "0": 3 * #KEYS values.
local instance = ARGV[1]
local alive = { [instance] = true }
local dead = {}
local a = tonumber(ARGV[2])
for i = 1, a do
  alive[ARGV[2 + i]] = true
end
local d = tonumber(ARGV[3 + a])
for i = 1, d do
  dead[ARGV[3 + a + i]] = true
end
local first_delta = 4 + a + d

local function from_hash(key)
  local fields = redis.call('HGETALL', key)
  local seen, devices = '', {}
  for i = 1, #fields, 2 do
    local field, value = fields[i], fields[i + 1]
    if field == 'seen' then
      seen = value
    elseif string.sub(field, 1, 2) == 'd:' then
      devices[#devices + 1] = ';' .. string.sub(field, 3) .. '=' .. value
    end
  end
  return seen .. table.concat(devices)
end

local result = {}
for k = 1, #KEYS do
  local key = KEYS[k]
  local before = redis.pcall('GET', key)
  local converted = type(before) == 'table' and before.err ~= nil
  if converted then
    before = from_hash(key)
    if before == '' then
      before = false
    end
  end
  local order, holders, seen = {}, {}, ''
  if before then
    local devices_at = string.find(before, ';', 1, true)
    if devices_at then
      seen = string.sub(before, 1, devices_at - 1)
      for device, holder in string.gmatch(string.sub(before, devices_at), ';([^;=]+)=([^;]+)') do
        order[#order + 1] = device
        holders[device] = holder
      end
    else
      seen = before
    end
  end

  local delta = ARGV[first_delta + k - 1]
  local devices_at = string.find(delta, ';', 1, true) or (#delta + 1)
  local last_offline = string.sub(delta, 1, devices_at - 1)
  local touched = {}
  for device, online in string.gmatch(string.sub(delta, devices_at), ';([^;=]+)=([01])') do
    touched[device] = true
    if online == '1' then
      if not holders[device] then
        order[#order + 1] = device
      end
      holders[device] = instance
    elseif holders[device] == instance then
      holders[device] = nil
    end
  end

  local devices, online = {}, false
  for _, device in ipairs(order) do
    local holder = holders[device]
    if holder and (touched[device] or not dead[holder]) then
      devices[#devices + 1] = ';' .. device .. '=' .. holder
      online = online or alive[holder] == true
    end
  end
  if not online and last_offline ~= '0' then
    seen = last_offline
  end
  local after = seen .. table.concat(devices)
  if after == '' then
    after = false
  end
  if after and (converted or after ~= before) then
    redis.call('SET', key, after)
  elseif not after and (converted or before) then
    redis.call('DEL', key)
  end
  result[3 * k - 2] = before or false
  result[3 * k - 1] = after
  result[3 * k] = tostring(redis.call('EXISTS', key .. ':watchers'))
end
return result
