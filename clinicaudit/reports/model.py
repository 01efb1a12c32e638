"""A run as the reports see it, read from its output folder: run metadata, pages, findings with fingerprints,
site content, scores, and (when known) what changed since the previous run and the trend over past runs."""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import weakref
from collections import Counter
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, Iterable, Iterator
from urllib.parse import urlsplit

import orjson

from clinicaudit.output import WORK, OutputDir, OutputError, loads, read_jsonl, resumable
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


def _fingerprinted(findings: Iterable[dict[str, Any]], make: Any) -> Iterator[Any]:
    """`make(finding, fingerprint)` for each finding. A fingerprint is stable: rule + the URL's path and query + the
    element's signature, and an occurrence number when the same rule flags identical elements on one page."""
    seen: Counter[str] = Counter()
    for f in findings:
        base = "\x1f".join([f["rule"], finding_path(f["url"]), signature(f)])
        seen[base] += 1
        yield make(f, hashlib.sha1(f"{base}\x1f{seen[base]}".encode("utf-8")).hexdigest()[:16])


def _rank(severity: Any) -> int:
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)


class _Selection:
    """Findings of the table `WHERE where` (all of them when `where` is empty), `count` of them: counted, iterated
    and sliced from the table, never all held."""

    def __init__(self, db: sqlite3.Connection, where: str, args: tuple[Any, ...], count: int) -> None:
        self.db, self._where, self._args, self.count = db, where, args, count

    def __len__(self) -> int:
        return self.count

    def __bool__(self) -> bool:
        return self.count > 0

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return self._rows()

    def __getitem__(self, index: int | slice) -> Any:
        """A finding by its place in the run's order, or a list of them for a slice."""
        if isinstance(index, slice):
            return list(islice(iter(self), index.start, index.stop, index.step))
        index = index + self.count if index < 0 else index
        found = self.window(index, 1) if 0 <= index < self.count else []
        if not found:
            raise IndexError(index)
        return found[0]

    def window(self, offset: int, limit: int) -> list[dict[str, Any]]:
        """`limit` findings from the `offset`-th, in the run's order."""
        return list(self._rows(" LIMIT ? OFFSET ?", limit, offset))

    def _rows(self, tail: str = "", *more: Any, order: str = "seq") -> Iterator[dict[str, Any]]:
        cursor = self.db.execute(f"SELECT body FROM f{self._clause()} ORDER BY {order}{tail}", (*self._args, *more))
        return (loads(body) for (body,) in cursor)

    def _clause(self) -> str:
        return f" WHERE {self._where}" if self._where else ""

    def tally(self, *columns: str) -> list[tuple[Any, ...]]:
        """`(column values…, count)` for each combination that occurs: `tally("category", "severity")`."""
        names = ", ".join(columns)
        return self.db.execute(f"SELECT {names}, COUNT(*) FROM f{self._clause()} GROUP BY {names}",
                               self._args).fetchall()

    def pages(self) -> int:
        """How many URLs the findings are on."""
        return self.db.execute(f"SELECT COUNT(DISTINCT url) FROM f{self._clause()}", self._args).fetchone()[0]


class FindingGroup(_Selection):
    """The findings of one rule or one URL (`Findings.by_rule`, `Findings.by_page`)."""


class Findings(_Selection):
    """A run's findings, with their fingerprints, in a SQLite table rather than in memory: the reports count and
    group them through SQL and stream them, so a run of 200,000 findings is never a list of dicts (issue #14). The
    table lives in the output folder's work area while the reports are written (`.clinicaudit/findings-PID.sqlite`,
    removed when the run's data is let go), or in memory for findings given as a list (the history's).

    It reads like the list it replaces: `len()`, iteration in the file's order, truthiness; `by_rule()` and
    `by_page()` give groups that count and iterate without loading."""

    def __init__(self, records: Iterable[dict[str, Any]], folder: Path | None = None,
                 fingerprinted: bool = False) -> None:
        self.path: Path | None = None
        made: Path | None = None  # the work area, when this made it: removed again if left empty
        if folder is not None:
            try:
                if not (folder / WORK).exists():
                    made = folder / WORK
                # through OutputDir: a work area that is a link out of the folder is refused, not written through
                self.path = OutputDir(folder).path(f"{WORK}/findings-{os.getpid()}-{id(self):x}.sqlite")
                self.path.unlink(missing_ok=True)
            except (OSError, OutputError):  # a folder we may not write to: the table is kept in memory
                self.path = None
        self.db = sqlite3.connect(str(self.path) if self.path else ":memory:")
        self._finalizer = weakref.finalize(self, Findings._drop, self.db, self.path, made)
        self.db.execute("PRAGMA journal_mode = OFF")
        self.db.execute("PRAGMA synchronous = OFF")
        self.db.execute("CREATE TABLE f (seq INTEGER PRIMARY KEY, rule TEXT, category TEXT, severity TEXT, rank INT,"
                        " url TEXT, fingerprint TEXT, body BLOB)")

        def row(f: dict[str, Any], fp: str) -> tuple[Any, ...]:
            if not fingerprinted:
                f = {**f, "fingerprint": fp}
            return (str(f.get("rule", "")), str(f.get("category", "")), str(f.get("severity", "")),
                    _rank(f.get("severity")), str(f.get("url", "")), f.get("fingerprint"),
                    _dumps(f))

        rows = (row(f, "") for f in records) if fingerprinted else _fingerprinted(records, row)
        with self.db:
            self.db.executemany("INSERT INTO f (rule, category, severity, rank, url, fingerprint, body)"
                                " VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
            self.db.execute("CREATE INDEX f_rule ON f (rule, seq)")
            self.db.execute("CREATE INDEX f_url ON f (url, seq)")
        super().__init__(self.db, "", (), self.db.execute("SELECT COUNT(*) FROM f").fetchone()[0])

    @staticmethod
    def _drop(db: sqlite3.Connection, path: Path | None, made: Path | None) -> None:
        db.close()
        if path is not None:
            path.unlink(missing_ok=True)
        if made is not None:
            try:
                made.rmdir()
            except OSError:  # not empty: the run's own work area now (a resumable run's job state)
                pass

    def close(self) -> None:
        self._finalizer()

    @classmethod
    def from_jsonl(cls, path: Path, folder: Path | None) -> Findings:
        return cls(read_jsonl(path) if path.is_file() else (), folder)

    def select(self, where: str, *args: Any, order: str = "seq") -> Iterator[dict[str, Any]]:
        """The findings `WHERE where` (SQL over rule, category, severity, rank, url, fingerprint), streamed."""
        return _Selection(self.db, where, args, 0)._rows(order=order)

    def by_rule(self) -> dict[str, FindingGroup]:
        """Each rule's findings, the rules ordered by their first finding's severity, then id."""
        firsts = self.db.execute("SELECT rule, severity, MIN(seq), COUNT(*) FROM f GROUP BY rule").fetchall()
        order = sorted(firsts, key=lambda r: (_rank(r[1]), r[0]))
        return {rule: FindingGroup(self.db, "rule = ?", (rule,), n) for rule, _, _, n in order}

    def by_page(self) -> dict[str, FindingGroup]:
        """Each URL's findings, in the order their first finding comes."""
        firsts = self.db.execute("SELECT url, MIN(seq), COUNT(*) FROM f GROUP BY url ORDER BY MIN(seq)").fetchall()
        return {url: FindingGroup(self.db, "url = ?", (url,), n) for url, _, n in firsts}


def _dumps(value: Any) -> bytes:
    try:
        return orjson.dumps(value)
    except TypeError:  # what orjson refuses (an integer beyond 64 bits) the standard module writes
        return json.dumps(value, ensure_ascii=False).encode("utf-8")


@dataclass
class RunData:
    """Everything a report needs about one run. `findings` may be given as a list; it is kept as `Findings`."""

    out: Path
    run: dict[str, Any]
    pages: list[dict[str, Any]]
    findings: Findings
    site: dict[str, Any]
    changes: dict[str, list[dict[str, Any]]] | None = None  # {"new": [...], "fixed": [...]}; None: no previous run
    trend: list[dict[str, Any]] = field(default_factory=list)  # past runs, oldest first: {"id", "started", "counts"}
    gate: dict[str, Any] | None = None  # the run's one gate verdict (clinicaudit.gate.judge); None: no gate
    previous_scores: dict[str, float] | None = None  # the previous run's (or baseline's), when scored the same way

    def __post_init__(self) -> None:
        if not isinstance(self.findings, Findings):
            given = list(self.findings)
            self.findings = Findings(given, fingerprinted=all("fingerprint" in f for f in given))

    def close(self) -> None:
        """Let go of the findings' table (its file in the work area goes)."""
        self.findings.close()

    def blocking(self, finding: dict[str, Any]) -> bool:
        """Whether this finding is one the gate counted against the run."""
        if self.gate is None:
            return False
        key = id(self.gate)  # the set is made once per verdict, not once per finding asked about
        if getattr(self, "_blocking", (None,))[0] != key:
            self._blocking = (key, frozenset(self.gate.get("blocking_fingerprints", ())))
        return finding.get("fingerprint") in self._blocking[1]

    @classmethod
    def load(cls, out: Path, work: Path | None = None) -> RunData:
        """The run in the output folder `out`. The findings' table is a file in `work`'s work area when given (the
        folder the reports are written to), else in memory: a baseline or another run's folder is only read."""
        out = Path(out)
        run = json.loads((out / "run.json").read_text(encoding="utf-8")) if (out / "run.json").is_file() else {}
        site = json.loads((out / "site.json").read_text(encoding="utf-8")) if (out / "site.json").is_file() else {}
        pages = [_slim_page(p) for p in read_jsonl(out / "pages.jsonl")] if (out / "pages.jsonl").is_file() else []
        findings = Findings.from_jsonl(out / "findings.jsonl", work)
        return cls(out=out, run=run, pages=pages, findings=findings, site=site, gate=run.get("gate"),
                   previous_scores=run.get("previous_scores"))

    # -- derived views ---------------------------------------------------------------------------------------

    def counts(self) -> dict[str, Any]:
        by_sev: Counter[str] = Counter()
        by_cat: Counter[str] = Counter()
        matrix = {c: {s: 0 for s in SEVERITIES} for c in CATEGORIES}
        for category, severity, n in self.findings.tally("category", "severity"):
            by_sev[severity] += n
            by_cat[category] += n
            matrix[category][severity] += n
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
        for category, severity, n in self.findings.tally("category", "severity"):
            points[category] += PENALTY.get(severity, 0) * n
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

    def by_rule(self) -> dict[str, FindingGroup]:
        return self.findings.by_rule()

    def by_page(self) -> dict[str, FindingGroup]:
        return self.findings.by_page()

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


def diff(old: Iterable[dict[str, Any]], new: Iterable[dict[str, Any]],
         unchanged: bool = True) -> dict[str, list[dict[str, Any]]]:
    """New, fixed and (with `unchanged`) unchanged findings by fingerprint (each list keeps its own run's records).
    Each run is read twice, so either may be a `Findings` table."""
    old_fp = {f["fingerprint"] for f in old}
    new_fp = {f["fingerprint"] for f in new}
    out = {"new": [f for f in new if f["fingerprint"] not in old_fp],
           "fixed": [f for f in old if f["fingerprint"] not in new_fp]}
    if unchanged:
        out["unchanged"] = [f for f in new if f["fingerprint"] in old_fp]
    return out
