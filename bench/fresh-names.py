#!/usr/bin/env python3
"""Writes a copy of a scenario whose every id carries PREFIX, so importing it creates everything anew."""
import json, sys

src, prefix, out = sys.argv[1], sys.argv[2], sys.argv[3]
s = json.load(open(src))
p = lambda x: None if x is None else prefix + x
s["name"] = prefix + s["name"]
for r in s["regions"]:
    r["id"] = p(r["id"])
for site in s["sites"]:
    site["id"], site["region"] = p(site["id"]), p(site["region"])
for l in s.get("latency") or []:
    l["from"], l["to"] = p(l["from"]), p(l["to"])
for t in s.get("tenants") or []:
    t["id"] = p(t["id"])
for n in s["nodes"]:
    n["id"], n["site"] = p(n["id"]), p(n["site"])
for j in s.get("jobs") or []:
    j["id"], j["tenant"] = p(j["id"]), p(j["tenant"])
    if j.get("dataSite"):
        j["dataSite"] = p(j["dataSite"])
    if j.get("allowedRegions"):
        j["allowedRegions"] = [p(r) for r in j["allowedRegions"]]
    if j.get("pinned"):
        j["pinned"]["nodes"] = [p(n) for n in j["pinned"]["nodes"]]
json.dump(s, open(out, "w"))
