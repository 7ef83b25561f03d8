-- Shared by LuaLibrariesTest (LuaJ) and generate-expected.py (real Redis, through EVAL): every case is an
-- expression built from R(...) whose value is a printable description of what a library call returned or raised.
local FMT = rawget(_G, '__fmt') or function(n) return string.format('%.17g', n) end
local function esc(s)
  local out = {}
  for i = 1, #s do
    local b = string.byte(s, i)
    if b >= 32 and b < 127 and b ~= 92 then out[#out + 1] = string.char(b) else out[#out + 1] = '\\' .. b end
  end
  return table.concat(out)
end
local show
show = function(v)
  local t = type(v)
  if t == 'number' then return 'n:' .. FMT(v)
  elseif t == 'string' then return 's:' .. esc(v)
  elseif t == 'boolean' or t == 'nil' then return tostring(v)
  elseif v == cjson.null then return 'null'
  elseif t == 'table' then
    local keys = {}
    for k in pairs(v) do keys[#keys + 1] = k end
    table.sort(keys, function(a, b) return show(a) < show(b) end)
    local parts = {}
    for _, k in ipairs(keys) do parts[#parts + 1] = show(k) .. '=' .. show(v[k]) end
    return '{' .. table.concat(parts, ',') .. '}'
  end
  return t
end
local function pack(...) return {n = select('#', ...), ...} end
local function R(...)
  local r = pack(pcall(...))
  if not r[1] then return 'ERR ' .. tostring(r[2]) end
  local parts = {}
  for i = 2, r.n do parts[#parts + 1] = show(r[i]) end
  return table.concat(parts, ' ')
end
local function hex(s)
  return (string.gsub(s, '.', function(c) return string.format('%02x', string.byte(c)) end))
end
local function H(...)
  local r = pack(pcall(...))
  if not r[1] then return 'ERR ' .. tostring(r[2]) end
  return hex(r[2])
end
