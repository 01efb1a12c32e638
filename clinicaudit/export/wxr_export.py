"""`wxr`: `wordpress.xml`, a WordPress eXtended RSS 1.2 file for Tools → Import → WordPress: one `page` item per
service and per condition, written as WordPress's own exporter writes them (the same namespaces, channel elements
and item elements; text in CDATA sections).

Each item: `title` (the name), `wp:post_name` (the id, a slug), `content:encoded` (HTML built from the record, every
text escaped; see `blocks`), `excerpt:encoded` (the page's meta description, else the summary; empty for a
condition), `wp:status` `draft` (extracted content is for review before it goes live), `wp:postmeta`
`_clinicaudit_original_url` (a service's page) and `_clinicaudit_id` / `_clinicaudit_type`, and the author
`clinicaudit`, whom the importer lets you map to an existing user. The pages' images keep their old URLs: the
importer does not download images named in content, so copy them before the old site goes away.

Safe for any text: characters XML 1.0 does not allow (control characters, lone surrogates) are removed, and a `]]>`
inside a CDATA section is split across two sections (`]]]]><![CDATA[>`)."""

from __future__ import annotations

import html
import re
from datetime import datetime, timezone
from email.utils import format_datetime
from typing import Any
from xml.sax.saxutils import escape

from clinicaudit import __version__
from clinicaudit.export.blocks import Block, condition_blocks, excerpt, service_blocks
from clinicaudit.export.source import SLUG, Context

NAME = "wxr"
FILE = "wordpress.xml"
AUTHOR = "clinicaudit"
_ILLEGAL = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: Any) -> str:
    """Text without the characters XML 1.0 forbids."""
    return _ILLEGAL.sub("", "" if text is None else str(text))


def cdata(text: Any) -> str:
    return "<![CDATA[" + clean(text).replace("]]>", "]]]]><![CDATA[>") + "]]>"


def text(value: Any) -> str:
    return escape(clean(value))


def _h(value: Any) -> str:
    return html.escape(clean(value), quote=True)


def to_html(blocks: list[Block]) -> str:
    parts: list[str] = []
    for block in blocks:
        if block.kind == "p":
            parts.append(f"<p>{_h(block.text)}</p>")
        elif block.kind == "h2":
            parts.append(f"<h2>{_h(block.text)}</h2>")
        elif block.kind == "ul":
            items = []
            for item in block.items:
                if item.name is not None:
                    rest = f": {_h(item.text)}" if item.text else ""
                    items.append(f"<li><strong>{_h(item.name)}</strong>{rest}</li>")
                else:
                    items.append(f"<li>{_h(item.text)}</li>")
            parts.append("<ul>\n" + "\n".join(items) + "\n</ul>")
        elif block.kind == "img" and re.match(r"^https?://", block.src.strip(), re.IGNORECASE):
            parts.append(f'<figure><img src="{_h(block.src.strip())}" alt="{_h(block.alt or "")}" /></figure>')
    return "\n\n".join(parts)


def _date(value: Any) -> datetime:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        moment = datetime.now(timezone.utc)
    return moment.astimezone(timezone.utc) if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _item(post_id: int, title: str, slug: str, link: str, content: str, summary: str, when: datetime,
          meta: dict[str, str]) -> str:
    stamp = when.strftime("%Y-%m-%d %H:%M:%S")
    postmeta = "".join(
        f"\t\t<wp:postmeta>\n\t\t\t<wp:meta_key>{cdata(k)}</wp:meta_key>\n"
        f"\t\t\t<wp:meta_value>{cdata(v)}</wp:meta_value>\n\t\t</wp:postmeta>\n" for k, v in meta.items())
    return (
        "\t<item>\n"
        f"\t\t<title>{cdata(title)}</title>\n"
        f"\t\t<link>{text(link)}</link>\n"
        f"\t\t<pubDate>{format_datetime(when)}</pubDate>\n"
        f"\t\t<dc:creator>{cdata(AUTHOR)}</dc:creator>\n"
        f"\t\t<guid isPermaLink=\"false\">{text(link)}</guid>\n"
        "\t\t<description></description>\n"
        f"\t\t<content:encoded>{cdata(content)}</content:encoded>\n"
        f"\t\t<excerpt:encoded>{cdata(summary)}</excerpt:encoded>\n"
        f"\t\t<wp:post_id>{post_id}</wp:post_id>\n"
        f"\t\t<wp:post_date>{cdata(stamp)}</wp:post_date>\n"
        f"\t\t<wp:post_date_gmt>{cdata(stamp)}</wp:post_date_gmt>\n"
        f"\t\t<wp:post_modified>{cdata(stamp)}</wp:post_modified>\n"
        f"\t\t<wp:post_modified_gmt>{cdata(stamp)}</wp:post_modified_gmt>\n"
        f"\t\t<wp:comment_status>{cdata('closed')}</wp:comment_status>\n"
        f"\t\t<wp:ping_status>{cdata('closed')}</wp:ping_status>\n"
        f"\t\t<wp:post_name>{cdata(slug)}</wp:post_name>\n"
        f"\t\t<wp:status>{cdata('draft')}</wp:status>\n"
        "\t\t<wp:post_parent>0</wp:post_parent>\n"
        "\t\t<wp:menu_order>0</wp:menu_order>\n"
        f"\t\t<wp:post_type>{cdata('page')}</wp:post_type>\n"
        f"\t\t<wp:post_password>{cdata('')}</wp:post_password>\n"
        "\t\t<wp:is_sticky>0</wp:is_sticky>\n"
        f"{postmeta}"
        "\t</item>\n")


def document(ctx: Context) -> str:
    source = ctx.source
    base = source.public_root.rstrip("/")
    when = _date(source.site["site"].get("crawled_at"))
    clinic = source.clinic if isinstance(source.clinic, dict) else {}
    home = source.home() or {}
    lang = ((home.get("html") or {}).get("lang") or "en-US").strip() or "en-US"
    items: list[str] = []
    slugs: dict[str, str] = {}
    post_id = 0
    for kind in ("service", "condition"):
        for record in ctx.valid(kind, NAME, unique=True):
            rid = record["id"]
            if not SLUG.fullmatch(rid):  # the schema's pattern already; kept for a slug that feeds a URL
                ctx.problem(kind, rid, NAME, f"id {rid!r} is not a slug")
                continue
            if rid in slugs:
                ctx.warn(kind, rid, NAME, f"the {slugs[rid]} of the same slug is also a page: WordPress will import "
                                          f"this one as {rid}-2")
            slugs.setdefault(rid, kind)
            post_id += 1
            meta = {"_clinicaudit_type": kind, "_clinicaudit_id": rid}
            if kind == "service":
                content = to_html(service_blocks(record, source.conditions_by_id))
                summary = excerpt(record, source.meta_description(record["url"]))
                meta["_clinicaudit_original_url"] = record["url"]
            else:
                content = to_html(condition_blocks(record, source.services_by_id))
                summary = ""
            items.append(_item(post_id, record["name"], rid, f"{base}/{rid}/", content, summary, when, meta))
    title = clinic.get("name") or base
    return (
        '<?xml version="1.0" encoding="UTF-8" ?>\n'
        "<!-- This is a WordPress eXtended RSS file generated by clinicaudit as an export of a site's content. -->\n"
        "<!-- To import it into WordPress: Tools > Import > WordPress. -->\n"
        '<rss version="2.0"\n'
        '\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"\n'
        '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
        '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"\n'
        '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
        '\txmlns:wp="http://wordpress.org/export/1.2/"\n'
        ">\n\n<channel>\n"
        f"\t<title>{text(title)}</title>\n"
        f"\t<link>{text(base)}</link>\n"
        "\t<description></description>\n"
        f"\t<pubDate>{format_datetime(when)}</pubDate>\n"
        f"\t<language>{text(lang)}</language>\n"
        "\t<wp:wxr_version>1.2</wp:wxr_version>\n"
        f"\t<wp:base_site_url>{text(base)}</wp:base_site_url>\n"
        f"\t<wp:base_blog_url>{text(base)}</wp:base_blog_url>\n\n"
        "\t<wp:author><wp:author_id>1</wp:author_id>"
        f"<wp:author_login>{cdata(AUTHOR)}</wp:author_login>"
        f"<wp:author_email>{cdata('')}</wp:author_email>"
        f"<wp:author_display_name>{cdata(AUTHOR)}</wp:author_display_name>"
        f"<wp:author_first_name>{cdata('')}</wp:author_first_name>"
        f"<wp:author_last_name>{cdata('')}</wp:author_last_name></wp:author>\n\n"
        f"\t<generator>{text('clinicaudit/' + __version__)}</generator>\n\n"
        + "".join(items)
        + "</channel>\n</rss>\n")


def write(ctx: Context) -> None:
    ctx.write_text(FILE, document(ctx))

