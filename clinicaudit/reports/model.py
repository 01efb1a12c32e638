"""A run as the reports see it, read from its output folder: run metadata, pages, findings with fingerprints,
site content, scores, and (when known) what changed since the previous run and the trend over past runs."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import urlsplit

from clinicaudit.output import read_jsonl, resumable
from clinicaudit.terms import CATEGORIES, SEVERITIES  # noqa: F401 - defined once (clinicaudit.terms)

# Penalty points of a finding, by severity; a site whose audited pages carry HALF_LIFE points each on average scores
# 50 (docs/outputs.md, "Scores", and stated in report.html). SCORE_FORMULA is stored with the scores in the history,
# so that a change is only shown against a run scored the same way.
PENALTY = {"error": 25, "warning": 10, "notice": 2}
HALF_LIFE = 25.0
SCORE_FORMULA = 2


def score_of(points_per_page: float) -> float:
    """100 × ½ ^ (D / HALF_LIFE), kept to two decimals (shown to one: `show_score`)."""
    return round(100 * 0.5 ** (points_per_page / HALF_LIFE), 2)


def show_score(score: float) -> str:
    """A score as people read it: `94.3`, `100`."""
    return f"{score:.1f}".removesuffix(".0")


def show_change(change: float | None) -> str:
    """A score's change since the last run: `▲ 2.1`, `▼ 0.4`, `▼ 0.03` (a small change is still shown), `no change`;
    empty when unknown."""
    if change is None:
        return ""
    if change == 0:
        return "no change"
    size = abs(change)
    return f"{'▲' if change > 0 else '▼'} {f'{size:.2f}' if size < 0.1 else show_score(size)}"
_VOLATILE_ATTRS = re.compile(r'\s(?:style|class|data-[\w-]+|srcset|sizes|loading|decoding|width|height)="[^"]*"')


def finding_path(url: str) -> str:
    """The URL's path and query: the same page on a local build, a staging host or production."""
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def signature(finding: dict[str, Any]) -> str:
    """What identifies the element itself, not where it sits: its snippet without presentational attributes
    (so unrelated markup changes elsewhere on the page, or a restyle, keep the fingerprint), and for
    structured-data findings the item type and property."""
    snippet = _VOLATILE_ATTRS.sub("", finding.get("snippet") or "")
    snippet = re.sub(r"\s+", " ", snippet).strip()
    data = finding.get("data") or {}
    return "|".join([snippet, str(data.get("type", "")), str(data.get("property", ""))])


def fingerprints(findings: Iterable[dict[str, Any]]) -> list[str]:
    """A stable fingerprint for each finding: rule + the URL's path and query + the element's signature, and an
    occurrence number when the same rule flags identical elements on one page."""
    seen: Counter[str] = Counter()
    out = []
    for f in findings:
        base = "\x1f".join([f["rule"], finding_path(f["url"]), signature(f)])
        seen[base] += 1
        out.append(hashlib.sha1(f"{base}\x1f{seen[base]}".encode("utf-8")).hexdigest()[:16])
    return out


@dataclass
class RunData:
    """Everything a report needs about one run."""

    out: Path
    run: dict[str, Any]
    pages: list[dict[str, Any]]
    findings: list[dict[str, Any]]
    site: dict[str, Any]
    changes: dict[str, list[dict[str, Any]]] | None = None  # {"new": [...], "fixed": [...]}; None: no previous run
    trend: list[dict[str, Any]] = field(default_factory=list)  # past runs, oldest first: {"id", "started", "counts"}
    gate: dict[str, Any] | None = None  # the run's one gate verdict (clinicaudit.gate.judge); None: no gate
    previous_scores: dict[str, float] | None = None  # the previous run's (or baseline's), when scored the same way

    def blocking(self, finding: dict[str, Any]) -> bool:
        """Whether this finding is one the gate counted against the run."""
        if self.gate is None:
            return False
        key = id(self.gate)  # the set is made once per verdict, not once per finding asked about
        if getattr(self, "_blocking", (None,))[0] != key:
            self._blocking = (key, frozenset(self.gate.get("blocking_fingerprints", ())))
        return finding.get("fingerprint") in self._blocking[1]

    @classmethod
    def load(cls, out: Path) -> RunData:
        out = Path(out)
        run = json.loads((out / "run.json").read_text(encoding="utf-8")) if (out / "run.json").is_file() else {}
        site = json.loads((out / "site.json").read_text(encoding="utf-8")) if (out / "site.json").is_file() else {}
        pages = [_slim_page(p) for p in read_jsonl(out / "pages.jsonl")] if (out / "pages.jsonl").is_file() else []
        findings = list(read_jsonl(out / "findings.jsonl")) if (out / "findings.jsonl").is_file() else []
        for f, fp in zip(findings, fingerprints(findings)):
            f["fingerprint"] = fp
        return cls(out=out, run=run, pages=pages, findings=findings, site=site, gate=run.get("gate"),
                   previous_scores=run.get("previous_scores"))

    # -- derived views ---------------------------------------------------------------------------------------

    def counts(self) -> dict[str, Any]:
        by_sev = Counter(f["severity"] for f in self.findings)
        by_cat = Counter(f["category"] for f in self.findings)
        matrix = {c: {s: 0 for s in SEVERITIES} for c in CATEGORIES}
        for f in self.findings:
            matrix[f["category"]][f["severity"]] += 1
        return {"total": len(self.findings), "severity": {s: by_sev.get(s, 0) for s in SEVERITIES},
                "category": {c: by_cat.get(c, 0) for c in CATEGORIES}, "matrix": matrix}

    def audited_pages(self) -> list[dict[str, Any]]:
        """HTML pages that answered 2xx: the pages the page rules ran on."""
        return [p for p in self.pages if p["is_html"] and p["status"] and 200 <= p["status"] < 300]

    def scores(self) -> dict[str, float]:
        """0–100 per category and overall (docs/outputs.md, "Scores"): 100 × ½ ^ (D / 25), where D is the penalty
        points per audited page — every finding of the category costs PENALTY points by its severity, summed over
        the site and divided by the number of audited pages. So how severe the problems are and how widespread they
        are both count: one error on every page (D = 25) halves the score, and any new finding lowers it. Overall:
        the geometric mean of the five categories, which is the same formula over every finding with a half-life of
        5 × 25 points."""
        audited = len(self.audited_pages())
        if not audited:
            return {**{c: 0.0 for c in CATEGORIES}, "overall": 0.0}
        points: Counter[str] = Counter()
        for f in self.findings:
            points[f["category"]] += PENALTY.get(f["severity"], 0)
        out = {c: score_of(points[c] / audited) for c in CATEGORIES}
        out["overall"] = score_of(sum(points.values()) / audited / len(CATEGORIES))
        return out

    def score_changes(self) -> dict[str, float] | None:
        """Each score's change since the previous run (or the baseline), when that run's scores are comparable."""
        if not self.previous_scores:
            return None
        now = self.scores()
        # two decimals, as the scores are kept: a change of 0.03 is a change, and is shown (show_change)
        return {k: round(now[k] - self.previous_scores[k], 2) for k in now if isinstance(self.previous_scores.get(k),
                                                                                          (int, float))}

    def status_counts(self) -> dict[str, int]:
        return dict(sorted(Counter(str(p["status"]) if p["status"] else (p.get("error") or {}).get("kind", "error")
                                   for p in self.pages).items()))

    @property
    def resume_command(self) -> str | None:
        """How to continue this run, when it was interrupted and saved its job state (`audit --resume`)."""
        if self.run.get("complete", True) or not resumable(self.out):
            return None
        return f"clinicaudit audit --resume {self.out}"

    def rule_off(self, rule_id: str) -> bool:
        """The run's configuration switched the rule off (run.json `rules`; runs written before it was recorded
        ran every rule)."""
        return (self.run.get("rules") or {}).get(rule_id) == "off"

    def by_rule(self) -> dict[str, list[dict[str, Any]]]:
        groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for f in self.findings:
            groups[f["rule"]].append(f)
        return dict(sorted(groups.items(), key=lambda kv: (SEVERITIES.index(kv[1][0]["severity"]), kv[0])))

    def by_page(self) -> dict[str, list[dict[str, Any]]]:
        groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for f in self.findings:
            groups[f["url"]].append(f)
        return groups

    def service_for(self, url: str) -> dict[str, Any] | None:
        return next((s for s in self.site.get("services", []) if s.get("url") == url), None)


LIMIT_WORDS = {"max_pages": ("URLs found and not fetched at the page limit", "--max-pages"),
               "max_depth": ("URLs beyond the depth limit", "--max-depth"),
               "max_per_pattern": ("URLs of endless URL patterns left out", "--max-per-pattern"),
               "time": ("the time limit stopped the crawl", None)}


def limits_reached(run: dict[str, Any]) -> list[str]:
    """The limits a run reached (run.json `limits`), in words: "120 URLs found and not fetched at the page limit
    (--max-pages)"."""
    out = []
    for name, n in (run.get("limits") or {}).items():
        words, flag = LIMIT_WORDS.get(name, (name, None))
        out.append(words if name == "time" else f"{n} {words}" + (f" ({flag})" if flag else ""))
    return out


def _slim_page(record: dict[str, Any]) -> dict[str, Any]:
    """A page record without the bulk (links, images, structured data) the reports do not show."""
    html = record.get("html") or {}
    return {
        "url": record["url"], "public_url": record["public_url"], "status": record["status"],
        "error": record["error"], "is_html": record["is_html"], "redirect_to": record["redirect_to"],
        "content_type": record["content_type"], "depth": record["depth"],
        "response_time_ms": record["response_time_ms"], "title": html.get("title"),
        "h1": next((h["text"] for h in html.get("headings", []) if h["level"] == 1), None),
        "meta_description": html.get("meta_description"), "word_count": html.get("word_count"),
    }


def diff(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """New, fixed and unchanged findings by fingerprint (each list keeps its own run's records)."""
    old_fp = {f["fingerprint"] for f in old}
    new_fp = {f["fingerprint"] for f in new}
    return {"new": [f for f in new if f["fingerprint"] not in old_fp],
            "fixed": [f for f in old if f["fingerprint"] not in new_fp],
            "unchanged": [f for f in new if f["fingerprint"] in old_fp]}
