"""What every export format reads: one audit output folder (site.json, pages.jsonl, run.json), with the lookups the
formats share (a page by URL, public URLs, redirect chains), and the context a format writes through (the output
folder, the list of files written, problems and warnings).

Nothing here crawls or writes outside the chosen folder: files go through `OutputDir.path`, and file names made
from site content are checked to be slugs first."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Iterator

from clinicaudit import validation
from clinicaudit.output import OutputDir, read_jsonl
from clinicaudit.urls import Scope, normalize_url, url_key

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KINDS = ("service", "condition")
PLURAL = {"service": "services", "condition": "conditions"}
# Not pages: the CMS's own files, which a new site generates again.
NOT_PAGES = frozenset({"robots.txt", "sitemap-file"})


class ExportError(ValueError):
    """The run folder cannot be exported at all (no site.json, unreadable files, an unknown format): a usage error,
    unlike a record that cannot be rendered, which is a problem of the result."""


@dataclass
class ExportResult:
    """What an export wrote (absolute paths, in writing order), the records it could not render (`problems`: each
    `{"id", "type", "format", "reason"}`; the command exits 3 when there is any) and `warnings` (a value left out or
    changed, same shape; never a reason to fail)."""

    out: Path
    files: list[Path] = field(default_factory=list)
    problems: list[dict[str, str]] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class Source:
    """One audit output folder, read once."""

    def __init__(self, run_dir: Path) -> None:
        self.dir = Path(run_dir)
        if not self.dir.is_dir():
            raise ExportError(f"{run_dir}: no such folder")
        site_path = self.dir / "site.json"
        if not site_path.is_file():
            raise ExportError(f"{run_dir}: no site.json here; is it an output folder of clinicaudit audit?")
        try:
            site = json.loads(site_path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ExportError(f"{site_path}: cannot be read as JSON: {exc}") from None
        if not isinstance(site, dict) or not isinstance(site.get("site"), dict):
            raise ExportError(f"{site_path}: not a site.json document (no 'site' object)")
        self.site: dict[str, Any] = site
        run_path = self.dir / "run.json"
        try:
            self.run: dict[str, Any] = json.loads(run_path.read_text(encoding="utf-8")) if run_path.is_file() else {}
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            self.run = {}
        meta = site["site"]
        try:
            self.scope = Scope(str(meta.get("url") or ""), site_url=meta.get("site_url") or None)
        except ValueError as exc:
            raise ExportError(f"{site_path}: site.url is not an http(s) URL: {exc}") from None

    # -- records ---------------------------------------------------------------------------------------------------

    def records(self, kind: str) -> list[Any]:
        value = self.site.get(PLURAL[kind])
        return value if isinstance(value, list) else []

    @property
    def clinic(self) -> Any:
        return self.site.get("clinic")

    @cached_property
    def services_by_id(self) -> dict[str, dict[str, Any]]:
        return {r["id"]: r for r in self.records("service") if isinstance(r, dict) and isinstance(r.get("id"), str)}

    @cached_property
    def conditions_by_id(self) -> dict[str, dict[str, Any]]:
        return {r["id"]: r for r in self.records("condition") if isinstance(r, dict) and isinstance(r.get("id"), str)}

    # -- pages -----------------------------------------------------------------------------------------------------

    @property
    def has_pages(self) -> bool:
        return (self.dir / "pages.jsonl").is_file()

    @cached_property
    def pages(self) -> list[dict[str, Any]]:
        """pages.jsonl's records (a torn last line skipped), without malformed ones."""
        if not self.has_pages:
            return []
        return [p for p in read_jsonl(self.dir / "pages.jsonl")
                if isinstance(p, dict) and isinstance(p.get("url"), str) and isinstance(p.get("public_url"), str)]

    @cached_property
    def _by_key(self) -> dict[bytes, dict[str, Any]]:
        """Records by the key of their fetched URL and of their public URL (first record wins)."""
        out: dict[bytes, dict[str, Any]] = {}
        for p in self.pages:
            for url in (p["url"], p["public_url"]):
                key = self.key(url)
                if key is not None:
                    out.setdefault(key, p)
        return out

    def page(self, url: Any) -> dict[str, Any] | None:
        key = self.key(url)
        return self._by_key.get(key) if key is not None else None

    @staticmethod
    def key(url: Any) -> bytes | None:
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            return None
        try:
            return url_key(normalize_url(url))
        except ValueError:
            return None

    def public(self, url: str) -> str:
        """The production form of a URL seen in the crawl (a fetched URL, a redirect target, a link)."""
        record = self.page(url)
        if record is not None and self.key(record["url"]) == self.key(url):
            return record["public_url"]
        try:
            return self.scope.public_url(normalize_url(url))
        except ValueError:
            return url

    @property
    def public_root(self) -> str:
        return self.scope.public_root

    def is_page(self, record: dict[str, Any]) -> bool:
        return record.get("discovered_via") not in NOT_PAGES

    def html(self, url: Any) -> dict[str, Any]:
        record = self.page(url)
        return (record or {}).get("html") or {}

    def meta_description(self, url: Any) -> str | None:
        value = self.html(url).get("meta_description")
        return value if isinstance(value, str) and value.strip() else None

    def follow(self, record: dict[str, Any]) -> tuple[str | None, int | None, str]:
        """Where a redirect finally leads: (public URL of the final target, its status, "" or why the chain ends
        without one: `loop`). A target that was never fetched (off the site) ends the chain as it is."""
        seen: set[bytes] = set()
        current = record
        target: str | None = None
        for _ in range(100):
            key = self.key(current["url"])
            if key in seen:
                return None, None, "loop"
            if key is not None:
                seen.add(key)
            location = current.get("redirect_to")
            if not location:
                return target, current.get("status"), ""
            nxt = self.page(location)
            if nxt is None:
                return self.public(location), None, ""
            target, current = nxt["public_url"], nxt
        return None, None, "loop"

    def home(self) -> dict[str, Any] | None:
        return self.page(self.public_root)


@dataclass
class Context:
    """What a format writes through."""

    source: Source
    out: OutputDir
    result: ExportResult
    # The configuration's [clinic] facts (latitude, longitude, price_range): what the site does not publish.
    clinic_facts: dict[str, Any] = field(default_factory=dict)

    def problem(self, kind: str, record_id: Any, fmt: str, reason: str) -> None:
        self.result.problems.append({"id": _show_id(record_id), "type": kind, "format": fmt, "reason": reason})

    def warn(self, kind: str, record_id: Any, fmt: str, reason: str) -> None:
        self.result.warnings.append({"id": _show_id(record_id), "type": kind, "format": fmt, "reason": reason})

    def valid(self, kind: str, fmt: str, *, unique: bool = False) -> Iterator[dict[str, Any]]:
        """The records of `kind` that match their JSON Schema; each other one is a problem of `fmt`. With `unique`,
        a second record with an id already seen is a problem too (its file or slug would replace the first)."""
        seen: set[str] = set()
        for index, record in enumerate(self.source.records(kind)):
            rid = record.get("id") if isinstance(record, dict) else None
            errors = validation.errors(record, kind)
            if errors:
                first = errors[0]
                more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
                self.problem(kind, rid if rid is not None else f"#{index}", fmt,
                             f"invalid {kind} record: {first['pointer'] or '/'}: {first['message']}{more}")
                continue
            if not _encodable(record):
                self.problem(kind, rid, fmt, "holds text that is not valid Unicode (a lone surrogate)")
                continue
            if unique and rid in seen:
                self.problem(kind, rid, fmt, f"another {kind} has the same id; its output would be overwritten")
                continue
            seen.add(rid)
            yield record

    def valid_clinic(self, fmt: str) -> dict[str, Any] | None:
        clinic = self.source.clinic
        errors = validation.errors(clinic, "clinic")
        if errors:
            first = errors[0]
            where = first["pointer"] or "/"
            self.problem("clinic", "clinic", fmt, f"invalid clinic record: {where}: {first['message']}")
            return None
        if not _encodable(clinic):
            self.problem("clinic", "clinic", fmt, "holds text that is not valid Unicode (a lone surrogate)")
            return None
        return clinic

    def file_for(self, folder: str, record_id: str, suffix: str) -> str:
        """`folder/<id><suffix>`, for an id that is a slug only (the schema's pattern: no dots, no slashes)."""
        if not isinstance(record_id, str) or not SLUG.fullmatch(record_id):
            raise UnsafeName(f"id {record_id!r} is not a slug, so no file is named after it")
        return f"{folder}/{record_id}{suffix}"

    def write_text(self, name: str, text: str) -> Path:
        """Write a UTF-8 file atomically inside the output folder and list it in the result."""
        data = text.encode("utf-8")  # before any file is opened: text that cannot be encoded leaves nothing behind
        target = self.out.path(name)
        tmp = target.with_name(target.name + ".tmp")
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
        self.result.files.append(target)
        return target

    def write_json(self, name: str, value: Any) -> Path:
        return self.write_text(name, json.dumps(value, ensure_ascii=False, indent=2) + "\n")


class UnsafeName(ValueError):
    """A file name derived from site content that is not a slug."""


def _encodable(value: Any) -> bool:
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeError:
        return False
    return True


def _show_id(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 200 else text[:199] + "…"
