"""URL normalisation, credential stripping and the crawl's scope (which URLs are the same site)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from urllib.parse import SplitResult, urlsplit, urlunsplit

from w3lib.url import canonicalize_url, safe_url_string

DEFAULT_PORTS = {"http": 80, "https": 443}
CRAWLABLE_SCHEMES = frozenset(DEFAULT_PORTS)


def strip_credentials(url: str) -> str:
    """Drop `user:password@` from a URL, so that it never reaches an output or a log line."""
    try:
        parts = urlsplit(url)
    except ValueError:  # "http://user:pw@[::1/" and the like: not a URL, but it must not leak either
        return strip_credentials_in_text(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


# Already in normal form: lower-case http(s) host, no credentials, no dot segments, only unreserved characters.
_CLEAN = re.compile(r"https?://[a-z0-9.-]+(?::(?!80/|80$|443/|443$)\d+)?(?:/[A-Za-z0-9\-._~/]*)?(?:\?[A-Za-z0-9\-._~=&+,;:@/]*)?")
_DOT_SEGMENT = re.compile(r"/\.\.?(?:/|$|\?)")


_CREDENTIALS_IN_TEXT = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/\s@\"'<>]+@")


def strip_credentials_in_text(text: str) -> str:
    """Every `scheme://user:password@` in free text (a snippet, a log line) without its credentials."""
    return _CREDENTIALS_IN_TEXT.sub(r"\1", text) if "@" in text else text


def normalize_url(url: str) -> str:
    """The form in which a URL is fetched and recorded: no credentials, no fragment, no default port, lower-case
    scheme and host, dot segments resolved, percent-encoding made canonical. Query order is kept (servers may care);
    `url_key` ignores it."""
    url = url.strip()
    base = url.split("#", 1)[0]
    if _CLEAN.fullmatch(base) and not _DOT_SEGMENT.search(base):
        return base if "/" in base[base.index("//") + 2:] else base + "/"
    parts = urlsplit(safe_url_string(strip_credentials(url.strip())))
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    netloc = host if port is None or DEFAULT_PORTS.get(scheme) == port else f"{host}:{port}"
    # canonicalize_url also sorts the query, so it is applied to the path alone.
    path = urlsplit(canonicalize_url(urlunsplit((scheme, netloc, parts.path or "/", "", "")))).path
    return urlunsplit((scheme, netloc, path, parts.query, ""))


def fold_host(host: str) -> str:
    """The www. and bare variants of a host name are one site."""
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def url_key(url: str) -> bytes:
    """A compact identity of a URL made by `normalize_url`, to fetch each page once: the www. and bare hosts are
    one, and so are two orders of the same query parameters."""
    scheme, _, rest = url.partition("://")
    netloc, slash, path = rest.partition("/")
    if "?" in path:
        path, _, query = path.partition("?")
        path = f"{path}?{'&'.join(sorted(query.split('&')))}"
    return hashlib.sha1(f"{scheme}://{fold_host(netloc)}{slash}{path}".encode("utf-8", "surrogatepass")).digest()


def claim_key(url: str) -> bytes:
    """The key under which the crawl claims a URL, whatever its spelling (`normalize_url`, then `url_key`); a URL
    `normalize_url` refuses is keyed as written."""
    try:
        return url_key(normalize_url(url))
    except ValueError:
        return url_key(url)


def origin_of(url: str) -> tuple[str, str, int]:
    """(scheme, folded host, port) of a URL; raises ValueError on a URL without a crawlable origin."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in CRAWLABLE_SCHEMES or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {strip_credentials(url)!r}")
    return scheme, fold_host(parts.hostname), parts.port or DEFAULT_PORTS[scheme]


LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def is_loopback(url: str) -> bool:
    """A URL on this machine (a folder served locally: its port is picked at random)."""
    return (urlsplit(url.strip()).hostname or "") in LOOPBACK_HOSTS


def site_origin(url: str) -> str | None:
    """`scheme://host[:port]/` of an http(s) URL, as `normalize_url` writes it (lower case, no default port), or
    None for anything else."""
    try:
        parts = urlsplit(normalize_url(url))
    except ValueError:
        return None
    if parts.scheme not in CRAWLABLE_SCHEMES or not parts.hostname:
        return None
    return f"{parts.scheme}://{parts.netloc}/"


@dataclass
class Scope:
    """Which URLs belong to the crawled site.

    The crawl origin is scheme + host + port (www. and bare host alike). `site_url` names the production origin
    of a local build or staging host: URLs on it are internal and are fetched from the crawl origin instead.
    `extra_hosts` are further host names crawled as the same site (same scheme and port as the origin).
    """

    start_url: str
    site_url: str | None = None
    extra_hosts: tuple[str, ...] = ()
    _origin: tuple[str, str, int] = field(init=False)
    _site_origin: tuple[str, str, int] | None = field(init=False)
    _memo: dict[str, str | None] = field(init=False, default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.start_url = normalize_url(self.start_url)
        self._origin = origin_of(self.start_url)
        self._site_origin = origin_of(self.site_url) if self.site_url else None
        self.extra_hosts = tuple(fold_host(h) for h in self.extra_hosts)

    @property
    def origin(self) -> tuple[str, str, int]:
        """The crawl origin: (scheme, host, port)."""
        return self._origin

    @property
    def root(self) -> str:
        """The crawl origin's root URL."""
        parts = urlsplit(self.start_url)
        return urlunsplit((parts.scheme, parts.netloc, "/", "", ""))

    @property
    def public_root(self) -> str:
        """The root URL the site is published under (the production origin when one is named)."""
        if self.site_url:
            parts = urlsplit(normalize_url(self.site_url))
            return urlunsplit((parts.scheme, parts.netloc, "/", "", ""))
        return self.root

    def adopt(self, url: str) -> bool:
        """Move the crawl origin to `url` when the start URL redirects to the same site on another scheme or
        www. variant (http://x → https://www.x). Returns whether it did."""
        try:
            scheme, host, port = origin_of(url)
        except ValueError:
            return False
        if host != self._origin[1]:
            return False
        if (scheme, port) != (self._origin[0], self._origin[2]) and not (
            self._origin[0] == "http" and scheme == "https" and port == 443 and self._origin[2] == 80
        ):
            return False
        self.start_url = normalize_url(url)
        self._origin = (scheme, host, port)
        self._memo.clear()
        return True

    def to_fetch(self, url: str) -> str | None:
        """The URL to fetch for `url` if it is part of the site, else None (memoised: menus repeat on every page)."""
        cached = self._memo.get(url, "")
        if cached != "":
            return cached
        if len(self._memo) > 50_000:
            self._memo.clear()
        self._memo[url] = result = self._to_fetch(url)
        return result

    def _to_fetch(self, url: str) -> str | None:
        try:
            scheme, host, port = origin_of(url)
        except ValueError:
            return None
        if (scheme, host, port) == self._origin:
            return url
        if self._site_origin and (scheme, host, port) == self._site_origin:
            return self._rebase(url, self.root)
        if host in self.extra_hosts and (scheme, port) == (self._origin[0], self._origin[2]):
            return url
        return None

    def is_internal(self, url: str) -> bool:
        return self.to_fetch(url) is not None

    def public_url(self, url: str) -> str:
        """The production URL of a fetched URL (itself when no site URL is named)."""
        if not self.site_url:
            return url
        try:
            if origin_of(url) != self._origin:
                return url
        except ValueError:
            return url
        return self._rebase(url, self.public_root)

    @staticmethod
    def _rebase(url: str, root: str) -> str:
        parts, base = urlsplit(url), urlsplit(root)
        return urlunsplit(SplitResult(base.scheme, base.netloc, parts.path or "/", parts.query, ""))


_NUMBER = re.compile(r"\d+")


def url_pattern(url: str) -> str:
    """The shape of a URL: numbers in the path folded to `N`, query values dropped and names sorted
    (`/calendar/2026/11?month=12&sid=ab` → `/calendar/N/N?month&sid`). Endless URL spaces (calendars, session ids,
    faceted filters) repeat one shape."""
    parts = urlsplit(url)
    path = _NUMBER.sub("N", parts.path or "/")
    names = sorted({pair.split("=", 1)[0] for pair in parts.query.split("&") if pair})
    return path + ("?" + "&".join(names) if names else "")
