// Node's rate for VideoSDK's documented snippet: jsonwebtoken.sign with
// expiresIn 24h and a uuid4 jwtid, N times (default 100000). Prints
// "node-jsonwebtoken N tokens in S s = R tokens/s".
"use strict";
const jwt = require("jsonwebtoken");
const uuid4 = require("uuid4");

const n = Number(process.argv[2] || "100000");
const API_KEY = "bench-api-key-0000";
const SECRET = "bench-secret-0123456789abcdef0123456789abcdef";
const start = process.hrtime.bigint();
let bytes = 0;
for (let i = 0; i < n; i++) {
  const options = { expiresIn: "24h", algorithm: "HS256", jwtid: uuid4() };
  const payload = { apikey: API_KEY, permissions: ["allow_join"] };
  bytes += jwt.sign(payload, SECRET, options).length;
}
const secs = Number(process.hrtime.bigint() - start) / 1e9;
console.log(`node-jsonwebtoken ${n} tokens in ${secs.toFixed(3)} s = ${Math.round(n / secs)} tokens/s (${bytes} bytes)`);
