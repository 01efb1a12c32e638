"""The output folder: every file the tool writes goes through here, so nothing lands outside it."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO, Any

import orjson


# The output folder's work area (the pipelines' spool, the job's state): kept while a run can be resumed, removed
# when it completes.
WORK = ".clinicaudit"
JOB = f"{WORK}/job"  # Scrapy's JOBDIR: the request queue and the spider's state, for `audit --resume`
JOB_FILE = f"{WORK}/job.json"  # what the crawl was started with, for `audit --resume`


# The files a run writes at the top of its output folder (the reports' names are theirs: clinicaudit/reports/).
RUN_FILES = ("run.json", "pages.jsonl", "findings.jsonl", "invalid.jsonl", "site.json", "report.html", "report.json",
             "findings.csv", "summary.md", "junit.xml", "report.sarif")
# report.html's parts (clinicaudit/reports/html.py): the folder, and the names of the files a run writes in it
REPORT_PARTS = ("report-pages", ("rule-*-*.html", "pages-*.html"))


def clear_previous_run(out: str | os.PathLike[str]) -> list[str]:
    """Remove what an earlier run left in a reused output folder (only the files runs write, never anything else),
    so that no stale report or record mixes with the new run's; the names removed."""
    removed = []
    for name in RUN_FILES:
        path = Path(out) / name
        if path.is_file() and not path.is_symlink():
            path.unlink()
            removed.append(name)
    return removed + remove_report_parts(out)


def remove_report_parts(out: str | os.PathLike[str]) -> list[str]:
    """Remove report.html's parts (`REPORT_PARTS`: only the names parts have) and their folder when it is left
    empty; the names removed."""
    folder, patterns = REPORT_PARTS
    parts = Path(out) / folder
    removed = []
    if parts.is_dir() and not parts.is_symlink():
        for path in sorted(p for pattern in patterns for p in parts.glob(pattern)):
            if path.is_file() and not path.is_symlink():
                path.unlink()
                removed.append(f"{folder}/{path.name}")
        if not any(parts.iterdir()):
            parts.rmdir()
    return removed


def resumable(out: str | os.PathLike[str]) -> bool:
    """An interrupted run in `out` saved its queue and state (Scrapy writes them on a graceful stop only)."""
    return (Path(out) / JOB / "spider.state").is_file()


class OutputError(Exception):
    """A path that would leave the output folder, or a folder that cannot be written."""


class OutputDir:
    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root).resolve()
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot create the output folder {self.root}: {exc.strerror}") from exc

    def path(self, name: str) -> Path:
        """`root/name`, refused when `name` would resolve outside the folder (`..`, absolute paths, links)."""
        if "\x00" in name:
            raise OutputError(f"invalid file name {name!r}")
        candidate = (self.root / name).resolve()
        if candidate != self.root and self.root not in candidate.parents:
            raise OutputError(f"refusing to write outside the output folder: {name!r}")
        candidate.parent.mkdir(parents=True, exist_ok=True)
        return candidate

    def write_json(self, name: str, value: Any) -> Path:
        """Write a JSON document atomically (a temporary file renamed over the target); a `Streamed` list in it is
        written as it is produced."""
        target = self.path(name)
        tmp = target.with_name(target.name + ".tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            _dump(value, fh, 0)
            fh.write("\n")
        os.replace(tmp, target)
        return target

    def jsonl(self, name: str, mode: str = "w") -> JsonlWriter:
        return JsonlWriter(self.path(name), mode)


def jsonl_line(value: Any) -> str:
    """One value as a line of the run's JSONL files."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"


class JsonlWriter:
    """One JSON value per line, each line flushed as it is written, so a killed run leaves whole lines. In append
    mode (`"a"`, a resumed run) a torn last line is cut off first, and `count` starts at the lines already there."""

    def __init__(self, path: Path, mode: str = "w") -> None:
        self.path = path
        self.count = 0
        if mode == "a":
            self.count = repair_jsonl(path)
        self._fh: IO[str] = open(path, mode, encoding="utf-8", buffering=1)

    def write(self, value: Any) -> None:
        self._fh.write(jsonl_line(value))
        self.count += 1

    def close(self) -> None:
        if not self._fh.closed:
            self._fh.close()


class Streamed(list):  # type: ignore[type-arg]
    """A list that `OutputDir.write_json` writes item by item as `items` yields them, never holding them all (the
    reports' findings; `listed`). `count` must be how many `items` yields: the encoder asks whether the list is empty
    first. Only `write_json` may write one: `json.dumps(value)` would see an empty list."""

    def __init__(self, items: Any, count: int) -> None:
        super().__init__()
        self._items, self._count = items, count

    def __iter__(self) -> Any:
        return iter(self._items)

    def __len__(self) -> int:
        return self._count

    def __bool__(self) -> bool:
        return self._count > 0


def _dump(value: Any, fh: IO[str], level: int) -> None:
    """`value` as `json.dump(value, indent=2, ensure_ascii=False)` lays it out, written a part at a time: orjson
    encodes each part (the standard module's Python encoder, which `indent` needs, took most of a large report's
    time), and a `Streamed` list is written item by item."""
    if not _holds_streamed(value):
        try:
            text = orjson.dumps(value, option=orjson.OPT_INDENT_2).decode("utf-8")
        except TypeError:  # what orjson refuses (a key that is not a string, an integer beyond 64 bits)
            text = json.dumps(value, ensure_ascii=False, indent=2)
        fh.write(text.replace("\n", "\n" + "  " * level) if level else text)
        return
    pad = "\n" + "  " * (level + 1)
    if isinstance(value, dict):
        fh.write("{")
        for i, (key, item) in enumerate(value.items()):
            fh.write(("," if i else "") + pad + json.dumps(str(key), ensure_ascii=False) + ": ")
            _dump(item, fh, level + 1)
        fh.write(("\n" + "  " * level if value else "") + "}")
        return
    empty = True
    fh.write("[")
    for item in value:
        fh.write(("" if empty else ",") + pad)
        empty = False
        _dump(item, fh, level + 1)
    fh.write(("" if empty else "\n" + "  " * level) + "]")


def _holds_streamed(value: Any) -> bool:
    if isinstance(value, Streamed):
        return True
    if isinstance(value, dict):
        return any(_holds_streamed(v) for v in value.values())
    if isinstance(value, list):
        return any(_holds_streamed(v) for v in value)
    return False


def listed(items: Any, count: int, streamed: bool) -> list[Any]:
    """`items` (of which there are `count`) as a list, or for `write_json` as a `Streamed` one."""
    return Streamed(items, count) if streamed else list(items)


def loads(text: str | bytes) -> Any:
    """A JSON value, as `json.loads` reads it: orjson (several times faster: the run's files are read again and again
    after the crawl), and the standard module for what orjson refuses but JSON readers accept (NaN, integers beyond
    64 bits, lone surrogates), which also words the error when the text is no JSON at all."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


def read_jsonl(path: Path) -> Any:
    """The records of a JSONL file; a torn last line (a killed run), or any line that is not a JSON object, is
    skipped (the commands that read a finished run name such lines first: `check_records`)."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            try:
                value = loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(value, dict):  # a record; anything else is a bad line (bad_lines names it)
                yield value


RECORD_FILES = ("pages.jsonl", "findings.jsonl", "invalid.jsonl")


def bad_lines(path: Path) -> list[tuple[int, str]]:
    """(line number, reason) for each line of a JSONL file that is not one JSON object (a line cut in half, a line
    of something else); blank lines are fine."""
    out = []
    with open(path, "rb") as fh:
        for n, raw in enumerate(fh, 1):
            try:
                line = raw.decode("utf-8").strip()
            except UnicodeDecodeError as exc:
                out.append((n, f"not UTF-8 ({exc.reason} at byte {exc.start})"))
                continue
            if not line:
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                out.append((n, f"not JSON: {exc.msg} at column {exc.colno}"))
                continue
            if not isinstance(value, dict):
                out.append((n, f"a JSON {type(value).__name__}, not a record"))
    return out


def check_records(paths: list[Path], skip: bool, say: Any) -> bool:
    """Report every unreadable line of these JSONL files through `say` ("file:line: reason"). True when the caller
    may go on: no bad line, or `skip` (--skip-bad-lines: the lines are left out, and the report says how many)."""
    found = [(path, n, reason) for path in paths if path.is_file() for n, reason in bad_lines(path)]
    for path, n, reason in found:
        say(f"{path}:{n}: {reason}")
    if found and not skip:
        say(f"{len(found)} unreadable line{'s' if len(found) != 1 else ''}: stopped before doing anything; fix the "
            "files, or pass --skip-bad-lines to go on without them")
        return False
    if found:
        say(f"skipping {len(found)} unreadable line{'s' if len(found) != 1 else ''} (--skip-bad-lines)")
    return True


def repair_jsonl(path: Path) -> int:
    """Cut a JSONL file after its last whole line (a killed writer can leave half a line); return its line count.
    A missing file counts 0."""
    try:
        fh = open(path, "rb+")
    except FileNotFoundError:
        return 0
    with fh:
        lines, keep = 0, 0
        for line in fh:
            if not line.endswith(b"\n"):
                break
            keep += len(line)
            lines += 1 if line.strip() else 0
        fh.truncate(keep)
    return lines


def filter_jsonl(path: Path, keep: Any) -> None:
    """Rewrite a JSONL file with only the values for which `keep(value)` is true (streamed to a temporary file that
    replaces the original)."""
    if path.is_file():
        _stream_replace(path, lambda out: out.writelines(jsonl_line(v) for v in read_jsonl(path) if keep(v)))


def update_jsonl(path: Path, change_of: Any) -> None:
    """Rewrite a JSONL file with `value.update(change_of(value))` for each record for which `change_of` returns a
    dict; every other line — a record it leaves alone, a line that is not a record — is kept byte for byte."""
    def copy(out: IO[str]) -> None:
        with open(path, encoding="utf-8") as src:
            for line in src:
                try:
                    value = loads(line)
                except json.JSONDecodeError:
                    value = None
                change = change_of(value) if isinstance(value, dict) else None
                out.write(line if change is None else jsonl_line({**value, **change}))
    _stream_replace(path, copy)


def _stream_replace(path: Path, write: Any) -> None:
    """Write `path`'s new content through `write(file)` into a temporary file that then replaces it; on any failure
    the temporary file goes and `path` stays as it was."""
    tmp = path.with_name(path.name + ".tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as out:
            write(out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, path)
