// Makes tokens exactly the way VideoSDK's documentation does, so our
// inspector can be checked against them. Secret from VIDEOSDK_SECRET_KEY,
// API key from VIDEOSDK_API_KEY; one token per line on stdout.
// Optional: argv[2] = how many tokens, argv[3] = JSON of extra claims (v2).
"use strict";
const jwt = require("jsonwebtoken");
const uuid4 = require("uuid4");

const API_KEY = process.env.VIDEOSDK_API_KEY;
const SECRET = process.env.VIDEOSDK_SECRET_KEY;
if (!API_KEY || !SECRET) {
  console.error("set VIDEOSDK_API_KEY and VIDEOSDK_SECRET_KEY");
  process.exit(2);
}
const count = Number(process.argv[2] || "1");
const extra = process.argv[3] ? JSON.parse(process.argv[3]) : {};

const out = [];
for (let i = 0; i < count; i++) {
  const options = { expiresIn: "24h", algorithm: "HS256", jwtid: uuid4() };
  const payload = Object.assign({ apikey: API_KEY, permissions: ["allow_join"] }, extra);
  out.push(jwt.sign(payload, SECRET, options));
}
process.stdout.write(out.join("\n") + "\n");
