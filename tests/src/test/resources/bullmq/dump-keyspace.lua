-- Not BullMQ's: describes every key matching ARGV[1] (type, whether it expires, contents in a canonical order)
-- so two servers' keyspaces can be compared. Stream entry IDs are left out: XADD '*' makes them from the clock.
local keys = redis.call('KEYS', ARGV[1])
table.sort(keys)
local out = {}
for _, k in ipairs(keys) do
  local t = redis.call('TYPE', k)['ok']
  local expires = redis.call('PTTL', k) >= 0
  out[#out + 1] = k .. ' ' .. t .. (expires and ' expires' or '')
  local v = {}
  if t == 'string' then
    v = {redis.call('GET', k)}
  elseif t == 'hash' then
    local h = redis.call('HGETALL', k)
    for i = 1, #h, 2 do v[#v + 1] = h[i] .. '=' .. h[i + 1] end
    table.sort(v)
  elseif t == 'list' then
    v = redis.call('LRANGE', k, 0, -1)
  elseif t == 'set' then
    v = redis.call('SMEMBERS', k)
    table.sort(v)
  elseif t == 'zset' then
    v = redis.call('ZRANGE', k, 0, -1, 'WITHSCORES')
  elseif t == 'stream' then
    for _, entry in ipairs(redis.call('XRANGE', k, '-', '+')) do v[#v + 1] = table.concat(entry[2], ' ') end
  end
  out[#out + 1] = v
end
return out
