"""The reading workers (clinicaudit.work) read every page as the crawl's scope stands when the page is read."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from clinicaudit.items import PageItem
from clinicaudit.pipelines import page_record
from clinicaudit.urls import Scope
from clinicaudit.work import Reader, read_in_worker, start_worker
from tests.reader_modules import read_and_list_modules

HTML = """<html lang="en"><head><title>About | Clinic</title></head><body><main><h1>About us</h1>
<p>Read about <a href="https://clinic.test/team/">our team</a> and <a href="/fees/">our fees</a>.</p>
<p>Or visit <a href="https://elsewhere.test/">a friend</a>.</p></main></body></html>"""


def test_a_worker_reads_links_on_the_origin_the_start_page_moved_to():
    """http://clinic.test/ redirected to https://clinic.test/: the crawl moved there (Scope.adopt), and a worker
    started before the move must count links to https://clinic.test/ as internal, as the crawl's own process does."""
    scope = Scope("http://clinic.test/")
    reader = Reader(scope.start_url, None, (), {})  # what the workers start with
    assert scope.adopt("https://clinic.test/")
    item = PageItem(url="https://clinic.test/about/", requested_url="https://clinic.test/about/", status=200,
                    headers={"Content-Type": "text/html"}, content_type="text/html", depth=1,
                    referrer="https://clinic.test/", discovered_via="link", fetched_at="2026-12-04T00:00:00+00:00",
                    html=HTML, is_html=True)
    base = page_record(item, scope)
    want = ["https://clinic.test/fees/", "https://clinic.test/team/"]
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"), initializer=start_worker,
                             initargs=(reader,)) as pool:
        result = pool.submit(read_in_worker, base, HTML, item.headers, None, scope.start_url).result(timeout=120)
    assert sorted(link["href"] for link in result["summary"]["links"]) == want
    # and in the crawl's own process, with the reader made before the move
    reader.follow(scope.start_url)
    here = reader.read(base, HTML, item.headers)
    assert sorted(link["href"] for link in here["summary"]["links"]) == want


def test_a_reader_imports_only_what_the_page_needs():
    """A reader process carries neither the crawler (Scrapy, the browser) nor the parsers of syntaxes the page does
    not use: extruct's package imports RDFa's, microformats' and BeautifulSoup's stacks, about 15 MB a process, and
    Open Graph needs none of them; nor the whole language subtag registry (12 MB) for the language subtags; nor
    jsonschema (6 MB), which only words the errors of an invalid record."""
    page = HTML.replace("<title>", '<meta property="og:title" content="About the clinic"><title>')
    reader = Reader("https://clinic.test/", None, (), {})
    item = PageItem(url="https://clinic.test/about/", requested_url="https://clinic.test/about/", status=200,
                    headers={"Content-Type": "text/html"}, content_type="text/html", depth=1,
                    referrer="https://clinic.test/", discovered_via="link", fetched_at="2026-12-04T00:00:00+00:00",
                    html=page, is_html=True)
    base = page_record(item, Scope("https://clinic.test/"))
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        result, modules = pool.submit(read_and_list_modules, reader, base, page).result(timeout=120)
    tops = {m.split(".")[0] for m in modules}
    assert not tops & {"scrapy", "twisted", "playwright", "rdflib", "pyRdfa", "mf2py", "bs4", "html5lib", "requests",
                        "language_tags", "jsonschema", "referencing"}
    assert [list(p) for p in result["record"]["html"]["structured_data"]["opengraph"][0]["properties"]] == [
        ["og:title", "About the clinic"]]
