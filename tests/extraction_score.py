"""Scores extraction against the hand-written keys of the fixture sites (tests/sites/<site>/key.json): services,
conditions and aliases as precision and recall, the clinic's name, telephone and address as right or wrong.

`python -m tests.extraction_score` (from the repository root, in the project's venv) crawls every fixture site
through both local servers and prints the table that docs/extraction.md reports; `--sites a,b` and `--server`
narrow it. tests/test_extraction.py holds the same scores to their targets."""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

SITES = Path(__file__).resolve().parent / "sites"
SETS = json.loads((SITES / "sets.json").read_text(encoding="utf-8"))


def normal(text: str) -> str:
    """Case, accents, punctuation, `&`/`and` and plural endings folded: `Headaches & Migraines` = `headache and
    migraine`."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower().replace("&", " and ")
    words = re.findall(r"[a-z0-9]+", text.replace("'", ""))
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words)


def forms(name: str) -> set[str]:
    """A condition's name with and without a trailing parenthesis: `Dysphagia (swallowing difficulties)` is
    `Dysphagia` too."""
    bare = re.sub(r"\s*\([^()]*\)\s*$", "", name)
    return {normal(name), normal(bare)} - {""}


def digits(phone: str | None) -> str:
    return re.sub(r"\D", "", phone or "")


@dataclass
class Score:
    site: str
    services: tuple[int, int, int] = (0, 0, 0)  # matched, found, expected
    conditions: tuple[int, int, int] = (0, 0, 0)  # found records that are right, found, expected
    condition_hits: int = 0  # distinct expected conditions found
    aliases: tuple[int, int] = (0, 0)  # found, expected
    alias_records: tuple[int, int] = (0, 0)  # found aliases of matched services that the key names, all of them
    clinic: dict[str, bool] = field(default_factory=dict)
    misses: dict[str, list[str]] = field(default_factory=dict)

    @staticmethod
    def _ratio(a: int, b: int) -> float:
        return a / b if b else 1.0

    @property
    def service_precision(self) -> float:
        return self._ratio(self.services[0], self.services[1])

    @property
    def service_recall(self) -> float:
        return self._ratio(self.services[0], self.services[2])

    @property
    def condition_precision(self) -> float:
        return self._ratio(self.conditions[0], self.conditions[1])

    @property
    def condition_recall(self) -> float:
        return self._ratio(self.conditions[0], self.conditions[2])

    @property
    def alias_recall(self) -> float:
        return self._ratio(*self.aliases)

    @property
    def alias_precision(self) -> float:
        return self._ratio(*self.alias_records)


def _service_url(url: str) -> str:
    """A service's path and fragment; a trailing slash is not a difference (the local servers answer a folder's
    page at `/x/`, where a builder that publishes clean URLs answers `/x`)."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/") or "/"
    return path + (f"#{parts.fragment}" if parts.fragment else "")


def score(name: str, key: dict[str, Any], site: dict[str, Any]) -> Score:
    result = Score(site=name)
    found = list(site["services"])
    matched_services: list[tuple[dict[str, Any], dict[str, Any]]] = []
    for want in key["services"]:
        names = {normal(n) for n in [want["name"], *want.get("also_accept", [])]}
        hit = next((s for s in found if _service_url(s["url"]) == _service_url(want["url"])), None) or next(
            (s for s in found if normal(s["name"]) in names), None)
        if hit is not None:
            found.remove(hit)
            matched_services.append((want, hit))
    result.services = (len(matched_services), len(site["services"]), len(key["services"]))
    result.misses["services missed"] = [w["name"] for w in key["services"] if w not in [m[0] for m in matched_services]]
    result.misses["services extra"] = [f"{s['name']} {_service_url(s['url'])}" for s in found]
    want_aliases = sum(len(w.get("aliases", [])) for w in key["services"])
    got_aliases = 0
    missed_aliases = []
    for want, got in matched_services:
        have = {normal(a) for a in got["aliases"]} | {normal(got["name"])}  # the key's other name, found as its name
        for alias in want.get("aliases", []):
            if normal(alias) in have:
                got_aliases += 1
            else:
                missed_aliases.append(f"{want['name']}: {alias}")
    result.aliases = (got_aliases, want_aliases)
    result.misses["aliases missed"] = missed_aliases
    # an alias is right when the key names it, or names the service by it (a name the key also accepts)
    extra = [f"{want['name']}: {a}" for want, got in matched_services for a in got["aliases"]
             if normal(a) not in {normal(x) for x in [want["name"], *want.get("aliases", []),
                                                        *want.get("also_accept", [])]}]
    result.alias_records = (sum(len(g["aliases"]) for _, g in matched_services) - len(extra),
                            sum(len(g["aliases"]) for _, g in matched_services))
    result.misses["aliases extra"] = extra
    accepted: dict[str, str] = {}
    for want in key["conditions"]:
        for n in [want["name"], *want.get("also_accept", [])]:
            for form in forms(n):
                accepted.setdefault(form, want["name"])

    def which(name: str) -> set[str]:
        """The key conditions a found name is: itself, or each of its parts ("anxiety and panic attacks" is
        two conditions where the key lists them apart)."""
        direct = next((accepted[f] for f in sorted(forms(name)) if f in accepted), None)
        if direct:
            return {direct}
        parts = [p for p in re.split(r"\s*,\s*|\s+and\s+|\s*&\s*|\s*/\s*", name) if p.strip()]
        found = [next((accepted[f] for f in sorted(forms(p)) if f in accepted), None) for p in parts]
        return set(found) if len(parts) > 1 and all(found) else set()  # type: ignore[arg-type]

    hits = set().union(*(which(c["name"]) for c in site["conditions"])) if site["conditions"] else set()
    found_names = {f for c in site["conditions"] for f in forms(c["name"])}
    for want in key["conditions"]:  # a key's "Corns and calluses" found as "Corns" and "Calluses"
        parts = [p for p in re.split(r"\s*,\s*|\s+and\s+|\s*&\s*", want["name"]) if p.strip()]
        if len(parts) > 1 and all(forms(p) & found_names for p in parts):
            hits.add(want["name"])
            for p in parts:
                for f in forms(p):
                    accepted.setdefault(f, want["name"])
    right = [c for c in site["conditions"] if which(c["name"])]
    result.misses["conditions missed"] = [w["name"] for w in key["conditions"] if w["name"] not in hits]
    result.misses["conditions extra"] = [c["name"] for c in site["conditions"] if not which(c["name"])]
    # recall counts distinct key conditions found; precision counts found records that are right
    result.conditions = (len(right), len(site["conditions"]), len(key["conditions"]))
    result.condition_hits = len(hits)
    clinic, want_clinic = site["clinic"], key["clinic"]
    address = normal((clinic.get("address") or {}).get("text") or "")
    result.clinic = {
        "name": normal(clinic.get("name") or "") == normal(want_clinic["name"]),
        "telephone": bool(digits(clinic.get("telephone"))) and digits(clinic.get("telephone")) == digits(
            want_clinic["telephone"]),
        # the parts of the address a page shows (BRIEF.md's key format); a key's `country` is a code ("CA") that a
        # page's address seldom spells, so it is not compared
        "address": all(normal(v) in address for k, v in want_clinic["address"].items() if v and k != "country"),
    }
    if not result.clinic["name"]:
        result.misses["clinic name"] = [str(clinic.get("name"))]
    if not result.clinic["telephone"]:
        result.misses["clinic telephone"] = [str(clinic.get("telephone"))]
    if not result.clinic["address"]:
        result.misses["clinic address"] = [str((clinic.get("address") or {}).get("text"))]
    return result


def condition_recall(s: Score) -> float:
    return s._ratio(s.condition_hits, s.conditions[2])


def crawl(name: str, base_url: str, out: Path) -> dict[str, Any]:
    """Run the real CLI on a served fixture site; its site.json."""
    from tests.conftest import run_cli

    key = json.loads((SITES / name / "key.json").read_text(encoding="utf-8"))
    args = ["audit", base_url, "--out", str(out)]
    if key.get("site_url"):
        args += ["--site-url", key["site_url"]]
    if key.get("config"):
        args += ["--config", str(SITES / name / key["config"])]
    run = run_cli(*args, timeout=300)
    if run.returncode not in (0, 1):
        raise RuntimeError(f"{name}: exit {run.returncode}\n{run.stderr[-2000:]}")
    return run.site()


def main() -> int:
    from tests.static_host import serve_plain
    from clinicaudit.serve import serve_folder

    parser = argparse.ArgumentParser()
    parser.add_argument("--sites", default="")
    parser.add_argument("--server", choices=["folder", "plain", "both"], default="folder")
    parser.add_argument("--misses", action="store_true", help="list what each site missed or added")
    args = parser.parse_args()
    names = [n for n in args.sites.split(",") if n] or SETS["tuned"] + SETS["held_out"]
    servers = {"folder": [serve_folder], "plain": [serve_plain], "both": [serve_folder, serve_plain]}[args.server]
    rows = []
    for name in names:
        if not (SITES / name / "key.json").is_file():
            print(f"{name}: no key.json yet, skipped")
            continue
        key = json.loads((SITES / name / "key.json").read_text(encoding="utf-8"))
        for serve in servers:
            with serve(SITES / name / "public") as base, tempfile.TemporaryDirectory() as tmp:
                site = crawl(name, base, Path(tmp) / "out")
            s = score(name, key, site)
            part = "held-out" if name in SETS["held_out"] else "tuned"
            rows.append((part, s))
            print(f"{part:8} {name:20} {serve.__name__:12} services P {s.service_precision:.2f} R {s.service_recall:.2f}"
                  f" · conditions P {s.condition_precision:.2f} R {condition_recall(s):.2f}"
                  f" · aliases P {s.alias_precision:.2f} R {s.alias_recall:.2f} · clinic " + " ".join(k for k, v in s.clinic.items() if v)
                  + ("" if all(s.clinic.values()) else " (wrong: " + " ".join(k for k, v in s.clinic.items() if not v) + ")"))
            if args.misses:
                for k, v in s.misses.items():
                    if v:
                        print(f"    {k}: {v}")
    for part in ("tuned", "held-out"):
        scores = [s for p, s in rows if p == part]
        if not scores:
            continue
        tot = lambda f: sum(f(s) for s in scores)  # noqa: E731
        print(f"{part}: services P {tot(lambda s: s.services[0]) / max(1, tot(lambda s: s.services[1])):.2f}"
              f" R {tot(lambda s: s.services[0]) / max(1, tot(lambda s: s.services[2])):.2f}"
              f" · conditions P {tot(lambda s: s.conditions[0]) / max(1, tot(lambda s: s.conditions[1])):.2f}"
              f" R {tot(lambda s: s.condition_hits) / max(1, tot(lambda s: s.conditions[2])):.2f}"
              f" · aliases P {tot(lambda s: s.alias_records[0]) / max(1, tot(lambda s: s.alias_records[1])):.2f}"
              f" R {tot(lambda s: s.aliases[0]) / max(1, tot(lambda s: s.aliases[1])):.2f}"
              f" · clinic facts right {sum(sum(s.clinic.values()) for s in scores)}/{3 * len(scores)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
