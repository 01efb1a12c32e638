"""Rendering script-built pages in headless Chromium (scrapy-playwright), and deciding which pages need it.

`--render none` reads every page as the server sends it; `--render js` renders every HTML page; `--render auto`
(the default for URL targets) renders only the pages whose raw HTML looks script-built (`looks_script_built`).
A page is always fetched raw first, by Scrapy, under every crawl rule (origin, robots.txt, limits); a page to
render is then fetched again by Chromium, and its record keeps what the raw HTML lacked (`compare`).

In the browser (`prepare_page`): requests to other origins than the site's and than the hosts of the page's own
scripts, stylesheets and images (in its raw HTML) are blocked and counted; `window.open` does nothing (counted);
downloads are refused; dialogs are dismissed. Rendering waits for the network to be idle, up to the render
timeout; a page that never settles keeps its raw record with a `render-timeout` error.

docs/rendering.md is the user's description; the thresholds below are documented there.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import shutil
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

import lxml.etree

from clinicaudit.page import collapse
from clinicaudit.urls import origin_of

if TYPE_CHECKING:
    from clinicaudit.page import Page
    from clinicaudit.urls import Scope

logger = logging.getLogger(__name__)

MODES = ("none", "js", "auto")
DEFAULT_TIMEOUT = 15.0  # seconds a page may take to settle
# Chromium's own background traffic (updates, sync, safe browsing) off; the sandbox needs user namespaces that
# containers and root often lack, so it is off too: the pages are sites the user audits, on the user's behalf.
CHROMIUM_ARGS = ("--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                 "--disable-default-apps", "--mute-audio", "--no-default-browser-check", "--disable-extensions",
                 "--disable-software-rasterizer", "--disable-gpu-compositing")  # the last two: a smaller GPU process
# Playwright's driver (Node.js) relays every request of every page; left to itself its heap grows with the pages
# rendered (garbage Node has no reason to collect: 130 -> 180 MB over 170 pages). Capped, it stays near 140 MB.
DRIVER_NODE_OPTIONS = "--max-old-space-size=128"
MAX_BLOCKED_HOSTS = 20

# -- which pages look script-built --------------------------------------------------------------------------------

# Empty mount points of client-side frameworks and builders (React/Vue/Angular/Svelte/Next/Nuxt/Gatsby/Wix).
MOUNT_IDS = ("app", "root", "__next", "___gatsby", "__nuxt", "svelte", "q-app", "SITE_CONTAINER", "main-app",
             "react-root", "vue-app")
MOUNT_TAGS = ("app-root",)  # Angular's default root component
NEAR_EMPTY_WORDS = 25  # a body with fewer words than this, and a script bundle, is an app shell
THIN_PAGE_WORDS = 100  # a <noscript> asking for JavaScript counts anywhere on a page with fewer words than this
_SCRIPT_SRC = lxml.etree.XPath("//script[@src]")
_INLINE_SCRIPTS = lxml.etree.XPath("//script[not(@src)]")
# Mount points are found in the HTML text first (a regex in C is far cheaper than a walk of the tree, and this runs
# on every page in the crawl's process); a hit is then checked in the tree: no child element, no text.
_MOUNT_TEXT = re.compile(r"id\s*=\s*[\"']?(?:" + "|".join(re.escape(i) for i in MOUNT_IDS) + r")[\"'\s>]")
_EMPTY_MOUNT = lxml.etree.XPath(
    "boolean(//body//*[" + " or ".join(f"@id='{i}'" for i in MOUNT_IDS) + "][not(*)][not(normalize-space())]"
    " | //body//app-root[not(*)][not(normalize-space())])")
# WAI-ARIA's aria-busy="true": the region's content is still being loaded (a theme's lazy section, a widget)
_BUSY = lxml.etree.XPath("boolean(//body//*[translate(normalize-space(@aria-busy), 'TRUE', 'true')='true'])")
_NOSCRIPT = lxml.etree.XPath("//body//noscript")
_EXECUTABLE_TYPES = ("", "text/javascript", "application/javascript", "module", "text/ecmascript")
# What an inline script writes into the page: a JSON-LD block, or a heading.
_WRITES_CONTENT = re.compile(
    r"ld\+json|createElement\(\s*['\"`]h[1-6]['\"`]|(?:innerHTML|outerHTML|insertAdjacentHTML)[^;]{0,40}<h[1-6]"
    r"|document\.write(?:ln)?\s*\([^;]{0,80}<h[1-6]", re.IGNORECASE)


def looks_script_built(page: Page) -> str | None:
    """Why the raw page looks built by its scripts, or None: `empty-body` (fewer than NEAR_EMPTY_WORDS words and
    a script bundle), `app-shell` (an empty mount point of a client-side framework), `busy-region` (an element
    marked aria-busy="true": its content is still being loaded), `noscript-javascript` (a
    `<noscript>` that tells the visitor to turn JavaScript on: a child of `<body>`, or anywhere on a page of fewer
    than THIN_PAGE_WORDS words), `script-writes-content` (an inline script that
    writes JSON-LD or a heading)."""
    root = page.root
    scripts = _SCRIPT_SRC(root)
    words = _count_words(page.body, THIN_PAGE_WORDS)
    if scripts and words < NEAR_EMPTY_WORDS:
        return "empty-body"
    if ("<app-root" in page.html or _MOUNT_TEXT.search(page.html)) and _EMPTY_MOUNT(root):
        return "app-shell"
    if "aria-busy" in page.html and _BUSY(root):
        return "busy-region"
    for el in _NOSCRIPT(root):
        # a page-wide notice (a child of <body>, or on a thin page), not a form's "enable JavaScript to send this"
        if "javascript" in collapse(el.text_content()).lower() and (
                el.getparent() is page.body or words < THIN_PAGE_WORDS):
            return "noscript-javascript"
    for el in _INLINE_SCRIPTS(root):
        kind = (el.get("type") or "").split(";")[0].strip().lower()
        text = el.text
        if kind in _EXECUTABLE_TYPES and text and ("ld+json" in text or (
                ("<h" in text or "<H" in text or "createElement" in text) and _WRITES_CONTENT.search(text))):
            return "script-writes-content"
    return None


_SILENT = frozenset({"script", "style", "template", "noscript", "svg", "math", "iframe", "object"})


def _count_words(body: Any, limit: int) -> int:
    """The words of visible text in `body`, counted up to `limit` (a full page stops early: this runs in the
    crawl's process on every page)."""
    count = 0
    for el in body.iter():
        if isinstance(el.tag, str) and el.tag not in _SILENT and el.text:
            count += len(el.text.split())
        if el is not body and el.tail:
            count += len(el.tail.split())
        if count >= limit:
            return limit
    return count


def origin_key(url: str) -> tuple[str, str, int] | None:
    """`urls.origin_of` (scheme, host without `www.`, port), or None for a URL that is not http(s)."""
    try:
        return origin_of(url)
    except ValueError:
        return None


def site_origins(scope: Scope) -> list[tuple[str, str, int]]:
    """The origins of the audited site: the crawl's and the extra hosts' (`www.` and bare alike)."""
    scheme, host, port = scope.origin
    return sorted({(scheme, h, port) for h in (host, *scope.extra_hosts)})


def allowed_origins(page: Page, scope: Scope) -> list[tuple[str, str, int]]:
    """The origins Chromium may fetch from for this page: the site's (`site_origins`), and the origins of the
    scripts, stylesheets and images its raw HTML names."""
    allowed = set(site_origins(scope))
    srcs = page.root.xpath("//script/@src | //img/@src | //link[contains(concat(' ', translate(@rel,"
                           " 'STYLEHS', 'stylehs'), ' '), ' stylesheet ')]/@href")
    for src in srcs:
        try:
            origin = origin_key(urljoin(page.base_url, src.strip()))
        except ValueError:
            continue
        if origin:
            allowed.add(origin)
    return sorted(allowed)


# -- what only the rendered page has -----------------------------------------------------------------------------

_STRUCTURED = lxml.etree.XPath(
    "count(//script[contains(translate(@type, 'LDJSON', 'ldjson'), 'ld+json')] | //*[@itemscope] | //*[@typeof])")


def facts(html: dict[str, Any], page: Page) -> dict[str, Any]:
    """What `compare` looks at, from a page record's `html` part (clinicaudit.record.html_record: its title,
    first h1, canonical, meta robots, word count) and the page (its structured data items)."""
    h1 = next((h["text"] for h in html["headings"] if h["level"] == 1), None)
    return {"title": html["title"] or None, "h1": h1 or None, "canonical": html["canonical"],
            "meta-robots": html["meta_robots"], "words": html["word_count"],
            "structured-data": int(_STRUCTURED(page.root))}


def raw_facts(page: Page) -> dict[str, Any]:
    """`facts` of the raw page, read with the record's definitions but without building its whole record."""
    from clinicaudit.record import canonical, headings, meta_content, title, word_count

    return facts({"title": title(page), "headings": headings(page), "canonical": canonical(page),
                  "meta_robots": meta_content(page, "robots"), "word_count": word_count(page)}, page)


MAIN_TEXT_SHARE = 0.5  # main text is rendered-only when the raw HTML has less than half the rendered words...
MAIN_TEXT_WORDS = 50  # ... and at least this many more are added by scripts


def compare(raw: dict[str, Any], rendered: dict[str, Any]) -> list[str]:
    """What exists only after rendering: each of title, h1, canonical, meta-robots that the rendered page has and
    the raw HTML lacks or states otherwise; `main-text` when scripts write most of the text; `structured-data`
    when scripts add items (JSON-LD blocks, microdata or RDFa items)."""
    out = [key for key in ("title", "h1", "canonical", "meta-robots")
           if rendered[key] is not None and rendered[key] != raw[key]]
    added = rendered["words"] - raw["words"]
    if added >= MAIN_TEXT_WORDS and raw["words"] < MAIN_TEXT_SHARE * rendered["words"]:
        out.append("main-text")
    if rendered["structured-data"] > raw["structured-data"]:
        out.append("structured-data")
    return out


# -- the browser ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RenderSetup:
    """The run's rendering: its mode, the Chromium found (None: none found), the timeout and the page cap."""

    mode: str = "none"
    chromium: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    concurrency: int = 4

    @property
    def available(self) -> bool:
        return self.mode != "none" and self.chromium is not None


class RenderError(ValueError):
    """A rendering option that cannot be used; the message says what to do."""


def default_concurrency() -> int:
    """Pages rendered at once: two a core (4 on 2 cores), at most 8."""
    return max(2, min(8, 2 * (os.cpu_count() or 2)))


def find_chromium(path: str | None = None) -> str | None:
    """The Chromium to run: `path` when given (RenderError when it is not an executable file), else the system's
    `chromium` (Debian) or `chromium-browser` on PATH. Never a downloaded browser."""
    if path:
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return os.path.abspath(path)
        found = shutil.which(path)
        if found:
            return found
        raise RenderError(f"--chromium {path}: no such executable")
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def setup(config: dict[str, Any]) -> RenderSetup:
    """The run's rendering from its configuration's [render] section (docs/configuration.md)."""
    section = config.get("render", {})
    mode = section.get("mode", "none")
    if mode not in MODES:
        raise RenderError(f"render mode {mode!r}: expected one of {', '.join(MODES)}")
    chromium = find_chromium(section.get("chromium")) if mode != "none" else None
    if mode == "js" and chromium is None:
        raise RenderError("--render js needs Chromium: install Debian's chromium (apt-get install chromium) or pass "
                          "--chromium PATH")
    timeout = float(section.get("timeout", DEFAULT_TIMEOUT))
    if not 0 < timeout <= 600:
        raise RenderError(f"--render-timeout {timeout:g}: give the seconds a page may take to settle, more than 0 "
                          "and at most 600")
    return RenderSetup(mode=mode, chromium=chromium, timeout=timeout,
                       concurrency=int(section.get("concurrency") or default_concurrency()))


def scrapy_settings(render: RenderSetup) -> dict[str, Any]:
    """The Scrapy settings that route rendered requests (meta `playwright`) through Chromium; {} without it."""
    if not render.available:
        return {}
    handler = "clinicaudit.render.RenderHandler"
    return {
        "DOWNLOAD_HANDLERS": {"http": handler, "https": handler},
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        # Chromium's pop-up blocker on (Playwright turns it off by default): a script's window.open or a link's
        # target=_blank opened without a user's click is blocked before it loads anything
        "PLAYWRIGHT_LAUNCH_OPTIONS": {"executable_path": render.chromium, "headless": True,
                                      "args": list(CHROMIUM_ARGS), "chromium_sandbox": False,
                                      "ignore_default_args": ["--disable-popup-blocking"]},
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": render.concurrency,
        "PLAYWRIGHT_MAX_CONTEXTS": 1,
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": render.timeout * 1000,
        "PLAYWRIGHT_RESTART_DISCONNECTED_BROWSER": True,
        "PLAYWRIGHT_PROCESS_REQUEST_HEADERS": "clinicaudit.render.process_headers",
    }


CONTEXT_KWARGS = {"accept_downloads": False, "service_workers": "block", "java_script_enabled": True,
                  "bypass_csp": False, "ignore_https_errors": False, "viewport": {"width": 1280, "height": 900}}
# window.open does nothing and is counted; the count is read back once the page has settled.
_NO_POPUPS = ("(() => { let n = 0; const open = () => { n += 1; return null; };"
              " Object.defineProperty(window, 'open', {value: open, writable: false, configurable: false});"
              " Object.defineProperty(window, '__clinicauditPopups', {get: () => n}); })();")
POPUP_COUNT = "() => window.__clinicauditPopups || 0"


def request_meta(reason: str, site: list[tuple[str, str, int]], allowed: list[tuple[str, str, int]],
                 timeout: float) -> dict[str, Any]:
    """The meta of a rendering request (picklable: the job folder's queue may hold it)."""
    from scrapy_playwright.page import PageMethod

    return {
        "playwright": True,
        "playwright_context_kwargs": dict(CONTEXT_KWARGS),
        "playwright_page_init_callback": "clinicaudit.render.prepare_page",
        "playwright_page_goto_kwargs": {"wait_until": "networkidle", "timeout": timeout * 1000},
        "playwright_page_methods": [PageMethod("evaluate", POPUP_COUNT)],
        "clinicaudit_render": {"reason": reason, "site": site, "allowed": allowed, "blocked_requests": 0,
                               "blocked_hosts": [], "popups": 0, "prepared": False},
    }


async def prepare_page(page: Any, request: Any) -> None:
    """Before Chromium loads the page: block other origins (counted in the request's meta), keep the page on the
    site, neuter window.open, block every request of a window that opens anyway and close it, dismiss dialogs.
    `prepared` tells the spider this ran to its end (scrapy-playwright only logs a failure here): a page rendered
    without these guards is not used."""
    info = request.meta["clinicaudit_render"]
    info.update(blocked_requests=0, blocked_hosts=[], popups=0, prepared=False)  # a retry starts afresh
    site, allowed = frozenset(info["site"]), frozenset(info["allowed"])

    def count(url: str) -> None:
        info["blocked_requests"] += 1
        host = urlsplit(url).hostname or url[:40]
        if host not in info["blocked_hosts"] and len(info["blocked_hosts"]) < MAX_BLOCKED_HOSTS:
            info["blocked_hosts"].append(host)

    async def route(route: Any, preq: Any) -> None:
        origin = origin_key(preq.url)
        main = preq.is_navigation_request() and preq.frame == page.main_frame
        if origin in (site if main else allowed):  # the page itself may only be the site's
            await route.fallback()
            return
        count(preq.url)
        if main:
            # a script sending the page elsewhere: a 204 answer cancels the navigation and the page stays (an
            # aborted one would leave Chromium's error page in its place)
            await route.fulfill(status=204, body="")
            return
        await route.abort("blockedbyclient")

    def popup(window: Any) -> None:
        info["popups"] += 1
        asyncio.ensure_future(window.close())

    context = page.context
    if not getattr(context, "_clinicaudit_guarded", False):
        # a window opened by a link's target=_blank is not seen by the page's routes: the context's route blocks
        # every request that no page route took (scrapy-playwright's own route continues each of ours)
        async def refuse(route: Any, preq: Any) -> None:
            await route.abort("blockedbyclient")

        await context.route("**/*", refuse)
        context._clinicaudit_guarded = True
    await page.route("**/*", route)  # registered after scrapy-playwright's own route, so it runs first
    await page.add_init_script(_NO_POPUPS)
    page.on("dialog", lambda dialog: asyncio.ensure_future(dialog.dismiss()))
    page.on("popup", popup)
    info["prepared"] = True


CREDENTIAL_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})


async def process_headers(*, browser_type_name: str, playwright_request: Any,
                          scrapy_request_data: dict[str, Any]) -> dict[str, str]:
    """The headers of each request Chromium sends (PLAYWRIGHT_PROCESS_REQUEST_HEADERS). The page's own navigation
    carries the Scrapy request's headers (User-Agent, and the credentials of --auth/--header/--cookie); any other
    request to the page's origin carries the browser's headers plus those credentials; a request to any other host
    carries the browser's headers and the User-Agent only: credentials go to the audited origin and to no other."""
    scrapy_headers = {k.lower(): v for k, v in scrapy_request_data["headers"].to_unicode_dict().items()}
    browser = await playwright_request.all_headers()
    if "user-agent" in scrapy_headers:
        browser["user-agent"] = scrapy_headers["user-agent"]
    if origin_key(playwright_request.url) != origin_key(scrapy_request_data["url"]):
        return browser
    if playwright_request.is_navigation_request() and playwright_request.frame.parent_frame is None:
        return {**browser, **scrapy_headers}
    # the page's own scripts, styles, images and API calls: the browser's headers, with the credentials
    extra = {k: v for k, v in scrapy_headers.items()
             if k in CREDENTIAL_HEADERS or k not in _BROWSER_HEADERS}
    return {**browser, **extra}


# Headers Scrapy sets that describe its own request: the browser's own are right for a script's or a style's.
_BROWSER_HEADERS = frozenset({"accept", "accept-language", "accept-encoding", "user-agent", "referer", "host",
                              "content-type", "content-length", "cache-control", "pragma"})


try:
    from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler
except ImportError:  # pragma: no cover - scrapy-playwright is a dependency; this keeps `--render none` importable
    ScrapyPlaywrightDownloadHandler = object  # type: ignore[misc,assignment]


class RenderHandler(ScrapyPlaywrightDownloadHandler):  # type: ignore[misc,valid-type]
    """scrapy-playwright's handler, started on the first page to render instead of when the crawl starts: with
    `--render auto` a static site never starts Playwright's driver nor the browser."""

    async def _maybe_launch_in_thread(self) -> None:  # connected to engine_started: nothing to do yet
        return None

    def _engine_started(self) -> Any:  # the same hook in Scrapy versions before the async API
        from twisted.internet.defer import succeed

        return succeed(None)

    async def _download_request(self, request: Any, spider: Any = None) -> Any:
        if not getattr(self, "_clinicaudit_started", False):
            lock = self.__dict__.setdefault("_clinicaudit_lock", asyncio.Lock())
            async with lock:
                if not getattr(self, "_clinicaudit_started", False):
                    os.environ.setdefault("NODE_OPTIONS", DRIVER_NODE_OPTIONS)  # the driver inherits it
                    await self._launch()
                    self._clinicaudit_started = True
        flying = self.__dict__.setdefault("_clinicaudit_flying", {})
        flying[id(request)] = request
        try:
            return await super()._download_request(request, spider)
        finally:
            flying.pop(id(request), None)

    async def _browser_disconnected_callback(self) -> None:
        """The browser went away (crashed, killed) while the crawl runs: say so with the pages it was rendering,
        mark them, and let scrapy-playwright start a new browser, which renders them again."""
        if not getattr(self, "_clinicaudit_closing", False):
            from clinicaudit.urls import strip_credentials

            flying = list(self.__dict__.get("_clinicaudit_flying", {}).values())
            urls = sorted({strip_credentials(r.url) for r in flying})
            logger.warning("the browser stopped while rendering %s; a new one renders %s again",
                           ", ".join(urls) or "no page", "them" if len(urls) > 1 else "it" if urls else "the next")
            self.stats.inc_value("clinicaudit/browser_crashes")
            for request in flying:
                info = request.meta.get("clinicaudit_render")
                if info is not None:
                    info["browser_crashed"] = True
        await super()._browser_disconnected_callback()

    async def _close(self) -> None:
        self._clinicaudit_closing = True
        await super()._close()


def error_kind(failure_type: str, message: str) -> str:
    """`render-timeout`, `render-crashed` or `render-failed` for a rendering request's failure."""
    if failure_type == "TimeoutError" or "Timeout " in message and "exceeded" in message:
        return "render-timeout"
    lowered = message.lower()
    if "crash" in lowered or "has been closed" in lowered or "disconnected" in lowered or failure_type == \
            "TargetClosedError":
        return "render-crashed"
    return "render-failed"
