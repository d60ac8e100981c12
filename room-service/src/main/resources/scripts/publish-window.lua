-- Publishes one window of a room: the high-priority batch, then the low-priority batch, each an encoded
-- client frame, with SPUBLISH on the room's channel; appends the published messages to the capped history.
-- Nothing is published once the room is closed, so no batch follows room.closed.
-- KEYS: 1 room meta (hash), 2 recent history (list)
-- ARGV: 1 channel, 2 history size, 3 history ttl millis, 4 high frame or '', 5 low frame or '',
--       6.. encoded messages for the history, oldest first
-- Returns 1 when published, 0 when the room is not live
if redis.call('HGET', KEYS[1], 'state') ~= 'live' then
  return 0
end
if ARGV[4] ~= '' then
  redis.call('SPUBLISH', ARGV[1], ARGV[4])
end
if ARGV[5] ~= '' then
  redis.call('SPUBLISH', ARGV[1], ARGV[5])
end
if #ARGV > 5 then
  redis.call('RPUSH', KEYS[2], unpack(ARGV, 6))
  redis.call('LTRIM', KEYS[2], -tonumber(ARGV[2]), -1)
  redis.call('PEXPIRE', KEYS[2], ARGV[3])
end
return 1
