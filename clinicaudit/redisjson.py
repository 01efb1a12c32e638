"""The serializer of requests in Redis (scrapy-redis's SCHEDULER_SERIALIZER: a module with `loads` and `dumps`).

scrapy-redis pickles requests by default; unpickling what a shared Redis holds would run whatever code anyone who
can write to it put there. Requests are stored as JSON instead (bytes as latin-1 text under a marker), and what is
read back is checked: a plain `Request`, a callback and errback among the spider's own, plain data in `meta`.
"""

from __future__ import annotations

import json
from typing import Any

# The spider's methods a queued request may name (clinicaudit.spiders.site.SiteSpider).
CALLBACKS = frozenset({"parse", "parse_robots", "parse_sitemap", None})
ERRBACKS = frozenset({"on_error", None})
_BYTES = "__bytes__"


class UntrustedRequest(ValueError):
    """A queued request that is not one this tool wrote."""


def _encode(value: Any) -> Any:
    if isinstance(value, bytes):
        return {_BYTES: value.decode("latin-1")}
    if isinstance(value, dict):
        return {str(_encode_key(k)): _encode(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    return value


def _encode_key(key: Any) -> str:
    return key.decode("latin-1") if isinstance(key, bytes) else str(key)


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {_BYTES}:
            return str(value[_BYTES]).encode("latin-1")
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def dumps(obj: dict[str, Any]) -> str:
    return json.dumps(_encode(obj), separators=(",", ":"), sort_keys=True)


# The meta keys the spider queues, with their types; any other key (`proxy`, `download_slot`, Playwright's, …) is
# dropped, and a key of the wrong type refuses the request.
_STR, _OPT_STR, _BOOL, _INT = (str,), (str, type(None)), (bool,), (int,)
META = {"depth": _INT, "referrer": _OPT_STR, "via": _STR, "chain": (list,), "dont_redirect": _BOOL,
        "handle_httpstatus_all": _BOOL, "is_start": _BOOL, "requested_url": _STR, "clinicaudit_claim": _STR,
        "clinicaudit_budget": _BOOL, "dont_obey_robotstxt": _BOOL}


def loads(data: str | bytes) -> dict[str, Any]:
    """A request dict for `request_from_dict`, from what the queue held: only what this tool queues, checked."""
    try:
        obj = _decode(json.loads(data))
    except ValueError as exc:
        raise UntrustedRequest(f"not JSON: {exc}") from exc
    if not isinstance(obj, dict) or not isinstance(obj.get("url"), str):
        raise UntrustedRequest("not a request")
    if obj.get("callback") not in CALLBACKS or obj.get("errback") not in ERRBACKS:
        raise UntrustedRequest(f"a callback the spider does not offer: {obj.get('callback')!r}")
    if obj.get("method") not in ("GET", "HEAD"):
        raise UntrustedRequest(f"method {obj.get('method')!r}")
    meta = obj.get("meta") or {}
    if not isinstance(meta, dict):
        raise UntrustedRequest("meta is not an object")
    clean = {}
    for key, types in META.items():
        if key in meta:
            if not isinstance(meta[key], types) or (types is _INT and isinstance(meta[key], bool)):
                raise UntrustedRequest(f"meta {key!r} of type {type(meta[key]).__name__}")
            clean[key] = meta[key]
    for hop in clean.get("chain", []):
        if not (isinstance(hop, dict) and isinstance(hop.get("url"), str) and isinstance(hop.get("status"), int)):
            raise UntrustedRequest("meta 'chain' is not a list of redirects")
    if clean.get("dont_obey_robotstxt") and not obj["url"].endswith("/robots.txt"):
        clean.pop("dont_obey_robotstxt")  # only robots.txt itself is fetched without asking it
    priority = obj.get("priority", 0)
    # Scrapy would import the class `_class` names; headers, cookies, body and callback arguments are the spider's
    # to set, and it sets none: only plain GET/HEAD Requests with the checked meta are rebuilt
    return {"url": obj["url"], "method": obj["method"], "callback": obj.get("callback"),
            "errback": obj.get("errback"), "meta": clean, "dont_filter": True, "encoding": "utf-8",
            "priority": priority if isinstance(priority, int) and not isinstance(priority, bool) else 0}
