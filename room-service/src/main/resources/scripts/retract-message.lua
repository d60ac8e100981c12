-- Retracts a message: removes it from the recent history and publishes room.retracted.
-- KEYS: 1 room meta (hash), 2 recent history (list)
-- ARGV: 1 channel, 2 room.retracted frame, 3 message id
-- Returns the number of history entries removed, or -1 when there is no room
if redis.call('EXISTS', KEYS[1]) == 0 then
  return -1
end
local removed = 0
for _, item in ipairs(redis.call('LRANGE', KEYS[2], 0, -1)) do
  local ok, message = pcall(cjson.decode, item)
  if ok and type(message) == 'table' and message.msgId == ARGV[3] then
    removed = removed + redis.call('LREM', KEYS[2], 0, item)
  end
end
redis.call('SPUBLISH', ARGV[1], ARGV[2])
return removed
