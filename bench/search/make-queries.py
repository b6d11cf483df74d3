#!/usr/bin/env python3
"""Writes distinct search URLs for wrk from the generated catalog's own titles: words people
would type (two to four characters cut from real titles), alone or with facet filters.
With a fourth argument "ckan", the same searches as CKAN's package_search calls them."""
import csv, random, sys, urllib.parse

source, output, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
ckan = len(sys.argv) > 4 and sys.argv[4] == "ckan"
ckan_sorts = {"relevance": "score desc, metadata_modified desc", "newest": "metadata_modified desc", "name": "title_string asc"}
facets = '["organization","groups","tags","res_format","license_id"]'


def ckan_url(params):
    """The portal's parameters as package_search's: fq for facets, rows/start, CKAN's sort names."""
    out, fq = [("rows", "20")], []
    for key, value in params:
        if key == "q":
            out.append(("q", value))
        elif key == "agency":
            fq.append("organization:" + value.lower())
        elif key == "format":
            fq.append("res_format:" + value)
        elif key == "sort":
            out.append(("sort", ckan_sorts[value]))
        elif key == "offset":
            out.append(("start", value))
    if fq:
        out.append(("fq", " AND ".join(fq)))
    out.append(("facet.field", facets))
    return "/api/3/action/package_search?" + urllib.parse.urlencode(out)


rng = random.Random(105)
titles = []
with open(source, encoding="utf-8-sig", newline="") as f:
    for i, row in enumerate(csv.reader(f)):
        if i and len(row) > 1:
            titles.append(row[1])
        if i > 20000:
            break
agencies = ["MOL", "BLI", "WDA", "BLF", "OSHA", "ILOSH"]
formats = ["CSV", "JSON", "XML", "XLSX", "PDF"]
sorts = ["relevance", "newest", "name"]
seen = set()
with open(output, "w", encoding="utf-8") as out:
    while len(seen) < count:
        title = rng.choice(titles)
        n = rng.randint(2, 4)
        start = rng.randint(0, max(0, len(title) - n))
        params = [("q", title[start:start + n])]
        r = rng.random()
        if r < 0.3:
            params.append(("agency", rng.choice(agencies)))
        elif r < 0.5:
            params.append(("format", rng.choice(formats)))
        if rng.random() < 0.3:
            params.append(("sort", rng.choice(sorts)))
        if rng.random() < 0.1:
            params = [p for p in params if p[0] != "q"] + [("offset", str(rng.choice([20, 40, 100])))]
        url = ckan_url(params) if ckan else "/api/v1/datasets?" + urllib.parse.urlencode(params)
        if url not in seen:
            seen.add(url)
            out.write(url + "\n")
