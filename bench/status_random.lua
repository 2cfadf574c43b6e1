-- status_random.lua: wrk asks GET /api/status for a random dyad (of the
-- parties P0001..P<N>, or A and B when set) on a random day, so that
-- almost every request is a new question: the server's cache of answers
-- does not help, and each answer is computed. Environment: PARTIES (0:
-- use A and B), A, B.
local parties = tonumber(os.getenv("PARTIES") or "0")
local fixed_a, fixed_b = os.getenv("A") or "AB", os.getenv("B") or "RU"
math.randomseed(os.time())
request = function()
	local a, b = fixed_a, fixed_b
	if parties > 1 then
		local x = math.random(1, parties)
		local y = math.random(1, parties - 1)
		if y >= x then y = y + 1 end
		a, b = string.format("P%04d", x), string.format("P%04d", y)
	end
	local day = string.format("%04d-%02d-%02d", math.random(1950, 2024), math.random(1, 12), math.random(1, 28))
	return wrk.format("GET", "/api/status?a=" .. a .. "&b=" .. b .. "&on=" .. day)
end
