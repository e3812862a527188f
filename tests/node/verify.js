// Verifies tokens (one per line on stdin) the way a VideoSDK backend would,
// with jsonwebtoken.verify(token, secret, {algorithms: ["HS256"]}), and
// prints each token's verified claims as one JSON line. Exits 1 on the first
// token that does not verify, printing the library's reason.
"use strict";
const jwt = require("jsonwebtoken");
const fs = require("fs");

const SECRET = process.env.VIDEOSDK_SECRET_KEY;
if (!SECRET) {
  console.error("set VIDEOSDK_SECRET_KEY");
  process.exit(2);
}
const lines = fs.readFileSync(0, "utf8").split("\n").filter((l) => l.length > 0);
for (const token of lines) {
  try {
    const claims = jwt.verify(token, SECRET, { algorithms: ["HS256"] });
    const header = jwt.decode(token, { complete: true }).header;
    process.stdout.write(JSON.stringify({ header, claims }) + "\n");
  } catch (e) {
    console.error(`jsonwebtoken rejected a token: ${e.name}: ${e.message}`);
    process.exit(1);
  }
}
