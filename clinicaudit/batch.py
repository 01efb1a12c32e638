"""`clinicaudit batch SITES.txt --out DIR`: many sites in one command (docs/batch.md).

Each site is one `clinicaudit audit` in a process of its own (a Twisted reactor runs one crawl per process), into
`DIR/<host>/`, with the batch's options; `--parallel N` runs N at a time. A site that fails is recorded with its
reason and the batch goes on. At the end `DIR/batch.json` and `DIR/index.html` give one row a site, and the exit
code is the worst of the sites'.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from clinicaudit.pipelines import default_jobs
from clinicaudit.terms import score_band
from clinicaudit.urls import strip_credentials, strip_credentials_in_text

# Exit codes, least to most severe: done, gate failed, invalid records, the site failed, interrupted.
EXIT_RANK = {0: 0, 1: 1, 3: 2, 2: 3, 130: 4}
# The batch's own files in DIR: no site's folder may take these names.
RESERVED = frozenset({"logs", "index.html", "batch.json"})
# The batch's own options, not handed to each audit.
_OWN_WITH_VALUE = ("--out", "--parallel")


class BatchError(ValueError):
    """A sites file that cannot be used; the message names the line."""


@dataclass
class Target:
    target: str  # a URL or a folder
    site_url: str | None  # the production origin of a folder or staging host
    line: int
    folder: str = ""  # DIR/<folder>: the site's run folder

    @property
    def is_url(self) -> bool:
        return self.target.startswith(("http://", "https://"))


@dataclass
class Outcome:
    target: str
    site_url: str | None
    folder: str
    exit_code: int
    status: str  # ok, gate-failed, invalid-records, failed, interrupted
    reason: str | None = None
    seconds: float = 0.0
    site: str | None = None
    pages: int | None = None
    score: float | None = None
    counts: dict[str, int] = field(default_factory=dict)
    new: int | None = None  # findings new since the site's previous run (None: no previous run)
    services: int | None = None
    conditions: int | None = None
    report: str | None = None  # the site's report.html, relative to DIR


def read_sites(path: Path) -> list[Target]:
    """SITES.txt: one target a line (a URL or a folder), optionally followed by the production origin (as
    `--site-url`); `#` starts a comment; blank lines are ignored. Folders are relative to the file's folder."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BatchError(f"{path}: no such sites file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BatchError(f"{path}: cannot read the sites file: {getattr(exc, 'strerror', None) or exc}") from None
    targets: list[Target] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = re.split(r"(?:^|\s)#", raw, maxsplit=1)[0].strip()  # a `#` inside a URL is its fragment
        if not line:
            continue
        parts = line.split()
        if len(parts) > 2:
            raise BatchError(f"{path}, line {number}: expected a URL or folder, optionally followed by the site's "
                             f"production URL; got {len(parts)} words")
        target = parts[0]
        site_url = parts[1] if len(parts) == 2 else None
        if site_url is not None and not site_url.startswith(("http://", "https://")):
            raise BatchError(f"{path}, line {number}: the second word must be the production URL (http(s)://...), "
                             f"got {site_url!r}")
        if not target.startswith(("http://", "https://")):
            folder = (path.parent / target) if not Path(target).is_absolute() else Path(target)
            if not folder.is_dir():
                raise BatchError(f"{path}, line {number}: {target!r} is neither an http(s) URL nor a folder")
            target = str(folder.resolve())
        elif not urlsplit(target).hostname:
            raise BatchError(f"{path}, line {number}: {strip_credentials(target)!r} has no host name")
        targets.append(Target(target=target, site_url=site_url, line=number))
    if not targets:
        raise BatchError(f"{path}: no site in the file (one URL or folder a line; # starts a comment)")
    _name_folders(targets)
    return targets


def _name_folders(targets: list[Target]) -> None:
    """Each site's folder under DIR: the host of its production URL when the line names one, else its URL's host
    (and port when not the default) or the folder's name, made safe for a file name; a second site with the same
    name gets `-2`, and so on."""
    taken: set[str] = set()
    for t in targets:
        if t.site_url:
            name = urlsplit(t.site_url).hostname or "site"
        elif t.is_url:
            parts = urlsplit(t.target)
            name = (parts.hostname or "site") + (f"_{parts.port}" if parts.port else "")
        else:
            name = Path(t.target).name
        name = re.sub(r"[^A-Za-z0-9._-]+", "_", name or "site").lstrip(".") or "site"
        if name in RESERVED:
            name = f"site-{name}"
        folder, n = name, 1
        while folder in taken:  # `-2`, `-3`, … and never a name another line took as it is
            n += 1
            folder = f"{name}-{n}"
        taken.add(folder)
        t.folder = folder


def forwarded_options(argv: list[str]) -> list[str]:
    """The batch's command-line options that each audit gets: all but the sites file, --out and --parallel."""
    out: list[str] = []
    skip = False
    for token in argv:
        if skip:
            skip = False
            continue
        if token in _OWN_WITH_VALUE:
            skip = True
            continue
        if any(token.startswith(f"{o}=") for o in _OWN_WITH_VALUE):
            continue
        out.append(token)
    return out


class Batch:
    def __init__(self, targets: list[Target], out: Path, options: list[str], parallel: int,
                 env: dict[str, str] | None = None) -> None:
        self.targets, self.out, self.options, self.parallel = targets, out, options, max(1, parallel)
        self.env = {**os.environ, **env} if env else None  # --redis: its password, kept off the command lines
        self.procs: dict[int, subprocess.Popen[str]] = {}
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.done = 0

    def run(self) -> list[Outcome]:
        (self.out / "logs").mkdir(parents=True, exist_ok=True)
        previous = signal.signal(signal.SIGINT, self._interrupt)
        previous_term = signal.signal(signal.SIGTERM, self._interrupt)
        try:
            with ThreadPoolExecutor(self.parallel) as pool:
                outcomes = list(pool.map(self._one, self.targets))
        finally:
            signal.signal(signal.SIGINT, previous)
            signal.signal(signal.SIGTERM, previous_term)
            with self.lock:  # the batch itself failed: no audit outlives it
                for proc in self.procs.values():
                    if proc.poll() is None:
                        proc.terminate()
        return outcomes

    def _interrupt(self, signum: int, frame: Any) -> None:
        """Ctrl-C / SIGTERM: no new site starts; the running audits get the signal (they stop cleanly, with what
        they fetched written and resumable)."""
        if not self.stopping.is_set():
            print("batch: stopping: the running audits stop cleanly; no new site starts", file=sys.stderr)
        self.stopping.set()
        with self.lock:
            for proc in self.procs.values():
                if proc.poll() is None:
                    proc.send_signal(signal.SIGINT)

    def _one(self, t: Target) -> Outcome:
        folder = self.out / t.folder
        shown = strip_credentials(t.target)
        if self.stopping.is_set():
            return Outcome(target=shown, site_url=strip_credentials(t.site_url) if t.site_url else None,
                           folder=t.folder, exit_code=130, status="interrupted",
                           reason="not started: the batch was interrupted")
        cmd = [sys.executable, "-m", "clinicaudit", "audit", t.target, "--out", str(folder), *self.options]
        if t.site_url:
            cmd += ["--site-url", t.site_url]
        if not any(o == "--jobs" or o.startswith("--jobs=") for o in self.options):
            cmd += ["--jobs", str(max(1, default_jobs() // self.parallel))]  # the cores shared between the audits
        if any(o == "--format" or o.startswith("--format=") for o in self.options):
            cmd += ["--format", "json"]  # the overview reads each site's report.json, whatever else is asked for
        started = time.monotonic()
        log = self.out / "logs" / f"{t.folder}.log"
        with log.open("w", encoding="utf-8") as fh:
            # its own process group: Ctrl-C in the terminal reaches the batch, which hands it on
            proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, text=True, start_new_session=True,
                                    env=self.env)
            with self.lock:
                self.procs[id(t)] = proc
                if self.stopping.is_set():  # Ctrl-C came while it started: it stops too
                    proc.send_signal(signal.SIGINT)
            code = proc.wait()
            with self.lock:
                self.procs.pop(id(t), None)
        outcome = _outcome(t, folder, code, log.read_text(encoding="utf-8", errors="replace"),
                           time.monotonic() - started)
        with self.lock:
            self.done += 1
            print(f"[{self.done}/{len(self.targets)}] {shown}: {_line(outcome)}", file=sys.stderr, flush=True)
        return outcome


def _outcome(t: Target, folder: Path, code: int, log: str, seconds: float) -> Outcome:
    status = {0: "ok", 1: "gate-failed", 3: "invalid-records", 130: "interrupted"}.get(code, "failed")
    outcome = Outcome(target=strip_credentials(t.target), site_url=strip_credentials(t.site_url) if t.site_url
                      else None, folder=folder.name,
                      exit_code=code if code in EXIT_RANK else 2, status=status, seconds=round(seconds, 1))
    if status == "failed":
        errors = [line for line in log.splitlines() if "error:" in line]
        last = errors[-1] if errors else next((line for line in reversed(log.splitlines()) if line.strip()), "")
        outcome.reason = strip_credentials_in_text(last.split("error:", 1)[-1].strip())[:300] or \
            f"the audit exited with code {code}"
    report = folder / "report.json"
    if report.is_file() and status != "failed":  # a failed run's report (an unreachable site) scores nothing
        try:
            data = json.loads(report.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        run = data.get("run") or {}
        outcome.site, outcome.pages = run.get("site"), run.get("pages")
        outcome.score = (data.get("scores") or {}).get("overall")
        outcome.counts = dict((data.get("counts") or {}).get("severity") or {})
        changes = data.get("changes")
        if changes and data.get("score_changes") is not None:
            outcome.new = (changes.get("new") or {}).get("count")
    site = folder / "site.json"
    if site.is_file() and status != "failed":
        try:
            content = json.loads(site.read_text(encoding="utf-8"))
            outcome.services, outcome.conditions = len(content.get("services", [])), len(content.get("conditions", []))
        except (OSError, ValueError):
            pass
    if (folder / "report.html").is_file():
        outcome.report = f"{folder.name}/report.html"
    return outcome


def _line(o: Outcome) -> str:
    if o.status == "failed":
        return f"failed: {o.reason}"
    if o.status == "interrupted" and o.score is None:
        return o.reason or "interrupted"
    counts = o.counts or {}
    score = f"score {o.score:.1f}" if o.score is not None else "no score"
    return (f"{o.status} · {score} · {counts.get('error', 0)} errors · {counts.get('warning', 0)} warnings"
            + (f" · {o.new} new" if o.new is not None else "") + f" ({o.seconds:.0f} s)")


def worst(codes: list[int]) -> int:
    return max(codes, key=lambda c: EXIT_RANK.get(c, 3)) if codes else 0


def write_index(out: Path, outcomes: list[Outcome], started: str, options: list[str]) -> Path:
    """DIR/batch.json and DIR/index.html: one row a site."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    record = {"started": started, "finished": datetime.now(timezone.utc).isoformat(timespec="seconds"),
              "exit_code": worst([o.exit_code for o in outcomes]),
              "options": [strip_credentials_in_text(o) for o in _redact(options)],
              "sites": [asdict(o) for o in outcomes]}
    (out / "batch.json").write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    env = Environment(loader=PackageLoader("clinicaudit", "templates"),
                      autoescape=select_autoescape(["html", "j2"], default_for_string=True, default=True))
    env.globals["band"] = lambda score: score_band(score)[0]
    html = env.get_template("batch.html.j2").render(batch=record, sites=outcomes)
    path = out / "index.html"
    path.write_text(html, encoding="utf-8")
    return path


_SECRET_OPTIONS = ("--auth", "--header", "--cookie")


def _redact(options: list[str]) -> list[str]:
    """The options as batch.json records them: the values of --auth, --header and --cookie are never written."""
    out, hide = [], False
    for token in options:
        if hide:
            out.append("***")
            hide = False
        elif token in _SECRET_OPTIONS:
            out.append(token)
            hide = True
        elif any(token.startswith(f"{o}=") for o in _SECRET_OPTIONS):
            out.append(token.split("=", 1)[0] + "=***")
        else:
            out.append(token)
    return out


def main(sites_file: Path, out: Path, parallel: int, argv: list[str]) -> int:
    targets = read_sites(sites_file)
    out.mkdir(parents=True, exist_ok=True)
    options, env = redis_password_to_env(forwarded_options(argv))
    started = datetime.now(timezone.utc).isoformat(timespec="seconds")
    print(f"batch: {len(targets)} sites, {max(1, parallel)} at a time → {out}", file=sys.stderr)
    outcomes = Batch(targets, out, options, parallel, env).run()
    index = write_index(out, outcomes, started, options)
    failed = sum(1 for o in outcomes if o.status == "failed")
    print(f"batch: {len(outcomes) - failed} of {len(outcomes)} sites audited"
          + (f", {failed} failed" if failed else "") + f" → {index}", file=sys.stderr)
    return worst([o.exit_code for o in outcomes])


def redis_password_to_env(options: list[str]) -> tuple[list[str], dict[str, str]]:
    """--redis URL as each audit gets it: without its password, which goes in $CLINICAUDIT_REDIS_PASSWORD (a command
    line is visible to every user of the machine)."""
    from clinicaudit.distributed import PASSWORD_ENV, RedisTarget

    out, env = list(options), {}
    for i, token in enumerate(out):
        if token == "--redis" and i + 1 < len(out):
            index, value = i + 1, out[i + 1]
        elif token.startswith("--redis="):
            index, value = i, token.split("=", 1)[1]
        else:
            continue
        target = RedisTarget.parse(value)  # BatchError-free: cmd_batch checked it
        password = urlsplit(target.url).password
        if password:
            env[PASSWORD_ENV] = unquote(password)
        out[index] = target.without_password if index == i + 1 else f"--redis={target.without_password}"
    return out, env


def default_parallel() -> int:
    """Sites audited at once: one per two cores (each audit has its crawl and its readers), at least one."""
    return max(1, default_jobs() // 2)
