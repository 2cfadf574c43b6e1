#!/usr/bin/python3
"""Check docs/openapi.yaml against a running chancery server.

    openapi_check.py SPEC URL EDITOR_TOKEN ADMIN_TOKEN

Asks the server every question below, finds the operation of the spec for
its path, method and status, and validates the body against the schema of
that response and content type: types, required properties, enums,
nullable, items, allOf/oneOf and $ref (the part of JSON Schema the spec
uses; a keyword it does not know is an error, so that the check cannot
pass by ignoring). Also checks that the endpoints the server lists (GET
/api) and the paths of the spec are the same. Prints one line per
failure; exit 1 if any.
"""
import json
import re
import sys
import urllib.error
import urllib.request

import yaml

KNOWN = {"type", "required", "properties", "items", "enum", "nullable", "allOf", "oneOf",
         "$ref", "format", "description", "default"}
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg)


def resolve(spec, s):
    while "$ref" in s:
        path = s["$ref"].lstrip("#/").split("/")
        s = spec
        for p in path:
            s = s[p]
    return s


def validate(spec, schema, v, where):
    """Return a list of problems (empty when v fits schema)."""
    s = resolve(spec, schema)
    unknown = set(s) - KNOWN
    if unknown:
        return ["%s: the checker does not know %s" % (where, sorted(unknown))]
    if v is None:
        return [] if s.get("nullable") or not s else ["%s: null, not allowed" % where]
    out = []
    for sub in s.get("allOf", []):
        out += validate(spec, sub, v, where)
    if "oneOf" in s:
        fits = [i for i, sub in enumerate(s["oneOf"]) if not validate(spec, sub, v, where)]
        if len(fits) != 1:
            out.append("%s: fits %d of the oneOf schemas, not 1" % (where, len(fits)))
    t = s.get("type")
    types = {"object": dict, "array": list, "string": str, "boolean": bool}
    if t == "integer":
        if not isinstance(v, int) or isinstance(v, bool):
            return out + ["%s: %r is not an integer" % (where, v)]
    elif t in types and not isinstance(v, types[t]):
        return out + ["%s: %s is not a %s" % (where, json.dumps(v)[:60], t)]
    if "enum" in s and v not in s["enum"]:
        out.append("%s: %r is not one of %s" % (where, v, s["enum"]))
    if s.get("format") == "date" and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
        out.append("%s: %r is not a date" % (where, v))
    if isinstance(v, dict):
        for k in s.get("required", []):
            if k not in v:
                out.append("%s: '%s' is missing" % (where, k))
        for k, sub in s.get("properties", {}).items():
            if k in v:
                out += validate(spec, sub, v[k], "%s.%s" % (where, k))
    if isinstance(v, list) and "items" in s:
        for i, x in enumerate(v):
            out += validate(spec, s["items"], x, "%s[%d]" % (where, i))
    return out


def operation(spec, path, method):
    for template, ops in spec["paths"].items():
        rx = "^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$"
        if re.match(rx, path) and method.lower() in ops:
            return template, ops[method.lower()]
    return None, None


def ask(base, method, path, status, token=None, body=None, ctype=None):
    req = urllib.request.Request(base + path.lstrip("/"), method=method, data=body)
    if token:
        req.add_header("Authorization", "Bearer " + token)
    if ctype:
        req.add_header("Content-Type", ctype)
    try:
        r = urllib.request.urlopen(req)
        got, data, rtype = r.status, r.read(), r.headers.get("Content-Type", "")
    except urllib.error.HTTPError as e:
        got, data, rtype = e.code, e.read(), e.headers.get("Content-Type", "")
    where = "%s %s" % (method, path)
    if got != status:
        fail("%s: HTTP %d, expected %d" % (where, got, status))
        return
    template, op = operation(SPEC, path.split("?")[0], method)
    if not op:
        fail("%s: no operation in the spec" % where)
        return
    resp = op["responses"].get(str(status))
    if resp is None:
        fail("%s: the spec has no response %d for %s" % (where, status, template))
        return
    resp = resolve(SPEC, resp)
    if status == 304:
        return
    mtype = rtype.split(";")[0].strip()
    content = resp.get("content", {})
    if mtype not in content:
        fail("%s: %s is not among the spec's types %s" % (where, mtype, sorted(content)))
        return
    value = json.loads(data) if mtype == "application/json" else data.decode()
    for p in validate(SPEC, content[mtype]["schema"], value, where):
        fail(p)
    seen.add((template, method.lower(), str(status)))


SPEC = yaml.safe_load(open(sys.argv[1]))
base, editor, admin = sys.argv[2], sys.argv[3], sys.argv[4]
seen = set()
ledger = b"party NR \"Republic of Nauru\" short=\"Nauru\" iso=NR source=abru\n" \
         b"2009-12-15 recognise NR AB id=nr-recognises-ab source=abru\n"
for method, path, status, token, body, ctype in [
    ("GET", "/api", 200, None, None, None),
    ("GET", "/api/parties", 200, None, None, None),
    ("GET", "/api/parties?q=ru&limit=3", 200, None, None, None),
    ("GET", "/api/parties?kind=empire", 400, None, None, None),
    ("GET", "/api/events?party=AB&party=RU", 200, None, None, None),
    ("GET", "/api/events?party=Atlantis", 404, None, None, None),
    ("GET", "/api/status?a=AB&b=RU&on=2009-06-01", 200, None, None, None),
    ("GET", "/api/status?a=AB&b=RU&on=1990-01-01", 200, None, None, None),
    ("GET", "/api/status?a=AB&b=RU&on=2009", 400, None, None, None),
    ("GET", "/api/status?a=Abkhazi&b=RU", 404, None, None, None),
    ("GET", "/api/recognitions?party=AB&on=2010-01-01", 200, None, None, None),
    ("GET", "/api/recognitions?party=AB&series=1", 200, None, None, None),
    ("GET", "/api/recognitions?party=AB&by=un-members", 404, None, None, None),
    ("GET", "/api/recognitions?party=AB&by=everyone", 400, None, None, None),
    ("GET", "/api/coverage", 200, None, None, None),
    ("GET", "/api/coverage?party=AB", 200, None, None, None),
    ("GET", "/api/coverage?party=Atlantis", 404, None, None, None),
    ("GET", "/api/timeline?a=AB&b=RU&from=2008&to=2009", 200, None, None, None),
    ("GET", "/api/diff?a=AB&b=RU&from=2008-08-01&to=2009-06-01", 200, None, None, None),
    ("GET", "/api/diff?a=AB&b=RU", 400, None, None, None),
    ("GET", "/api/treaties?a=AB&b=RU&on=2013-01-01", 200, None, None, None),
    ("GET", "/api/treaty/ru-ab-base?on=2013-01-01", 200, None, None, None),
    ("GET", "/api/treaty/nothing", 404, None, None, None),
    ("GET", "/api/dyads?on=2010-01-01", 200, None, None, None),
    ("GET", "/api/article?a=AB&b=RU&on=2009-06-01", 200, None, None, None),
    ("GET", "/api/article?a=AB&b=RU&format=html&refs=1", 200, None, None, None),
    ("GET", "/api/article?a=AB&b=RU&format=markdown", 200, None, None, None),
    ("GET", "/api/article?a=AB&b=RU&format=wikitext", 200, None, None, None),
    ("GET", "/api/article?a=AB&b=RU&format=text", 200, None, None, None),
    ("GET", "/api/map?a=AB&b=RU&on=2009-06-01", 200, None, None, None),
    ("GET", "/api/map?recognitions=AB&on=2010-01-01", 200, None, None, None),
    ("GET", "/api/map?a=AB", 400, None, None, None),
    ("GET", "/api/chart/recognitions?party=AB", 200, None, None, None),
    ("GET", "/api/chart/timeline?a=AB&b=RU&from=2008&to=2012", 200, None, None, None),
    ("GET", "/api/chart/timeline?a=AB&b=Narnia", 404, None, None, None),
    ("GET", "/api/show/ru-ab-base", 200, None, None, None),
    ("GET", "/api/show/Russia", 200, None, None, None),
    ("GET", "/api/show/medvedev", 200, None, None, None),
    ("GET", "/api/show/nothing-here", 404, None, None, None),
    ("GET", "/api/history/ru-recognises-ab", 200, None, None, None),
    ("GET", "/api/history/nothing-here", 404, None, None, None),
    ("GET", "/api/whoami", 200, editor, None, None),
    ("GET", "/api/tokens", 200, admin, None, None),
    ("GET", "/api/tokens", 401, None, None, None),
    ("GET", "/api/tokens", 403, editor, None, None),
    ("POST", "/api/import", 401, None, ledger, "text/plain"),
    ("POST", "/api/import?check=1", 200, editor, ledger, "text/plain"),
    ("POST", "/api/import", 415, editor, ledger, "image/png"),
    ("POST", "/api/import", 422, editor, b"2010-01-01 recognise RU XX source=abru\n", "text/plain"),
    ("POST", "/api/import", 400, editor, b'{"ledger": 1}', "application/json"),
    ("POST", "/api/import", 413, editor, b"#" * 70000, "text/plain"),
    ("POST", "/api/import", 200, editor, ledger, "text/plain"),
    ("POST", "/api/import", 200, editor, json.dumps({"ledger": ledger.decode()}).encode(), "application/json"),
    ("GET", "/api/log", 200, None, None, None),
]:
    ask(base, method, path, status, token, body, ctype)

# The server's endpoints and the spec's paths are the same list.
index = json.loads(urllib.request.urlopen(base + "api").read())
served = {(e["path"] if not e["path"].endswith(("/treaty", "/show", "/history"))
           else e["path"] + "/{id}", e["method"].lower()) for e in index["endpoints"]}
documented = {(p, m) for p, ops in SPEC["paths"].items() for m in ops}
for x in sorted(served - documented):
    fail("the server answers %s %s, which the spec does not document" % (x[1].upper(), x[0]))
for x in sorted(documented - served):
    fail("the spec documents %s %s, which the server does not answer" % (x[1].upper(), x[0]))
print("%d responses checked against %d operations of the spec" % (len(seen), len(documented)))
sys.exit(1 if failures else 0)
