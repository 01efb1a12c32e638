"""Structured data of a page: JSON-LD, microdata (clinicaudit.microdata, by the WHATWG standard), RDFa and Open Graph
(extruct), on the page's own tree.

JSON-LD is parsed script by script and strictly (extruct's reader retries broken JSON with a lenient parser and
drops every script of the page when one fails), so one broken script costs only its own items and is reported with
its line and column. Microdata, RDFa and Open Graph run only on pages that use them: they cost 5–12 ms a page.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import re
import logging
import sys
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import lxml.etree

from clinicaudit.urls import strip_credentials

if TYPE_CHECKING:
    from clinicaudit.page import Page

logger = logging.getLogger(__name__)

_JSONLD_SCRIPTS = lxml.etree.XPath(
    "//script[translate(normalize-space(substring-before(concat(@type, ';'), ';')),"
    " 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')='application/ld+json']"
)
_HAS_MICRODATA = lxml.etree.XPath("boolean(//*[@itemscope])")
_OG_PREFIXES = ("og:", "fb:", "article:", "profile:", "book:", "music:", "video:", "twitter:")
_HAS_RDFA = lxml.etree.XPath(
    "boolean(//*[@typeof or @vocab] | //*[@property and not(self::meta) and not(starts-with(@property, 'og:'))])"
)
_HAS_OPENGRAPH = lxml.etree.XPath("boolean(//meta[starts-with(@property, 'og:')])")
MAX_JSONLD_DEPTH = 100
# A JSON-LD script longer than this (in characters) is not read (its items would bloat every record of the page);
# real ones are a few kilobytes.
MAX_JSONLD_CHARS = 1024 * 1024


def extract_structured_data(page: Page) -> dict[str, Any]:
    """`{"json-ld": [...], "microdata": [...], "rdfa": [...], "opengraph": [...], "errors": [...]}`."""
    errors: list[dict[str, Any]] = []
    data: dict[str, Any] = {"json-ld": parse_jsonld_scripts(page, errors)}
    root = page.root
    data["microdata"] = _run("microdata", _microdata, page, errors) if _HAS_MICRODATA(root) else []
    data["rdfa"] = _run("rdfa", _rdfa, page, errors) if _HAS_RDFA(root) else []
    data["opengraph"] = _run("opengraph", _opengraph, page, errors) if _HAS_OPENGRAPH(root) else []
    data["errors"] = errors
    return data


def jsonld_scripts(page: Page) -> list[Any]:
    """The page's JSON-LD script elements, in document order (the `index` of errors and item sources)."""
    return _JSONLD_SCRIPTS(page.root)


def parse_jsonld_scripts(page: Page, errors: list[dict[str, Any]]) -> list[Any]:
    """The items of each script that parses strictly; `page.jsonld_sources[i]` is the script of item i."""
    items: list[Any] = []
    sources: list[int] = []
    page.jsonld_sources = sources
    for index, script in enumerate(_JSONLD_SCRIPTS(page.root)):
        text = script.text or ""
        line0 = script.sourceline or 0
        if not text.strip():
            errors.append(_error("json-ld", index, line0, None, "the JSON-LD script is empty"))
            continue
        if len(text) > MAX_JSONLD_CHARS:
            errors.append(_error("json-ld", index, line0, None,
                                 f"the JSON-LD script is {len(text) / 1048576:.1f} MB, more than the "
                                 f"{MAX_JSONLD_CHARS // 1048576} MB clinicaudit reads: its items are not read"))
            continue
        try:
            value = json.loads(text, parse_constant=_reject_constant)
        except json.JSONDecodeError as exc:
            line = line0 + exc.lineno - 1 if exc.doc is text else line0
            errors.append(_error("json-ld", index, line, exc.colno if exc.doc is text else None, _explain(exc, text)))
            continue
        except RecursionError:
            errors.append(_error("json-ld", index, line0, None, "the JSON-LD is nested too deeply to read"))
            continue
        if _depth_exceeds(value, MAX_JSONLD_DEPTH):
            errors.append(_error("json-ld", index, line0, None,
                                 f"the JSON-LD is nested more than {MAX_JSONLD_DEPTH} levels deep"))
            continue
        added = value if isinstance(value, list) else [value]
        added = [schema_keywords(item) for item in added]
        items.extend(added)
        sources.extend([index] * len(added))
    return items


SCHEMA_CONTEXT = re.compile(r"^(?:https?:)?(?://)?(?:www\.)?schema\.org(?:/|$)", re.I)
# schema.org's own context (https://schema.org/docs/jsonldcontext.jsonld) opens with "type": "@type", "id": "@id"
_SCHEMA_ALIASES = {"type": "@type", "id": "@id"}


def schema_keywords(value: Any, aliases: frozenset = frozenset(), depth: int = 0) -> Any:
    """JSON-LD with schema.org's keyword aliases read as the keywords they stand for: under a schema.org `@context`,
    `"type": "Audiobook"` is `"@type": "Audiobook"` and `"id"` is `"@id"` (schema.org's own examples write them so).
    A context of the node's own that defines `type` or `id` otherwise, or `null`, takes the alias away."""
    if depth > MAX_JSONLD_DEPTH:
        return value
    if isinstance(value, list):
        return [schema_keywords(v, aliases, depth + 1) for v in value]
    if not isinstance(value, dict):
        return value
    if "@context" in value:
        context = value["@context"]
        for part in context if isinstance(context, list) else [context]:
            if part is None:
                aliases = frozenset()
            elif isinstance(part, str):
                aliases = frozenset(_SCHEMA_ALIASES) if SCHEMA_CONTEXT.match(part.strip()) else aliases
            elif isinstance(part, dict):
                aliases = aliases - set(part)
    out = {}
    for key, v in value.items():
        if key in aliases and _SCHEMA_ALIASES[key] not in value:
            key = _SCHEMA_ALIASES[key]
        out[key] = v if key.startswith("@") and key != "@graph" else schema_keywords(v, aliases, depth + 1)
    return out


def _reject_constant(name: str) -> Any:
    """JSON has no NaN or Infinity (Python's reader accepts them)."""
    raise json.JSONDecodeError(f"{name} is not valid JSON", name, 0)


def _explain(exc: json.JSONDecodeError, text: str) -> str:
    stripped = text.strip()
    if stripped.startswith("<![CDATA[") or stripped.startswith("//<![CDATA["):
        return f"the JSON-LD is wrapped in a CDATA section, which JSON does not allow ({exc.msg})"
    if stripped.startswith("<!--") or "/*" in stripped or "\n//" in text:
        hint = "it contains a comment, which JSON does not allow"
    elif exc.msg.startswith("Extra data"):
        hint = "the script holds more than one JSON value; wrap them in an array or use @graph"
    elif exc.msg.startswith("Expecting property name") or exc.msg.startswith("Expecting value"):
        hint = "a trailing comma or a missing value"
    else:
        hint = ""
    return f"invalid JSON: {exc.msg}" + (f" ({hint})" if hint else "")


def _error(syntax: str, index: int, line: int | None, column: int | None, message: str) -> dict[str, Any]:
    return {"syntax": syntax, "index": index, "line": line, "column": column, "message": message}


def _depth_exceeds(value: Any, limit: int) -> bool:
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node)
    return False


def _run(syntax: str, extractor: Any, page: Page, errors: list[dict[str, Any]]) -> list[Any]:
    try:
        return extractor(page)
    except RecursionError:
        errors.append(_error(syntax, 0, None, None, f"the {syntax} items refer to each other too deeply to read"))
    # extruct and rdflib raise many kinds of exceptions on hostile markup; one page's markup must never stop a crawl.
    except Exception as exc:  # noqa: BLE001
        logger.debug("%s extraction failed on %s", syntax, page.url, exc_info=True)
        errors.append(_error(syntax, 0, None, None, f"the {syntax} markup could not be read: {exc}"))
    return []


def _microdata(page: Page) -> list[Any]:
    from clinicaudit.microdata import items

    base = page.base_url

    def resolve(value: str) -> str | None:  # fragments kept: `itemid="#issue"` names an item of the page
        try:
            return strip_credentials(urljoin(base, value))
        except ValueError:
            return None

    return items(page.root, resolve)


def _extruct(module: str) -> Any:
    """One of extruct's modules, imported without the package's `__init__`: that imports every syntax's
    dependencies (rdflib, pyRdfa, mf2py, html5lib, BeautifulSoup, requests), about 15 MB in each reader process,
    where Open Graph needs none of them and RDFa only its own. (`import extruct` after this gives the bare package:
    nothing here uses its top-level names.)"""
    if "extruct" not in sys.modules:
        spec = importlib.util.find_spec("extruct")
        if spec is not None and spec.submodule_search_locations:
            sys.modules["extruct"] = importlib.util.module_from_spec(spec)
    return importlib.import_module(f"extruct.{module}")


def _rdfa(page: Page) -> list[Any]:
    RDFaExtractor = _extruct("rdfa").RDFaExtractor
    parse_xmldom_html = _extruct("utils").parse_xmldom_html

    # pyRdfa walks a DOM: it needs extruct's own tree, so RDFa pages (rare) are parsed a second time.
    tree = parse_xmldom_html(page.html.encode("utf-8", "surrogatepass"), encoding="utf-8")
    for time in tree.iter("time"):  # HTML+RDFa 1.1 (3.1): a <time>'s value is its datetime; pyRdfa reads the text
        if time.get("datetime") is not None and time.get("content") is None and time.get("property") is not None:
            time.set("content", time.get("datetime"))
    return _schema_slash(RDFaExtractor().extract_items(tree, base_url=page.base_url))


_SCHEMA_NO_SLASH = re.compile(r"^(https?://schema\.org)(?=[A-Za-z])")


def _schema_slash(value: Any) -> Any:
    """`vocab="https://schema.org"` without its slash makes RDFa's IRIs `https://schema.orgPerson`; read them as
    schema.org's, as Google does."""
    if isinstance(value, str):
        return _SCHEMA_NO_SLASH.sub(r"\1/", value)
    if isinstance(value, list):
        return [_schema_slash(v) for v in value]
    if isinstance(value, dict):
        return {_schema_slash(k): _schema_slash(v) for k, v in value.items()}
    return value


def _opengraph(page: Page) -> list[Any]:
    return list(_extruct("opengraph").OpenGraphExtractor().extract_items(page.root))
