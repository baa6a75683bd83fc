-- bench/lookups.lua (bench/certs.sh, bench/pg.sh)
-- wrk -s lookups.lua URL -- PATH FILE: GET PATH?number=…&name=… for each
-- "number<TAB>name" line of FILE in turn, from a random line on.
local paths, n, i = {}, 0, 0
local function enc(s)
	return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
function init(args)
	for line in io.lines(args[2]) do
		local number, name = line:match("^([^\t]+)\t(.+)$")
		if number then
			n = n + 1
			paths[n] = args[1] .. "?number=" .. enc(number) .. "&name=" .. enc(name)
		end
	end
	math.randomseed(os.time() + math.floor(os.clock() * 1e6))
	i = math.random(n) - 1
end
function request()
	i = i % n + 1
	return wrk.format("GET", paths[i])
end
