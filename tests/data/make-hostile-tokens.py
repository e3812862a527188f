#!/usr/bin/env python3
"""Writes hostile-tokens.json: tokens crafted to act on a terminal or hide
from a reader, each with what `videosdk-token inspect` must answer.

Each case: name, description, token, and optionally
  secret   - the secret to verify with (the CLI test pipes it with --secret-stdin);
  api_key  - with `secret`: a saved project with this API key and secret (the
             CLI test uses VIDEOSDK_API_KEY / VIDEOSDK_SECRET_KEY);
and expect_exit (inspect's exit code), expect_findings (codes that must be
among the findings) and expect_shown (text the human output must contain:
the visible form of what was hidden, e.g. `\\u{1b}[2J` or `<U+200B>`). Times are fixed (exp 2100-01-01), so the file stays valid.

Run from the repository root: python3 tests/data/make-hostile-tokens.py
"""

import base64
import hashlib
import hmac
import json
import os

SECRET = "hostile-corpus-secret-0123456789abcdef"
API_KEY = "8a1f7c2e-4b3d-4e5f-9a6b-1c2d3e4f5a64"
IAT = 1767225600  # 2026-01-01T00:00:00Z
EXP = 4102444800  # 2100-01-01T00:00:00Z
HS256 = '{"alg":"HS256","typ":"JWT"}'


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def raw(x) -> bytes:
    return x if isinstance(x, bytes) else x.encode("utf-8")


def sign(header, payload, secret=SECRET) -> str:
    signing_input = b64(raw(header)) + "." + b64(raw(payload))
    mac = hmac.new(secret.encode(), signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + b64(mac)


def claims(**extra) -> str:
    """The documented claims plus `extra` (None removes one), as JSON text
    with non-ASCII characters written raw."""
    c = {"apikey": API_KEY, "permissions": ["allow_join"], "iat": IAT, "exp": EXP}
    for k, v in extra.items():
        if v is None:
            c.pop(k, None)
        else:
            c[k] = v
    return json.dumps(c, ensure_ascii=False, separators=(",", ":"))


def with_text(text: str) -> str:
    """The documented claims with `text` (raw JSON members) added at the end."""
    return claims()[:-1] + "," + text + "}"


CASES = []


def case(name, description, token, expect_exit, expect_findings, secret=SECRET, api_key=None,
         shown=()):
    c = {"name": name, "description": description, "token": token}
    if secret is not None:
        c["secret"] = secret
    if api_key is not None:
        c["api_key"] = api_key
    c["expect_exit"] = expect_exit
    c["expect_findings"] = expect_findings
    c["expect_shown"] = list(shown)
    CASES.append(c)


ESC_CLEAR = "\x1b[2J"
ESC_TITLE = "\x1b]0;pwned\x07"

# Terminal escape sequences.
case("escape-in-apikey", "apikey clears the screen and retitles the terminal",
     sign(HS256, claims(apikey=API_KEY + ESC_CLEAR + ESC_TITLE)), 1, ["invisible_characters"],
     shown=[API_KEY + "\\u{1b}[2J\\u{1b}]0;pwned\\u{7}"])
case("escape-in-apikey-unverified", "the same, with no secret to verify it",
     sign(HS256, claims(apikey=API_KEY + ESC_CLEAR + ESC_TITLE)), 1, ["invisible_characters", "unverified"],
     secret=None)
case("escape-in-claim-name", "a claim name that turns bold on",
     sign(HS256, with_text('"\\u001b[1mbold":"x"')), 0, ["invisible_characters"],
     shown=["\\u{1b}[1mbold"])
case("escape-in-custom-value", "a custom claim that clears and retitles",
     sign(HS256, claims(note=ESC_CLEAR + ESC_TITLE + "hello")), 0, ["invisible_characters"])
case("escape-in-header-fields", "typ and kid with escape sequences",
     sign('{"alg":"HS256","typ":"JWT\\u001b[2J","kid":"\\u001b]0;x\\u0007"}', claims()), 0,
     ["invisible_characters"])
case("escape-in-alg", "alg with an escape sequence: quoted in the verdict",
     sign('{"alg":"HS256\\u001b[2J"}', claims()), 1, ["alg_unsupported", "invisible_characters"])
case("escape-in-permission", "a permission quoted in a finding",
     sign(HS256, claims(permissions=["allow_join" + ESC_CLEAR])), 1,
     ["unknown_permission", "invisible_characters"])
case("escape-in-version", "version quoted in a finding",
     sign(HS256, claims(version=ESC_CLEAR + "2", roomId="r1")), 1, ["bad_version"])
case("escape-in-role", "a role quoted in a finding",
     sign(HS256, claims(version=2, roles=["rtc\x1b[5m"])), 1, ["unknown_role", "invisible_characters"])
case("escape-in-participant-id", "participantId with an escape sequence",
     sign(HS256, claims(version=2, participantId="qa" + ESC_CLEAR + "1")), 1, ["invisible_characters"])
case("escape-in-exp", "exp is an escape sequence, quoted in a finding",
     sign(HS256, claims(exp=ESC_CLEAR)), 1, ["malformed"])
case("escape-in-nested-key", "a nested object key with an escape sequence",
     sign(HS256, claims(meta={ESC_CLEAR + "k": "v"})), 0, ["invisible_characters"])
case("escape-in-unsigned-token", "alg none, escape sequences in the payload",
     sign('{"alg":"none"}', claims(note=ESC_CLEAR)).rsplit(".", 1)[0] + ".", 1,
     ["alg_none", "invisible_characters"])
case("escape-in-pasted-text", "not a JWT: escape sequences in the pasted text itself",
     ESC_CLEAR + ESC_TITLE + ".eyJhIjoxfQ.c2ln", 2, ["malformed"], secret=None)
case("c1-csi-in-value", "an 8-bit CSI (U+009B), which some terminals obey",
     sign(HS256, claims(note="\u009b2J\u009d0;x\u009c")), 0, ["invisible_characters"],
     shown=["\\u{9b}2J\\u{9d}0;x\\u{9c}"])
case("del-and-nul-in-value", "DEL and NUL in a value",
     sign(HS256, claims(note="a\x7fb\x00c")), 0, ["invisible_characters"])
case("newline-and-tab-in-value", "line breaks and tabs that would break the table",
     sign(HS256, claims(note="line1\nline2\tcolumn\r")), 0, ["invisible_characters"],
     shown=["line1\\nline2\\tcolumn\\r"])
case("escape-in-jti", "jti with backspaces that hide text",
     sign(HS256, claims(jti="abc\b\b\bxyz")), 0, ["invisible_characters"])

# Bidi and zero-width characters.
case("zero-width-space-in-apikey-of-a-project",
     "a saved project's API key plus a zero-width space: looked valid and identical",
     sign(HS256, claims(apikey=API_KEY + "\u200b")), 1, ["invisible_characters"],
     api_key=API_KEY, shown=[API_KEY + "<U+200B>", "U+200B ZERO WIDTH SPACE"])
case("rlo-in-participant-id", "a right-to-left override reverses the text after it",
     sign(HS256, claims(version=2, participantId="user\u202egnp.exe")), 1, ["invisible_characters"],
     shown=["user<U+202E>gnp.exe", "U+202E RIGHT-TO-LEFT OVERRIDE"])
case("zero-width-joiner-in-room-id", "roomId with a zero-width joiner",
     sign(HS256, claims(version=2, roomId="abc-defg-hij\u200d")), 1, ["invisible_characters"])
case("lookalike-claim-name", "a claim named roomId plus a zero-width space: VideoSDK reads no roomId",
     sign(HS256, with_text('"version":2,"roomId\u200b":"abc-defg-hij"')), 1, ["invisible_characters"])
case("rlo-in-claim-name", "a claim name written backwards with an override",
     sign(HS256, with_text('"\u202eyek":"x"')), 0, ["invisible_characters"])
case("bidi-isolates-in-value", "left-to-right and right-to-left isolates",
     sign(HS256, claims(note="\u2066a\u2069\u2067b\u2069\u2068c\u2069\u200e\u200f")), 0,
     ["invisible_characters"])
case("bom-word-joiner-soft-hyphen", "format characters that draw as nothing",
     sign(HS256, claims(note="a\ufeffb\u2060c\u00add\u3164")), 0, ["invisible_characters"])
case("tag-characters-in-apikey", "invisible Unicode tag characters spelling a hidden message",
     sign(HS256, claims(apikey=API_KEY + "".join(chr(0xE0000 + ord(c)) for c in "hidden"))), 1,
     ["invisible_characters"], shown=["<U+E0068><U+E0069><U+E0064>"])
case("line-separator-in-value", "U+2028 and U+2029 break lines in some terminals",
     sign(HS256, claims(note="a\u2028b\u2029c")), 0, ["invisible_characters"])
case("zero-width-space-in-pasted-token", "not a JWT: a zero-width space inside the pasted token",
     (lambda t: t[:30] + "\u200b" + t[30:])(sign(HS256, claims())), 2, ["malformed"], secret=None)
case("bidi-in-bearer-prefix", "a right-to-left override before the token",
     "\u202eBearer " + sign(HS256, claims()), 0, ["input_cleaned"])

# Duplicate keys.
case("duplicate-exp", "exp given twice: expired first, far future last",
     sign(HS256, '{"apikey":"%s","permissions":["allow_join"],"exp":1,"exp":%d}' % (API_KEY, EXP)), 0,
     ["duplicate_key"])
case("duplicate-alg", "alg none, then HS256: parsers disagree",
     sign('{"alg":"none","alg":"HS256","typ":"JWT"}', claims()), 0, ["duplicate_key"],
     shown=['gives alg twice (first "none", last "HS256")'])
case("duplicate-apikey", "apikey given twice",
     sign(HS256, '{"apikey":"attacker","apikey":"%s","permissions":["allow_join"],"exp":%d}' % (API_KEY, EXP)), 0,
     ["duplicate_key"])
case("duplicate-nested-key", "a key given three times inside a nested object",
     sign(HS256, with_text('"meta":{"a":1,"a":2,"a":3}')), 0, ["duplicate_key"])
case("duplicate-key-with-escape", "a key with an escape sequence, given twice",
     sign(HS256, with_text('"\\u001b[2J":1,"\\u001b[2J":2')), 0, ["duplicate_key", "invisible_characters"])
case("many-duplicate-keys", "forty keys each given twice",
     sign(HS256, with_text(",".join('"k%d":1,"k%d":2' % (i, i) for i in range(40)))), 0, ["duplicate_key"])

# Numbers.
case("exp-1e308", "exp beyond any real date: never expires for VideoSDK's parser",
     sign(HS256, '{"apikey":"%s","permissions":["allow_join"],"exp":1e308}' % API_KEY), 0,
     ["time_out_of_range"], shown=["never expires", "exp 1e+308 is beyond any real date"])
case("exp-negative", "exp before 1970",
     sign(HS256, claims(exp=-1)), 1, ["expired", "time_out_of_range"])
case("exp-negative-huge", "exp before any real date",
     sign(HS256, '{"apikey":"%s","permissions":["allow_join"],"exp":-1e308}' % API_KEY), 1,
     ["expired", "time_out_of_range"])
case("exp-fractional", "a fraction of a second: legal, rounded down",
     sign(HS256, '{"apikey":"%s","permissions":["allow_join"],"exp":%d.5}' % (API_KEY, EXP)), 0, [])
case("exp-string", "exp as a string of digits",
     sign(HS256, claims(exp=str(EXP))), 1, ["malformed"])
case("exp-huge-integer", "exp beyond 64 bits",
     sign(HS256, '{"apikey":"%s","permissions":["allow_join"],"exp":99999999999999999999999}' % API_KEY), 0,
     ["time_out_of_range"])
case("exp-after-year-9999", "exp one second after the last date",
     sign(HS256, claims(exp=253402300800)), 0, ["time_out_of_range"])
case("exp-1e400", "beyond any float: Infinity to JSON.parse, never expires for jsonwebtoken 9 (checked)",
     sign(HS256, '{"apikey":"%s","permissions":["allow_join"],"exp":1e400}' % API_KEY), 0,
     ["time_out_of_range"], shown=["never expires", "exp 1e+400 is beyond any real date"])
case("nbf-1e308", "nbf beyond any real date: never valid",
     sign(HS256, '{"apikey":"%s","permissions":["allow_join"],"exp":%d,"nbf":1e308}' % (API_KEY, EXP)), 1,
     ["not_yet_valid", "time_out_of_range"])
case("iat-1e308", "iat beyond any real date",
     sign(HS256, '{"apikey":"%s","permissions":["allow_join"],"exp":%d,"iat":1e308}' % (API_KEY, EXP)), 0,
     ["time_out_of_range"])
case("version-huge", "version as a huge number",
     sign(HS256, with_text('"version":1e308')), 1, ["bad_version"])

# Encodings.
payload = claims().encode()
case("bom-before-payload", "a UTF-8 byte-order mark before the payload JSON",
     sign(HS256, b"\xef\xbb\xbf" + payload), 2, ["malformed"],
     shown=["starts with a UTF-8 byte-order mark (EF BB BF)"])
case("bom-before-header", "a UTF-8 byte-order mark before the header JSON",
     sign(b"\xef\xbb\xbf" + HS256.encode(), payload), 2, ["malformed"])
case("utf16le-payload-with-bom", "the payload written as UTF-16 with a byte-order mark",
     sign(HS256, b"\xff\xfe" + claims().encode("utf-16-le")), 2, ["malformed"],
     shown=["is UTF-16 text (little-endian, with a byte-order mark)"])
case("utf16be-payload", "the payload written as UTF-16 big-endian",
     sign(HS256, claims().encode("utf-16-be")), 2, ["malformed"])
case("latin1-payload", "the payload written as Latin-1",
     sign(HS256, claims(name="Café Müller").encode("latin-1")), 2, ["malformed"],
     shown=["is Latin-1 text, not UTF-8"])

# Size and depth.
case("nested-100-deep", "JSON nested 100 deep",
     sign(HS256, with_text('"deep":' + "[" * 100 + "]" * 100)), 0, [])
case("nested-200-deep", "JSON nested 200 deep: beyond the parser's limit",
     sign(HS256, with_text('"deep":' + "[" * 200 + "]" * 200)), 2, ["malformed"])
many = ",".join('"c%03d":"\\u001b[2J\u202e%03d\u200b"' % (i, i) for i in range(420))
big = sign(HS256, with_text(many))
assert len(big) <= 16 * 1024, len(big)
case("16kb-of-claims", "just under 16 KB of claims, each with escapes",
     big, 0, ["invisible_characters"])
too_big = sign(HS256, with_text(many + ',"pad":"' + "x" * 800 + '"'))
assert len(too_big) > 16 * 1024, len(too_big)
case("over-16kb", "just over the 16 KB limit", too_big, 2, ["malformed"], secret=None)

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "hostile-tokens.json")
with open(out, "w", encoding="utf-8") as f:
    json.dump(CASES, f, indent=2, ensure_ascii=True)
    f.write("\n")
print(f"{len(CASES)} cases -> {out}")
