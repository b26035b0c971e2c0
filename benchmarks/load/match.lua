-- wrk script: POST /v1/match with the image file named by env IMAGE as the raw body.
function init(args)
  local file = assert(io.open(os.getenv("IMAGE"), "rb"))
  wrk.body = file:read("*a")
  file:close()
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "image/jpeg"
  wrk.headers["X-Api-Key"] = os.getenv("API_KEY")
end

function request()
  return wrk.format(nil, "/v1/match")
end
