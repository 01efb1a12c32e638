"""Access to a site that is not public: basic auth, extra headers and cookies, sent to the audited origin only.

`--auth user:pass` (or `CLINICAUDIT_AUTH`), `--header "Name: value"` and `--cookie "name=value"` become one
`Access`. It travels to the crawl as a setting of its own (`CLINICAUDIT_ACCESS`), never inside the configuration, so
it is written to no file: not run.json, not the job folder that `--resume` reads, not the history. A resumed run
needs them again (docs/cli.md, "Sites behind a password").
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from typing import Any

from scrapy import Request, Spider

from clinicaudit.urls import origin_of

ENV_AUTH = "CLINICAUDIT_AUTH"
# Headers the crawl sets itself, or that would change what is fetched rather than who asks.
_RESERVED = frozenset({"host", "content-length", "transfer-encoding", "connection", "cookie", "accept-encoding",
                       "range"})
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")  # RFC 9110 field-name (fullmatch)


class AccessError(ValueError):
    """An --auth, --header or --cookie value that cannot be used; the message says which and why."""


@dataclass
class Access:
    auth: tuple[str, str] | None = None
    headers: list[tuple[str, str]] = field(default_factory=list)
    cookies: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def parse(cls, auth: str | None, headers: list[str] | None, cookies: list[str] | None) -> Access:
        access = cls()
        if auth:
            user, sep, password = auth.partition(":")
            if not sep or not user:
                raise AccessError("--auth (or $CLINICAUDIT_AUTH) must be USER:PASSWORD")
            access.auth = (user, password)
        for spec in headers or []:
            name, sep, value = spec.partition(":")
            name, value = name.strip(), value.strip()
            if not sep or not _TOKEN.fullmatch(name):
                raise AccessError(f"--header {name or spec!r}: expected \"Name: value\"")
            if name.lower() in _RESERVED:
                hint = " (use --cookie)" if name.lower() == "cookie" else ""
                raise AccessError(f"--header {name}: the crawl sets this header itself{hint}")
            if any(c in value for c in "\r\n\0"):
                raise AccessError(f"--header {name}: the value holds a line break")
            access.headers.append((name, value))
        for spec in cookies or []:
            for part in spec.split(";"):
                if not part.strip():
                    continue
                name, sep, value = part.strip().partition("=")
                if not sep or not _TOKEN.fullmatch(name.strip()) or any(c in value for c in "\r\n\0"):
                    raise AccessError(f"--cookie {name.strip() or part.strip()!r}: expected name=value")
                access.cookies.append((name.strip(), value.strip()))
        return access

    def __bool__(self) -> bool:
        return bool(self.auth or self.headers or self.cookies)

    def as_setting(self) -> dict[str, Any]:
        return {"auth": list(self.auth) if self.auth else None, "headers": [list(h) for h in self.headers],
                "cookies": [list(c) for c in self.cookies]}

    @classmethod
    def from_setting(cls, value: dict[str, Any] | None) -> Access:
        value = value or {}
        auth = value.get("auth")
        return cls(auth=tuple(auth) if auth else None, headers=[tuple(h) for h in value.get("headers") or []],
                   cookies=[tuple(c) for c in value.get("cookies") or []])

    def _basic(self) -> str:
        assert self.auth is not None
        return base64.b64encode(f"{self.auth[0]}:{self.auth[1]}".encode("utf-8")).decode("ascii")

    def strip(self, request: Request) -> None:
        for name in ["Authorization", "Cookie", *(n for n, _ in self.headers)]:
            if name.encode("latin-1") in request.headers:
                del request.headers[name.encode("latin-1")]

    def apply(self, request: Request) -> None:
        if self.auth:
            request.headers[b"Authorization"] = b"Basic " + self._basic().encode("ascii")
        for name, value in self.headers:
            request.headers[name.encode("latin-1")] = value.encode("utf-8")
        if self.cookies:
            request.headers[b"Cookie"] = "; ".join(f"{n}={v}" for n, v in self.cookies).encode("utf-8")


class AccessMiddleware:
    """Adds the run's credentials to requests on the audited origin (scheme, host and port), and to no other: not
    to an `--extra-host`, not to another port. It runs after OriginMiddleware, which drops every request off the
    site; it checks the origin again itself, so that a change of order can never send a password elsewhere."""

    def __init__(self, access: Access, crawler: Any = None) -> None:
        self.access, self.crawler = access, crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> AccessMiddleware:
        return cls(Access.from_setting(crawler.settings.getdict("CLINICAUDIT_ACCESS")), crawler)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        if not self.access:
            return
        spider = spider or getattr(self.crawler, "spider", None)  # Scrapy 2.13+ passes none
        scope = getattr(spider, "scope", None)
        try:
            on_origin = scope is not None and origin_of(request.url) == scope.origin
        except ValueError:
            on_origin = False
        if on_origin:
            self.access.apply(request)
        else:  # a request Scrapy made from one of ours (a redirect copies every header): none of them goes along
            self.access.strip(request)
