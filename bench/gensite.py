"""A generated clinic website of N pages for the benchmark, deterministic from a seed.

Every page is 30–60 KB of page-builder markup (wrapper divs, classes, data attributes), with a header menu, a hero,
headings, paragraphs, images (some without alt text, some lazy-loaded), a list of conditions, JSON-LD and microdata,
about 20 internal links (the menu, related pages, previous and next) and a footer with the clinic's address; some
pages link an image file (a photo gallery's lightbox link). The site has `robots.txt` and `sitemap.xml`. Pages are
folders with an `index.html`, as WordPress publishes them, so nginx answers `/x` with a redirect to `/x/`.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

WORDS = ("treatment recovery movement strength clinic therapist session assessment exercise program posture joint "
         "muscle tissue mobility balance injury patient plan care hands-on gentle pressure release stiffness daily "
         "activity sport work sleep comfort progress goals evidence technique education").split()
CONDITIONS = ("Low back pain", "Neck pain", "Sciatica", "Plantar fasciitis", "Tennis elbow", "Frozen shoulder",
              "Rotator cuff tendinopathy", "Whiplash", "Headaches", "Knee osteoarthritis", "Ankle sprain",
              "Shin splints", "Achilles tendinopathy", "Carpal tunnel syndrome", "Jaw pain (TMJ)", "Hip bursitis",
              "Patellofemoral pain", "Concussion", "Vertigo", "Post-surgical rehabilitation")
SERVICES = ("Physiotherapy", "Massage Therapy", "Chiropractic Care", "Acupuncture", "Dry Needling",
            "Shockwave Therapy", "Vestibular Rehabilitation", "Pelvic Health Physiotherapy", "Sports Injury Care",
            "Custom Orthotics", "Pilates", "Concussion Management")
SECTIONS = ("services", "conditions", "blog", "team", "locations")


def page_paths(n: int) -> list[str]:
    """The site's page paths: the home page, then pages spread over the site's sections."""
    paths = ["/"]
    for i in range(1, n):
        section = SECTIONS[i % len(SECTIONS)]
        paths.append(f"/{section}/{section[:-1] if section.endswith('s') else section}-{i}/")
    return paths


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(2, 5)))


def _wrap(inner: str, i: int) -> str:
    return (f'<div class="elementor-section elementor-top-section elementor-element elementor-element-{i:06x} '
            f'elementor-section-boxed" data-id="{i:06x}" data-element_type="section"><div class="elementor-container '
            f'elementor-column-gap-default"><div class="elementor-column elementor-col-100 elementor-top-column" '
            f'data-element_type="column"><div class="elementor-widget-wrap elementor-element-populated"><div '
            f'class="elementor-element elementor-widget elementor-widget-text-editor" data-widget_type='
            f'"text-editor.default"><div class="elementor-widget-container">{inner}</div></div></div></div></div>'
            f'</div>')


def page_html(paths: list[str], index: int, rng: random.Random, origin: str) -> str:
    n = len(paths)
    path = paths[index]
    service = SERVICES[index % len(SERVICES)]
    title = "Home" if index == 0 else f"{service} {index}"
    menu = "".join(f'<li class="menu-item menu-item-type-post_type"><a href="{paths[(k * 97) % n]}" '
                   f'class="menu-link">{SERVICES[k % len(SERVICES)]}</a></li>' for k in range(1, 11))
    related = "".join(f'<li><a href="{paths[(index * 7 + k * 13) % n]}">Related page {k}</a></li>' for k in range(8))
    prev_next = (f'<a class="prev" href="{paths[(index - 1) % n]}">Previous</a>'
                 f'<a class="next" href="{paths[(index + 1) % n]}">Next</a>')
    conditions = rng.sample(CONDITIONS, 6)
    jsonld = {"@context": "https://schema.org", "@graph": [
        {"@type": "MedicalClinic", "@id": f"{origin}/#clinic", "name": "Benchmark Physio & Wellness",
         "telephone": "+1-604-555-0142", "address": {"@type": "PostalAddress", "streetAddress": "100 Main Street",
                                                    "addressLocality": "Vancouver", "postalCode": "V5K 0A1"}},
        {"@type": "WebPage", "@id": f"{origin}{path}#webpage", "url": f"{origin}{path}", "name": title,
         "isPartOf": {"@id": f"{origin}/#clinic"}},
        {"@type": "MedicalTherapy" if index % 5 == 1 else "BlogPosting", "name": title,
         **({"headline": title, "datePublished": "2026-01-15"} if index % 5 != 1 else {})}]}
    body = [f'<h1 class="elementor-heading-title">{title}</h1>', f"<p>{_paragraph(rng)}</p>"]
    for s in range(rng.randint(3, 5)):
        body.append(f"<h2>{rng.choice(WORDS).capitalize()} and {rng.choice(WORDS)}</h2>")
        body.append(f"<p>{_paragraph(rng)}</p>")
        alt = "" if rng.random() < 0.2 else f' alt="{rng.choice(WORDS)} {rng.choice(WORDS)} at the clinic"'
        lazy = rng.random() < 0.5
        src = f"/wp-content/uploads/2026/01/photo-{index}-{s}.jpg"
        placeholder = ' src="data:image/gif;base64,R0lGODlhAQABAAAAACw="' if lazy else ""
        body.append(f'<img width="800" height="533" {"data-src" if lazy else "src"}="{src}"{placeholder}{alt} '
                    f'class="attachment-large size-large" decoding="async">')
        body.append(f"<h3>{rng.choice(WORDS).capitalize()}</h3><p>{_paragraph(rng)}</p>")
    body.append("<h2>Conditions we treat</h2><ul>" + "".join(f"<li>{c}</li>" for c in conditions) + "</ul>")
    if index % 4 == 0:  # a gallery's lightbox link to the full-size photo
        body.append(f'<a href="/wp-content/uploads/2026/01/gallery-{index % 50}.jpg" class="lightbox">'
                    f'<img src="/wp-content/uploads/2026/01/gallery-{index % 50}-300x200.jpg" alt="Our clinic room">'
                    f"</a>")
    body.append(f'<nav class="related"><ul>{related}</ul>{prev_next}</nav>')
    crumbs = ('<ol itemscope itemtype="https://schema.org/BreadcrumbList"><li itemprop="itemListElement" itemscope '
              f'itemtype="https://schema.org/ListItem"><a itemprop="item" href="/"><span itemprop="name">Home</span>'
              f'</a><meta itemprop="position" content="1"></li><li itemprop="itemListElement" itemscope '
              f'itemtype="https://schema.org/ListItem"><span itemprop="name">{title}</span><meta itemprop="position" '
              f'content="2"></li></ol>')
    target = rng.randint(30_000, 60_000)
    content = "".join(_wrap(part, index * 100 + k) for k, part in enumerate(body))
    filler_id = 0
    while len(content) < target - 6_000:
        filler_id += 1
        content += _wrap(f"<p>{_paragraph(rng)}</p>", index * 1000 + filler_id)
    return (f'<!DOCTYPE html><html lang="en-CA"><head><meta charset="UTF-8"><meta name="viewport" '
            f'content="width=device-width, initial-scale=1"><title>{title} | Benchmark Physio &amp; Wellness</title>'
            f'<meta name="description" content="{_sentence(rng)}"><link rel="canonical" href="{origin}{path}">'
            f'<meta property="og:title" content="{title}"><meta property="og:type" content="website">'
            f'<meta property="og:site_name" content="Benchmark Physio &amp; Wellness">'
            f'<script type="application/ld+json" class="yoast-schema-graph">{json.dumps(jsonld)}</script>'
            f'<link rel="stylesheet" href="/wp-content/themes/astra/style.min.css"></head>'
            f'<body class="page-template-default page wp-custom-logo ast-desktop elementor-page">'
            f'<header class="site-header" id="masthead"><div class="ast-container"><a class="custom-logo-link" '
            f'href="/"><img class="custom-logo" src="/wp-content/uploads/logo.png" alt="Benchmark Physio"></a>'
            f'<nav class="main-header-menu" aria-label="Primary"><ul class="menu">{menu}</ul></nav></div></header>'
            f'<main id="main" class="site-main">{crumbs}<div class="elementor elementor-{index}" data-elementor-type='
            f'"wp-page">{content}</div></main>'
            f'<footer class="site-footer"><p>Benchmark Physio &amp; Wellness · 100 Main Street, Vancouver BC V5K 0A1 '
            f'· <a href="tel:+16045550142">604-555-0142</a></p></footer></body></html>')


def build(folder: Path, n: int, seed: int = 20261203, origin: str = "") -> int:
    """Write the site into `folder`; returns its mean page size in bytes."""
    rng = random.Random(seed)
    paths = page_paths(n)
    total = 0
    for index, path in enumerate(paths):
        html = page_html(paths, index, rng, origin)
        target = folder / path.strip("/") / "index.html" if path != "/" else folder / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
        total += len(html.encode("utf-8"))
    uploads = folder / "wp-content" / "uploads" / "2026" / "01"
    uploads.mkdir(parents=True, exist_ok=True)
    for k in range(0, 50, 2):  # half the lightbox photos exist
        (uploads / f"gallery-{k}.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(2000) + b"\xff\xd9")
    (folder / "robots.txt").write_text(f"User-agent: *\nDisallow: /wp-admin/\n\nSitemap: {origin}/sitemap.xml\n",
                                       encoding="utf-8")
    urls = "".join(f"<url><loc>{origin}{p}</loc></url>" for p in paths)
    (folder / "sitemap.xml").write_text('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org'
                                        f'/schemas/sitemap/0.9">{urls}</urlset>', encoding="utf-8")
    return total // n
