"""`report.sarif`: the findings as SARIF 2.1.0 (OASIS), for code-scanning dashboards and SARIF viewers.

One run. `tool.driver` is clinicaudit with its version and every rule (registered ones, then any rule id only the
findings know): id, a PascalCase name, shortDescription (the title), fullDescription (the doc's first paragraph),
help (text and Markdown: the rule's advice and its documentation), helpUri, defaultConfiguration.level from the
rule's severity (error → error, warning → warning, notice → note) and properties.category.

Each finding is a result: ruleId, ruleIndex, level (from the finding's own severity, which configuration or a
milder case can make differ from the rule's default), message.text, one location whose physicalLocation names the
page and whose logicalLocations hold the CSS selector (kind "element"), partialFingerprints
{"clinicauditFingerprint/v1": fingerprint}, and properties.url (the page's URL). When the previous run is known,
baselineState is "new" or "unchanged".

Pages are named by relative paths, as GitHub code scanning requires: relative to the site root (uriBaseId
SITEROOT, which run.originalUriBaseIds maps to the site's URL; the home page is `index.html`), or with
`--sarif-root DIR` to the repository (uriBaseId %SRCROOT%: `DIR/about/index.html`; for a folder target, the file
that served the page, so that code scanning links to it).

The element's snippet goes in physicalLocation.region.snippet. The schema requires a region to say where it
starts, and the page's line numbers are not recorded, so the region gives `startLine: 1` with
`properties.startLineKnown: false`; a page-level finding (empty snippet) has no region."""

from __future__ import annotations

import posixpath
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urljoin, urlsplit

from audits.registry import rules as registered_rules
from clinicaudit.output import OutputDir, listed
from clinicaudit.reports.model import RunData
from clinicaudit.urls import origin_of

NAME = "report.sarif"
SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "notice": "note"}
FINGERPRINT_KEY = "clinicauditFingerprint/v1"


def level(severity: str) -> str:
    return LEVELS.get(severity, "warning")


def pascal(rule_id: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in rule_id.replace("_", "-").split("-") if part)


def utc(stamp: str) -> str:
    """An ISO 8601 time as SARIF writes it: UTC with a Z (a time without an offset is taken as UTC)."""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def first_paragraph(doc: str) -> str:
    return " ".join(doc.strip().split("\n\n", 1)[0].split())


def _descriptor(rule_id: str, category: str, severity: str, title: str, help_text: str, doc: str,
                help_url: str | None) -> dict[str, Any]:
    plain = f"{help_text}\n\n{doc}".strip() or title
    markdown = plain + (f"\n\n[More about this rule]({help_url})" if help_url else "")
    descriptor: dict[str, Any] = {
        "id": rule_id,
        "name": pascal(rule_id) or rule_id,
        "shortDescription": {"text": title},
        "fullDescription": {"text": first_paragraph(doc) or help_text or title},
        "help": {"text": plain, "markdown": markdown},
        "defaultConfiguration": {"level": level(severity)},
        "properties": {"category": category, "tags": ["clinicaudit", category] if category else ["clinicaudit"]},
    }
    if help_url:
        descriptor["helpUri"] = help_url
    return descriptor


def _descriptors(data: RunData) -> list[dict[str, Any]]:
    known = registered_rules()
    out = [_descriptor(rid, r.meta.category, r.meta.severity, r.meta.title, r.meta.help, r.doc, r.meta.help_url)
           for rid, r in known.items()]
    groups = data.by_rule()
    for rid in sorted(r for r in groups if r not in known):
        f = groups[rid][0]
        out.append(_descriptor(rid, str(f.get("category", "")), str(f.get("severity", "")), rid,
                               "A rule this version of clinicaudit does not know.", "", None))
    return out


SITE_ROOT = "SITEROOT"  # uriBaseId of page locations: the site's public root (run.originalUriBaseIds)
SOURCE_ROOT = "%SRCROOT%"  # with --sarif-root: the repository's root, as GitHub code scanning reads it


def artifact(url: str, site_root: str, sarif_root: str | None, folder: str | None) -> dict[str, Any]:
    """Where a finding is, as SARIF's artifactLocation: a path relative to the site root (`services/physio`, the
    home page `index.html`), or with --sarif-root DIR a repository path (`DIR/services/physio/index.html`: for a
    folder target, the file that served the page). Dot segments are resolved first, so no path leaves its root; a
    URL off the site stays absolute."""
    try:
        parts = urlsplit(url)
        same = origin_of(url) == origin_of(site_root)
    except ValueError:
        return {"uri": url}
    if not same:
        return {"uri": url}
    path = unquote(parts.path)
    rel = posixpath.normpath("/" + path).lstrip("/")  # "/a/../../x" is "x": never above the root
    if rel == ".":
        rel = ""
    if path.endswith("/") and rel:
        rel += "/"
    found = False
    if folder:
        base = Path(folder)
        stem = rel.rstrip("/")
        candidates = ([stem, f"{stem}.html"] if stem else []) + [f"{stem}/index.html".lstrip("/")]
        for candidate in candidates:
            if (base / candidate).is_file():
                rel, found = candidate, True
                break
    if not found and (not rel or rel.endswith("/")):
        rel += "index.html"
    if sarif_root is None:
        if parts.query:
            rel += "?" + unquote(parts.query)
        return {"uri": quote(rel, safe="/?=&+:@!$'()*,;~"), "uriBaseId": SITE_ROOT}
    # a repository path: a file, so no query
    return {"uri": quote(posixpath.join(sarif_root, rel) if sarif_root else rel, safe="/+:@!$'()*,;~"),
            "uriBaseId": SOURCE_ROOT}


def sarif_root_of(value: str) -> str:
    """--sarif-root as a repository path: relative, `/`-separated, no `.` or `..` (`./public/` → `public`)."""
    root = posixpath.normpath(value.replace("\\", "/").strip()).strip("/") if value.strip() else ""
    if value.strip().startswith("/") or root == ".." or root.startswith("../"):
        raise ValueError(f"--sarif-root {value!r}: give the folder relative to the repository's root (e.g. public)")
    return "" if root == "." else root


def _result(f: dict[str, Any], index: int, new: set[str] | None, where: dict[str, Any]) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": where}
    if f.get("snippet"):
        physical["region"] = {"startLine": 1, "snippet": {"text": str(f["snippet"])},
                              "properties": {"startLineKnown": False}}
    result: dict[str, Any] = {
        "ruleId": str(f.get("rule", "")),
        "ruleIndex": index,
        "level": level(str(f.get("severity", ""))),
        "message": {"text": str(f.get("message") or f.get("rule", ""))},
        "locations": [{
            "physicalLocation": physical,
            "logicalLocations": [{"fullyQualifiedName": str(f.get("selector", "")), "kind": "element"}],
        }],
        "partialFingerprints": {FINGERPRINT_KEY: str(f.get("fingerprint", ""))},
        "properties": {"category": str(f.get("category", "")), "url": str(f.get("url", "")),
                       "data": f.get("data") or {}},
    }
    if new is not None:
        result["baselineState"] = "new" if f.get("fingerprint") in new else "unchanged"
    return result


def build(data: RunData, streamed: bool = False) -> dict[str, Any]:
    """The gate does not change the log (SARIF levels carry the severities); its verdict (run.json's) is recorded in
    run.properties.gate (absent when the run had no gate)."""
    descriptors = _descriptors(data)
    index = {d["id"]: i for i, d in enumerate(descriptors)}
    new = {f["fingerprint"] for f in data.changes.get("new", [])} if data.changes is not None else None
    run_meta = data.run
    tool = run_meta.get("tool") or {}
    site_root = urljoin(str(run_meta.get("site") or ""), "/")
    sarif_root = run_meta.get("sarif_root")
    folder = run_meta.get("sarif_folder") if sarif_root is not None else None
    driver: dict[str, Any] = {"name": "clinicaudit", "rules": descriptors}
    if tool.get("version"):
        driver["version"] = str(tool["version"])
        driver["semanticVersion"] = str(tool["version"])
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "results": listed((_result(f, index[str(f.get("rule", ""))], new,
                                   artifact(str(f.get("url", "")), site_root, sarif_root, folder))
                           for f in data.findings), len(data.findings), streamed),
        "properties": {"site": run_meta.get("site"), "scores": data.scores(),
                       "scoreChanges": data.score_changes()},
    }
    if sarif_root is None and site_root.startswith(("http://", "https://")):
        run["originalUriBaseIds"] = {SITE_ROOT: {"uri": site_root,
                                                 "description": {"text": "The audited site's root"}}}
    if data.gate is not None:
        gate = data.gate
        if gate["fail_on"]:
            run["properties"]["failOn"] = gate["fail_on"]
        run["properties"]["gate"] = {"passed": bool(gate["passed"]), "counts": gate["counts"],
                                     "blocking": gate["blocking"], "suppressed": gate["suppressed"],
                                     "minScores": dict(gate.get("min_scores") or {}),
                                     "below": list(gate.get("below") or [])}
    if run_meta:
        invocation: dict[str, Any] = {"executionSuccessful": bool(run_meta.get("complete", False))}
        for key, field in (("started", "startTimeUtc"), ("finished", "endTimeUtc")):
            if run_meta.get(key):
                invocation[field] = utc(str(run_meta[key]))
        off = [{"descriptor": {"id": d["id"], "index": i}, "configuration": {"enabled": False}}
               for i, d in enumerate(descriptors) if data.rule_off(d["id"])]
        if off:  # the rules this run's configuration switched off: they found nothing because they did not run
            invocation["ruleConfigurationOverrides"] = off
        run["invocations"] = [invocation]
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def write(data: RunData, out: OutputDir) -> Path:
    return out.write_json(NAME, build(data, streamed=True))
