"""report.html: one self-contained page a marketing team reads every week.

Everything is inline (CSS, a small vanilla script, SVG charts drawn here on the server), nothing is fetched: a strict
Content-Security-Policy allows only the inline styles and the one script (by its sha256), so even a mistake cannot
load or run anything else. Every string that comes from the crawled site goes through Jinja's autoescape; links to
site pages are only made for http(s) URLs. With scripts disabled everything is still there, only the filters are
absent.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from collections import Counter
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from clinicaudit.output import REPORT_PARTS, OutputDir, remove_report_parts
from clinicaudit.reports.model import (CATEGORIES, HALF_LIFE, PENALTY, SEVERITIES, RunData, finding_path, limits_reached,
                                      show_change, show_score)
from clinicaudit.terms import CATEGORY_BLURBS, CATEGORY_LABELS, SEVERITY_BLURBS, SEVERITY_LABELS, score_band

SEVERITY_COLOURS = {"error": "#e5484d", "warning": "#f5a524", "notice": "#3e8ef7"}
# With scripts, a list starts collapsed when the report is too large to read top to bottom (without scripts, every
# list is open).
OPEN_FINDINGS_LIMIT = 400
OPEN_PAGES_LIMIT = 40
OPEN_LIST_LIMIT = 60
# report.html shows each rule's first FINDINGS_SHOWN findings and the PAGES_SHOWN worst pages; the rest are in the
# paged parts under report-pages/ (FINDINGS_PER_PART findings, PAGES_PER_PART pages a file), so that a run of
# 200,000 findings gives a report a browser opens, written without holding the findings in memory (docs/outputs.md).
FINDINGS_SHOWN = 100
FINDINGS_PER_PART = 500
PAGES_SHOWN = 200
PAGES_PER_PART = 200
PARTS = REPORT_PARTS[0]
_HTTP = re.compile(r"https?://", re.IGNORECASE)


def write(data: RunData, out: OutputDir) -> Path:
    target = out.path("report.html")
    context = _context(data)
    remove_report_parts(out.root)  # an earlier rendering's
    for name, html in _parts(data, context):
        part = out.path(f"{PARTS}/{name}")
        tmp = part.with_name(part.name + ".tmp")
        tmp.write_text(html, encoding="utf-8")
        tmp.replace(part)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(render(data, context), encoding="utf-8")
    tmp.replace(target)
    return target


THUMB_ORIGINS = 20  # image origins the report's Content-Security-Policy lets it load thumbnails from, at most
# Thumbnails per report, at most (the first findings of each rule first): without scripts a browser loads every image
# at once, and a 5,000-finding report must still open quickly, offline too.
THUMBS_MAX = 120


def thumbnail(finding: dict[str, Any]) -> str | None:
    """For a finding about an image: the image's absolute http(s) URL, as the rule recorded it (`data.src`: the
    image a reader sees, a lazy loader's real one), never read out of the snippet; None for any other finding."""
    if finding.get("category") != "images":
        return None
    known = (finding.get("data") or {}).get("src")
    return known if isinstance(known, str) and _HTTP.match(known) and len(known) <= 2000 else None


def _image_origins(urls: Iterable[str | None]) -> list[str]:
    """The origins of the thumbnails, each checked to be a plain scheme://host[:port], for the CSP's img-src."""
    out: list[str] = []
    for url in urls:
        if not url:
            continue
        try:
            parts = urlsplit(url)
        except ValueError:  # "http://a]b/x.png": no origin a browser would load from
            continue
        origin = f"{parts.scheme}://{parts.netloc.rsplit('@', 1)[-1]}"
        if re.fullmatch(r"https?://[A-Za-z0-9.-]+(?::\d{1,5})?", origin) and origin not in out:
            out.append(origin)
        if len(out) >= THUMB_ORIGINS:
            break
    return out


def render(data: RunData, context: dict[str, Any] | None = None) -> str:
    env = _env()
    script = env.get_template("report.js.j2").render()
    if "</" in script:  # would end the <script> element early
        raise ValueError("report.js.j2 must not contain '</'")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    context = context if context is not None else _context(data)
    budget = THUMBS_MAX
    for depth in range(max((len(r["findings"]) for r in context["rules"]), default=0)):
        for r in context["rules"]:  # round robin: every rule's first findings keep their thumbnail
            if depth < len(r["findings"]) and r["findings"][depth]["thumb"]:
                if budget > 0:
                    budget -= 1
                else:
                    r["findings"][depth]["thumb"] = None
    origins = _image_origins(f["thumb"] for r in context["rules"] for f in r["findings"])
    return env.get_template("report.html.j2").render(
        **context, script=Markup(script), script_hash=f"sha256-{digest}",  # our own static code, no site data
        img_src=" ".join(["data:", *origins]))


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(loader=PackageLoader("clinicaudit", "templates"),
                      autoescape=select_autoescape(["html", "j2"], default_for_string=True, default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["href"] = href
    env.filters["num"] = lambda n: f"{n:,}" if isinstance(n, int) else n
    env.filters["plural"] = lambda n, one, many=None: one if n == 1 else (many or one + "s")
    env.filters["score"] = show_score
    return env


def href(url: Any) -> str | None:
    """The URL when it is safe to link to (http or https, as written), else None: render it as text."""
    return url if isinstance(url, str) and _HTTP.match(url) else None


# -- the view model ---------------------------------------------------------------------------------------------


def _context(data: RunData) -> dict[str, Any]:
    run, site = data.run or {}, data.site or {}
    from audits.registry import rules as registry_rules

    registry = registry_rules()
    counts = data.counts()
    scores = data.scores()
    score_changes = data.score_changes()  # each score's change since the last run; None: none comparable
    moved = score_changes or {}
    pages = data.pages
    by_page = data.by_page()
    pages_by_url = {}
    for p in pages:
        pages_by_url.setdefault(p["public_url"], p)
    site_url = run.get("site") or (site.get("site") or {}).get("site_url") or (site.get("site") or {}).get("url") or ""
    clinic = site.get("clinic") or {}
    host = urlsplit(site_url).hostname or site_url

    # Page cards: every audited page, plus any other URL a finding points at; worst first.
    lost: Counter[str] = Counter()
    for url, severity, n in data.findings.tally("url", "severity"):
        lost[url] += PENALTY.get(severity, 0) * n
    card_urls = list(dict.fromkeys([p["public_url"] for p in data.audited_pages()] + list(by_page)))
    card_urls.sort(key=lambda u: (-lost[u], finding_path(u)))
    page_index = {u: i for i, u in enumerate(card_urls, 1)}

    rule_groups = data.by_rule()
    rule_index = {r: i for i, r in enumerate(rule_groups, 1)}
    rule_meta = {r: _rule_meta(r, fs, registry) for r, fs in rule_groups.items()}
    open_findings = len(data.findings) <= OPEN_FINDINGS_LIMIT
    links = _Links(page_index, rule_index)

    rules = []
    for r, fs in rule_groups.items():
        meta = rule_meta[r]
        sev: Counter[str] = Counter(dict(fs.tally("severity")))
        shown = [_row(f, links, "") for f in fs.window(0, FINDINGS_SHOWN)]
        rules.append({**meta, "index": rule_index[r], "findings": shown,
                      "count": len(fs), "pages": fs.pages(), "by_severity": sev, "open": open_findings,
                      "parts": [{"number": k, "href": f"{PARTS}/{links.rule_part(rule_index[r], k)}"}
                                for k in range(2, _part_count(len(fs), FINDINGS_SHOWN, FINDINGS_PER_PART) + 1)]})

    condition_names = {c.get("id"): c.get("name") for c in site.get("conditions") or []}

    def card(u: str, base: str) -> dict[str, Any]:
        p = pages_by_url.get(u) or {"public_url": u, "status": None, "error": None}
        group = by_page.get(u)
        fs = sorted(group or [], key=lambda f: (SEVERITIES.index(f["severity"]), f["rule"]))
        service = data.service_for(u)
        return {
            "index": page_index[u], "url": u, "path": finding_path(u), "status": _status(p),
            "status_class": _status_class(p), "title": p.get("title"), "h1": p.get("h1"),
            "meta_description": p.get("meta_description"), "word_count": p.get("word_count"),
            "response_time_ms": p.get("response_time_ms"), "lost": lost[u],
            "by_severity": Counter(f["severity"] for f in fs),
            "findings": [{"rule": f["rule"], "rule_index": rule_index.get(f["rule"]),
                          "rule_href": base + f"#rule-{rule_index.get(f['rule'])}",
                          "title": rule_meta[f["rule"]]["title"], "severity": f["severity"],
                          "category": f["category"], "message": f.get("message") or ""} for f in fs],
            "service": _service(service, condition_names) if service else None,
        }

    page_cards = [card(u, "") for u in card_urls[:PAGES_SHOWN]]
    page_parts = [{"number": k, "href": f"{PARTS}/{links.pages_part(k)}"}
                  for k in range(2, _part_count(len(card_urls), PAGES_SHOWN, PAGES_PER_PART) + 1)]
    card_set = set(card_urls)
    others = [{"url": p["public_url"], "status": _status(p), "status_class": _status_class(p),
               "content_type": (p.get("content_type") or "").split(";")[0],
               "redirect_to": _public(p.get("redirect_to"), p), "error": (p.get("error") or {}).get("message")}
              for p in pages if p["public_url"] not in card_set]

    changes = None
    if data.changes is not None:
        changes = {"baseline": data.changes.get("baseline"),
                   "new": _change_list(data.changes.get("new") or [], registry),
                   "fixed": _change_list(data.changes.get("fixed") or [], registry)}

    started = run.get("started") or (site.get("site") or {}).get("crawled_at")
    return {
        "site_name": clinic.get("name") or host or "Website",
        "site_url": site_url,
        "host": host,
        "date": _date(started),
        "started": started,
        "finished": run.get("finished"),
        "started_text": _date(started, seconds=True) if started else "—",
        "finished_text": _date(run["finished"], seconds=True) if run.get("finished") else None,
        "complete": run.get("complete", True),
        "finish_reason": run.get("finish_reason"),
        "resume_command": data.resume_command,
        "gate": data.gate,  # the run's one verdict (run.json); None: the run had no gate
        "limits": limits_reached(run),
        "render": run.get("render") or {},
        "tool_version": (run.get("tool") or {}).get("version") or (site.get("site") or {}).get("tool", {}).get("version"),
        "pages_crawled": run.get("pages", len(pages)),
        "audited": len(data.audited_pages()),
        "have_pages": bool(pages),
        "scores": [_gauge(c, CATEGORY_LABELS[c], scores[c], CATEGORY_BLURBS[c], counts["category"][c],
                          change=moved.get(c)) for c in CATEGORIES],
        "overall": _gauge("overall", "Overall", scores["overall"], "", counts["total"], size=170, stroke=15,
                          change=moved.get("overall")),
        "changes_known": score_changes is not None,
        "penalty": PENALTY,
        "half_life": show_score(HALF_LIFE),
        "counts": counts,
        "severities": [{"key": s, "label": SEVERITY_LABELS[s], "count": counts["severity"][s],
                        "blurb": SEVERITY_BLURBS[s]} for s in SEVERITIES],
        "categories": [{"key": c, "label": CATEGORY_LABELS[c], "count": counts["category"][c]} for c in CATEGORIES],
        "status": _status_bars(data.status_counts()),
        "category_chart": _category_chart(counts["matrix"]),
        "trend": _trend_charts(data.trend or []),
        "changes": changes,
        "priorities": _priorities(rule_groups, rule_meta, rule_index),
        "_rule_groups": rule_groups,
        "rules": rules,
        "pages": page_cards,
        "pages_total": len(card_urls),
        "page_parts": page_parts,
        "pages_open": len(page_cards) <= OPEN_PAGES_LIMIT,
        "findings_shown": FINDINGS_SHOWN,
        "findings_per_part": FINDINGS_PER_PART,
        "pages_per_part": PAGES_PER_PART,
        "_card": card, "_card_urls": card_urls, "_links": links,
        "others": others,
        "others_open": len(others) <= OPEN_LIST_LIMIT,
        "list_open_limit": OPEN_LIST_LIMIT,
        "sev_colours": SEVERITY_COLOURS,
        "category_labels": CATEGORY_LABELS,
    }


def _part_count(total: int, shown: int, per_part: int) -> int:
    """How many files a list fills: report.html's share (`shown`), then parts of `per_part`; 1 when it all fits."""
    return 1 + max(0, math.ceil((total - shown) / per_part))


class _Links:
    """Where a page card and a rule's findings are: in report.html, or in which part under report-pages/."""

    def __init__(self, page_index: dict[str, int], rule_index: dict[str, int]) -> None:
        self.page_index, self.rule_index = page_index, rule_index

    @staticmethod
    def rule_part(index: int, k: int) -> str:
        return f"rule-{index}-{k}.html"

    @staticmethod
    def pages_part(k: int) -> str:
        return f"pages-{k}.html"

    def page(self, url: str, base: str) -> str | None:
        """The link to a URL's page card, from report.html (`base` "") or from a part (`base` "../")."""
        i = self.page_index.get(url)
        if i is None:
            return None
        if i <= PAGES_SHOWN:
            return f"{base}report.html#page-{i}" if base else f"#page-{i}"
        k = 2 + (i - PAGES_SHOWN - 1) // PAGES_PER_PART
        return (f"{self.pages_part(k)}" if base else f"{PARTS}/{self.pages_part(k)}") + f"#page-{i}"


def _row(f: dict[str, Any], links: _Links, base: str) -> dict[str, Any]:
    """A finding as a row of a rule's list."""
    return {"path": finding_path(f["url"]), "url": f["url"], "page": links.page_index.get(f["url"]),
            "page_href": links.page(f["url"], base), "severity": f["severity"], "category": f["category"],
            "message": f.get("message") or "", "snippet": f.get("snippet") or "", "selector": f.get("selector") or "",
            "facts": _facts(f.get("data")), "thumb": thumbnail(f) if not base else None}


def _parts(data: RunData, context: dict[str, Any]) -> Iterable[tuple[str, str]]:
    """The files under report-pages/: each rule's findings past report.html's share, FINDINGS_PER_PART a file, and
    the page cards past PAGES_SHOWN, PAGES_PER_PART a file; each rendered on its own from the run's table."""
    template = _env().get_template("report-part.html.j2")
    links: _Links = context["_links"]
    common = {"site_name": context["site_name"], "date": context["date"], "tool_version": context["tool_version"],
              "category_labels": context["category_labels"]}
    for rule in context["rules"]:
        group = context["_rule_groups"][rule["id"]]
        total = _part_count(rule["count"], FINDINGS_SHOWN, FINDINGS_PER_PART)
        for k in range(2, total + 1):
            start = FINDINGS_SHOWN + (k - 2) * FINDINGS_PER_PART
            rows = [_row(f, links, "../") for f in group.window(start, FINDINGS_PER_PART)]
            yield links.rule_part(rule["index"], k), template.render(
                **common, kind="rule", rule=rule, rows=rows, number=k, total=total, first=start + 1,
                last=start + len(rows), prev=_part_href(k - 1, lambda n: links.rule_part(rule["index"], n),
                                                        f"../report.html#rule-{rule['index']}"),
                next=links.rule_part(rule["index"], k + 1) if k < total else None)
    urls = context["_card_urls"]
    total = _part_count(len(urls), PAGES_SHOWN, PAGES_PER_PART)
    for k in range(2, total + 1):
        start = PAGES_SHOWN + (k - 2) * PAGES_PER_PART
        cards = [context["_card"](u, "../report.html") for u in urls[start:start + PAGES_PER_PART]]
        yield links.pages_part(k), template.render(
            **common, kind="pages", cards=cards, number=k, total=total, first=start + 1, last=start + len(cards),
            count=len(urls), prev=_part_href(k - 1, links.pages_part, "../report.html#pages"),
            next=links.pages_part(k + 1) if k < total else None)


def _part_href(k: int, name: Any, first: str) -> str:
    return first if k == 1 else name(k)


def _rule_meta(rule_id: str, findings: list[dict[str, Any]], registry: dict[str, Any]) -> dict[str, Any]:
    rule = registry.get(rule_id)
    first = findings[0]
    if rule is None:
        return {"id": rule_id, "title": rule_id, "severity": first["severity"], "category": first["category"],
                "lead": Markup(""), "more": Markup(""), "doc": Markup(""), "help": "", "help_url": None, "words": []}
    # "What it means": the one-line summary and the paragraph after it; the rest is the technical detail.
    blocks = [b for b in re.split(r"\n\s*\n", rule.doc.strip()) if b.strip()]
    lead, more, rest = (blocks + ["", ""])[0], (blocks + ["", ""])[1], blocks[2:]
    if more.lstrip().startswith("- ") or "`" in more:  # a list, or markup, belongs with the technical details
        more, rest = "", blocks[1:]
    else:
        # "Site rule: flags …" → "Flags …"; a closing "…:" sentence introduces the list that follows in the details.
        more = re.sub(r"^(?:Site|Page) rule[^:.]*[:.]\s*", "", more.strip())
        more = more[:1].upper() + more[1:]
        if more.endswith(":"):
            sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z`])", more)
            more, rest = " ".join(sentences[:-1]), [sentences[-1]] + rest
        if not more and len(blocks) > 1:
            rest = blocks[1:]
    return {"id": rule_id, "title": rule.meta.title, "severity": first["severity"], "category": first["category"],
            "lead": _mdlite(lead), "more": _mdlite(more), "doc": _mdlite("\n\n".join(rest)), "help": rule.meta.help,
            "help_url": href(rule.meta.help_url), "words": words_used(f"{lead}\n{more}\n{rule.meta.help}")}


@lru_cache(maxsize=1)
def _glossary() -> list[tuple[str, re.Pattern[str], str]]:
    from importlib import resources

    data = json.loads((resources.files("clinicaudit.data") / "glossary.json").read_text(encoding="utf-8"))
    return [(t["term"], re.compile(t["pattern"], re.I), t["means"]) for t in data["terms"]]


def words_used(text: str) -> list[tuple[str, str]]:
    """The technical words of a rule's "What it means" and "How to fix", each with what it means
    (clinicaudit/data/glossary.json), so that a reader needs no dictionary."""
    return [(term, means) for term, pattern, means in _glossary() if pattern.search(text)]


def _facts(value: Any) -> list[tuple[str, str]]:
    """A finding's `data` as short (key, text) pairs, for display as text."""
    if not isinstance(value, dict):
        return []
    out = []
    for k, v in value.items():
        if v is None or v == "" or v == []:
            continue
        if isinstance(v, list):
            text = ", ".join(str(x) for x in v)
        elif isinstance(v, bool):
            text = "yes" if v else "no"
        else:
            text = str(v)
        out.append((str(k).replace("_", " "), text if len(text) <= 300 else text[:299] + "…"))
    return out


def _service(s: dict[str, Any], condition_names: dict[Any, Any]) -> dict[str, Any]:
    return {"name": s.get("name"), "aliases": s.get("aliases") or [], "summary": s.get("summary"),
            "benefits": s.get("benefits") or [],
            "conditions": [condition_names.get(c) or c for c in s.get("conditions") or []],
            "images": [i for i in s.get("images") or [] if isinstance(i, dict)],
            "evidence": s.get("evidence") or []}


def _public(url: str | None, page: dict[str, Any]) -> str | None:
    """A URL of the crawled origin (a local build) shown on the production origin, as the page's public_url is."""
    if not url:
        return url
    crawled, public = urlsplit(page.get("url") or ""), urlsplit(page.get("public_url") or "")
    target = urlsplit(url)
    if crawled.netloc and public.netloc and (target.scheme, target.netloc) == (crawled.scheme, crawled.netloc):
        return target._replace(scheme=public.scheme, netloc=public.netloc).geturl()
    return url


def _status(p: dict[str, Any]) -> str:
    if p.get("status"):
        return str(p["status"])
    return (p.get("error") or {}).get("kind") or "not fetched"


def _status_class(p: dict[str, Any]) -> str:
    s = p.get("status")
    if not s:
        return "bad"
    return {2: "ok", 3: "redir"}.get(s // 100, "bad")


def _date(iso: str | None, seconds: bool = False) -> str:
    if not iso:
        return "date unknown"
    try:
        d = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    tz = d.strftime("%Z") or ""
    clock = f"{d:%H:%M:%S}" if seconds else f"{d:%H:%M}"
    return f"{d.day} {d:%B %Y}, {clock}" + (f" {tz}" if tz else "")


def _short_date(iso: Any) -> str:
    try:
        d = datetime.fromisoformat(str(iso).replace("Z", "+00:00"))
    except ValueError:
        return str(iso)[:10]
    return f"{d.day} {d:%b}"


def _clock(iso: Any) -> str:
    try:
        return f"{datetime.fromisoformat(str(iso).replace('Z', '+00:00')):%H:%M}"
    except ValueError:
        return ""


def _mdlite(text: str) -> Markup:
    """The rules' documentation (our own Markdown-ish text) as HTML: paragraphs, `- ` lists, `code`, **bold**.
    The text is escaped first, so nothing in it can become markup by accident."""
    blocks = []
    for block in re.split(r"\n\s*\n", text.strip()):
        if not block.strip():
            continue
        para: list[str] = []
        items: list[list[str]] = []
        for line in block.splitlines():
            if line.lstrip().startswith("- "):
                items.append([line.lstrip()[2:]])
            elif items:
                items[-1].append(line.strip())
            else:
                para.append(line.strip())
        html = ""
        if para:
            html += f"<p>{_inline(' '.join(para))}</p>"
        if items:
            html += "<ul>" + "".join(f"<li>{_inline(' '.join(i))}</li>" for i in items) + "</ul>"
        blocks.append(html)
    return Markup("".join(blocks))


def _inline(text: str) -> str:
    s = str(escape(text))
    s = re.sub(r"`([^`]+)`", r"<code>\1</code>", s)
    s = re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", s)
    s = re.sub(r"(?<![\w*])\*([^*\s][^*]*)\*(?![\w*])", r"<em>\1</em>", s)
    return s


def _change_list(findings: list[dict[str, Any]], registry: dict[str, Any]) -> dict[str, Any]:
    rows = sorted(findings, key=lambda f: (SEVERITIES.index(f.get("severity", "notice")), f.get("rule", ""),
                                           finding_path(f.get("url", ""))))
    return {"count": len(rows), "by_severity": Counter(f.get("severity") for f in rows), "rows": [{
        "severity": f.get("severity", "notice"), "rule": f.get("rule", ""),
        "title": registry[f["rule"]].meta.title if f.get("rule") in registry else f.get("rule", ""),
        "path": finding_path(f.get("url", "")), "url": f.get("url", ""), "message": f.get("message") or "",
    } for f in rows]}


def _priorities(groups: dict[str, Any], meta: dict[str, dict[str, Any]],
                index: dict[str, int]) -> list[dict[str, Any]]:
    """What to fix first: errors before warnings before notices; within a severity, the rules whose findings cost
    the most score points."""
    tallies = {r: dict(fs.tally("severity")) for r, fs in groups.items()}
    points = {r: sum(PENALTY.get(sev, 0) * n for sev, n in t.items()) for r, t in tallies.items()}
    ranked = sorted(groups.items(), key=lambda kv: (min(SEVERITIES.index(sev) for sev in tallies[kv[0]]),
                                                    -points[kv[0]], kv[0]))
    return [{"index": index[r], "title": meta[r]["title"], "severity": meta[r]["severity"],
             "category": meta[r]["category"], "count": len(fs), "pages": fs.pages(),
             "points": points[r], "help": meta[r]["help"]}
            for r, fs in ranked[:5]]


# -- charts (numbers only; the template draws them as SVG) ----------------------------------------------------


def _gauge(key: str, label: str, score: float, blurb: str, findings: int, size: int = 116,
           stroke: int = 11, change: float | None = None) -> dict[str, Any]:
    r = (size - stroke) / 2
    circ = 2 * math.pi * r
    return {"key": key, "label": label, "score": score, "show": show_score(score), "blurb": blurb,
            "change": show_change(change), "trend": "up" if change and change > 0 else "down" if change else "same",
            "findings": findings, "size": size,
            "stroke": stroke, "r": round(r, 2), "c": size / 2, "circ": round(circ, 2),
            "dash": round(circ * max(0, min(100, score)) / 100, 2), "class": score_band(score)[0],
            "verdict": score_band(score)[1]}


def _status_bars(status_counts: dict[str, int]) -> list[dict[str, Any]]:
    top = max(status_counts.values(), default=1)
    out = []
    for code, n in status_counts.items():
        cls = "ok" if code.startswith("2") else "redir" if code.startswith("3") else "bad"
        label = {"2": "OK", "3": "Redirect", "4": "Not found / client error", "5": "Server error"}.get(
            code[:1], "No answer") if code.isdigit() else "No answer"
        out.append({"code": code, "count": n, "class": cls, "label": label, "pct": round(100 * n / top, 1)})
    return out


def _axis(value: int) -> tuple[int, int]:
    """A round top and step for a count axis of at most 5 intervals."""
    value = max(value, 1)
    magnitude = 10 ** int(math.floor(math.log10(value)))
    for step in (magnitude / 10, magnitude / 5, magnitude / 2, magnitude, 2 * magnitude, 5 * magnitude, 10 * magnitude):
        step = max(1, int(step))
        if math.ceil(value / step) <= 5:
            return step * math.ceil(value / step), step
    return 10 * magnitude, 2 * magnitude


def _category_chart(matrix: dict[str, dict[str, int]]) -> dict[str, Any]:
    label_w, bar_w, row_h, bar_h, top = 130, 420, 40, 24, 8
    totals = {c: sum(matrix[c].values()) for c in CATEGORIES}
    scale_max = max(totals.values(), default=0) or 1
    rows = []
    for i, c in enumerate(CATEGORIES):
        x = label_w
        segs = []
        for s in SEVERITIES:
            n = matrix[c][s]
            if not n:
                continue
            w = bar_w * n / scale_max
            segs.append({"x": round(x, 2), "w": round(max(w, 2), 2), "n": n, "severity": s,
                         "show": w >= 22, "tx": round(x + w / 2, 2)})
            x += w
        rows.append({"label": CATEGORY_LABELS[c], "y": top + i * row_h, "segs": segs, "total": totals[c],
                     "end": round(x, 2)})
    return {"rows": rows, "width": label_w + bar_w + 60, "height": top * 2 + len(CATEGORIES) * row_h - (row_h - bar_h),
            "bar_h": bar_h, "label_w": label_w}


def _trend_charts(trend: list[dict[str, Any]]) -> dict[str, Any] | None:
    if not trend:
        return None
    runs = trend[-12:]
    width, height, left, right, top, bottom = 520, 210, 44, 12, 18, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    slot = plot_w / len(runs)
    totals = []
    for r in runs:
        c = r.get("counts") or {}
        totals.append({s: int(c.get(s) or 0) for s in SEVERITIES})
    top_value, step = _axis(max((sum(t.values()) for t in totals), default=0))
    ticks = [{"v": v, "y": round(top + plot_h - plot_h * v / top_value, 2)} for v in range(0, top_value + 1, step)]
    labels = [_short_date(r.get("started")) for r in runs]
    times = [_clock(r.get("started")) if labels.count(label) > 1 else "" for r, label in zip(runs, labels)]
    bars = []
    for i, (r, t) in enumerate(zip(runs, totals)):
        bw = min(38, slot * 0.62)
        x = left + slot * i + (slot - bw) / 2
        y = top + plot_h
        segs = []
        for s in SEVERITIES:
            h = plot_h * t[s] / top_value
            if h > 0:
                y -= h
                segs.append({"severity": s, "x": round(x, 2), "y": round(y, 2), "w": round(bw, 2),
                             "h": round(h, 2), "n": t[s]})
        bars.append({"segs": segs, "total": sum(t.values()), "label": labels[i], "time": times[i],
                     "run": r.get("id"), "cx": round(x + bw / 2, 2), "ty": round(y - 5, 2), "last": i == len(runs) - 1})
    # Overall score per run, when the history kept it.
    points = []
    for i, r in enumerate(runs):
        score = (r.get("scores") or {}).get("overall")
        if isinstance(score, (int, float)):
            points.append({"x": round(left + slot * i + slot / 2, 2), "y": round(top + plot_h - plot_h * score / 100, 2),
                           "score": round(score), "label": labels[i], "time": times[i]})
    score_ticks = [{"v": v, "y": round(top + plot_h - plot_h * v / 100, 2)} for v in (0, 25, 50, 75, 100)]
    return {"width": width, "height": height, "left": left, "right": width - right, "top": top,
            "base": top + plot_h, "ticks": ticks, "bars": bars, "runs": len(runs), "all_runs": len(trend),
            "points": points, "polyline": " ".join(f"{p['x']},{p['y']}" for p in points),
            "score_ticks": score_ticks}
