"""`markdown`: one file per service (`services/<id>.md`) and per condition (`conditions/<id>.md`), for static site
generators and headless CMSs: YAML front matter between `---` lines (written by PyYAML's `safe_dump`, so that any
text is quoted correctly), then a CommonMark body (see `blocks`).

Front matter of a service: `title`, `slug`, `aliases` (other names of the service — not URL aliases as Hugo reads
the key), `conditions` (condition ids), `original_url`, `meta_description` (of the original page, or null), `images`
(`{src, alt}`). Of a condition: `title`, `slug`, `examples`, `treated_by` (service ids), `urls` (the pages that
mention it: a condition is merged from several pages, none of which is its own).

Site text is escaped in the body: characters that Markdown would read as emphasis, links, code, HTML or entities
are backslash-escaped, and so is anything that would start a heading, list, quote or rule at the start of a line;
raw HTML never gets through. Images are `![alt](src)` with the alt escaped; only http(s) images are written."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from clinicaudit.export.blocks import Block, condition_blocks, service_blocks
from clinicaudit.export.source import Context, ExportError, UnsafeName

NAME = "markdown"
_INLINE = re.compile(r"([\\`*_\[\]<>~|#])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_LINE_START = re.compile(r"^(\s*)([-+=]|\d+[.)])")
_SPACES = re.compile(r"\s+")


def escape(text: str) -> str:
    """Plain text as Markdown inline text that renders as exactly that text (line breaks become spaces)."""
    text = _SPACES.sub(" ", text.replace("\x00", "")).strip()
    text = _ENTITY.sub(r"\\&", _INLINE.sub(r"\\\1", text))
    return _LINE_START.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], text)


def image_src(src: str) -> str | None:
    """An image URL for `(…)`: http(s) only, with what would end or break the destination percent-encoded."""
    src = src.strip()
    if not re.match(r"^https?://", src, re.IGNORECASE):
        return None
    return quote(src, safe="/:?#[]@!$&'*+,;=%~.-_")


@lru_cache(maxsize=1)
def _yaml() -> Any:
    """PyYAML and a safe dumper that writes a text holding a line break as one double-quoted line (`"a\\nb"`), so
    that no line of the front matter can look like its closing `---` to a splitter that does not parse YAML."""
    try:
        import yaml
    except ImportError:
        raise ExportError("the markdown format needs PyYAML: pip install pyyaml") from None

    class Dumper(yaml.SafeDumper):
        pass

    def text(dumper: Any, value: str) -> Any:
        style = '"' if any(c in value for c in "\n\r\x85\u2028\u2029") else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    return yaml, Dumper


def check() -> None:
    """Raise ExportError before anything is written when PyYAML is missing."""
    _yaml()


def front_matter(data: dict[str, Any]) -> str:
    yaml, dumper = _yaml()
    text = yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, default_flow_style=False,
                     width=1_000_000)
    return f"---\n{text}---\n"


def body(blocks: list[Block]) -> str:
    parts: list[str] = []
    for block in blocks:
        if block.kind == "p":
            parts.append(escape(block.text))
        elif block.kind == "h2":
            parts.append("## " + escape(block.text))
        elif block.kind == "ul":
            lines = []
            for item in block.items:
                if item.name is not None:
                    rest = f": {escape(item.text)}" if item.text else ""
                    lines.append(f"- **{escape(item.name)}**{rest}")
                else:
                    lines.append(f"- {escape(item.text)}")
            parts.append("\n".join(lines))
        elif block.kind == "img":
            src = image_src(block.src)
            if src is not None:
                parts.append(f"![{escape(block.alt or '')}]({src})")
    return "\n\n".join(p for p in parts if p.strip()) + "\n"


def service_document(ctx: Context, service: dict[str, Any]) -> str:
    meta = {
        "title": service["name"],
        "slug": service["id"],
        "aliases": list(service["aliases"]),
        "conditions": list(service["conditions"]),
        "original_url": service["url"],
        "meta_description": ctx.source.meta_description(service["url"]),
        "images": [{"src": i["src"], "alt": i["alt"]} for i in service["images"]],
    }
    return front_matter(meta) + "\n" + body(service_blocks(service, ctx.source.conditions_by_id))


def condition_document(ctx: Context, condition: dict[str, Any]) -> str:
    meta = {
        "title": condition["name"],
        "slug": condition["id"],
        "examples": list(condition["examples"]),
        "treated_by": list(condition["treated_by"]),
        "urls": list(condition["urls"]),
    }
    return front_matter(meta) + "\n" + body(condition_blocks(condition, ctx.source.services_by_id))


def write(ctx: Context) -> None:
    yaml, _ = _yaml()
    for kind, folder, render in (("service", "services", service_document),
                                 ("condition", "conditions", condition_document)):
        for record in ctx.valid(kind, NAME, unique=True):
            try:
                name = ctx.file_for(folder, record["id"], ".md")
                ctx.write_text(name, render(ctx, record))
            except (UnsafeName, UnicodeError, yaml.YAMLError) as exc:
                ctx.problem(kind, record["id"], NAME, str(exc))
                continue
            for image in record.get("images") or []:
                if image_src(image["src"]) is None:
                    ctx.warn(kind, record["id"], NAME, f"image {image['src'][:80]!r} is not an http(s) URL: left out "
                                                       "of the body (still in the front matter)")
