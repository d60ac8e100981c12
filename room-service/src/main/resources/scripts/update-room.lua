-- Changes settings of a live room.
-- KEYS: 1 room meta (hash)
-- ARGV: field, value, field, value, ...
-- Returns 0 when updated, 1 no room, 2 closed
local state = redis.call('HGET', KEYS[1], 'state')
if not state then
  return 1
end
if state ~= 'live' then
  return 2
end
if #ARGV > 0 then
  redis.call('HSET', KEYS[1], unpack(ARGV))
end
return 0
