#!/usr/bin/env python3
"""The search page (GET /) in a real browser: headless Chromium driven over the Chrome DevTools
Protocol, against `kosearch serve` on 127.0.0.1 over an index of articles written here, and
against a second `kosearch serve` over the repository's corpus/ (news pages with dates,
publishers and a wire story copied by three outlets).

    browser_test.py KOSEARCH_BINARY [SCREENSHOT_DIR]
    browser_test.py KOSEARCH_BINARY --measure INDEX QUERIES_FILE [RUNS]   (timings, docs/web.md)

Checks: `/` focuses the box; no request while an IME composition is open, suggestions asked for
after compositionend and given up after /suggest's 404; Enter searches and ranked results show;
the URL holds the query and the page; paging; Back; a bookmarked page=2 URL; an article holding
<script> and an onerror <img> is shown as text and nothing of it runs; fields the server may add
with hostile values (markup in a publisher, a `javascript:` url) render as text; over corpus/: a
typed query shows dates, publishers, "관련 기사 N건" and facet counts as the server's JSON says,
one /search per load, a facet click filters, 최신순 orders by date, a date range and a month
filter, paging and Back; phone width has no horizontal scroll. Prints "N passed, N failed".
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse

sys.dont_write_bytecode = True  # no __pycache__ in the source tree for the two modules below
import cdp  # noqa: E402
from cdp import FIRST_RANK, HITS, Browser, Server, ShardServer, check, shown  # noqa: E402
from news_checks import real_news_checks, remote_shard_checks  # noqa: E402

CORPUS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "corpus")


def write_articles(folder):
    """25 articles about 고양이, ranked by how often they say it, and one carrying markup. The
    rest of each body is syllables drawn at random (seeded), so no two articles look like
    copies of one story to a server that groups near-duplicates."""
    import random
    rng = random.Random(25)

    def word():
        return "".join(chr(0xAC00 + rng.randrange(11172)) for _ in range(3))

    os.makedirs(folder)
    for i in range(25):
        words = ["고양이"] * (i + 1) + [word() for _ in range(40 - (i + 1))]
        rng.shuffle(words)
        body = " ".join(w + ("." if n % 5 == 4 else "") for n, w in enumerate(words))
        with open(os.path.join(folder, f"cat{i:02d}.txt"), "w", encoding="utf-8") as f:
            f.write(f"고양이 소식 {i}번\n\n{body}\n")
    with open(os.path.join(folder, "evil.txt"), "w", encoding="utf-8") as f:
        f.write("<script>document.title='PWNED';window.__pwned=1</script> 악성코드 기사\n\n"
                "본문에 <img src=x onerror=\"window.__pwned=2\"> 태그와 "
                "<script>window.__pwned=3</script> 악성코드 문자열이 들어 있다. 5 < 7 & 8 > 6.\n")



def run_checks(browser, base, screenshot_dir):
    # The page loads, focused on the empty box; `/` brings the focus back to it.
    browser.goto(base + "/")
    check(browser.js("document.documentElement.lang") == "ko", "the page is Korean (lang=ko)")
    check(browser.js("document.activeElement.id") == "q", "the empty page focuses the box")
    check(browser.js("!!document.querySelector('label[for=q]')"), "the box has a label")
    browser.js("document.activeElement.blur()")
    browser.key("/", "Slash", 191, "/")
    check(browser.js("document.activeElement.id") == "q", "'/' focuses the search box")
    check(browser.js("document.getElementById('q').value") == "", "'/' is not typed into the box")

    # An IME composition: nothing is asked of the server until it ends.
    before = len(browser.events)
    for text in ("ㄱ", "고", "고양", "고양ㅇ", "고양이"):
        browser.send("Input.imeSetComposition", text=text, selectionStart=len(text), selectionEnd=len(text))
        time.sleep(0.1)
    time.sleep(0.4)
    mid = [e for e in browser.events[before:] if e["method"] == "Network.requestWillBeSent"]
    check(not mid, f"no request during the composition (got {[e['params']['request']['url'] for e in mid]})")
    browser.send("Input.insertText", text="고양이")  # commits the composition: compositionend
    check(browser.wait_for("document.getElementById('q').value === '고양이'", "the committed text"),
          "the box holds the committed text")
    check(browser.wait_for(f"performance.getEntriesByType('resource').some(e => e.name.includes('/suggest'))",
                           "a /suggest request after compositionend"), "suggestions asked after compositionend")
    check(not browser.requested("/search"), "no search before Enter")
    searches_before = len(browser.requested("/search"))

    # Enter searches: ranked results, and the URL holds the query.
    browser.key("Enter", "Enter", 13, "\r")
    browser.wait_for(f"{HITS} === 10", "10 results")
    check(browser.js(FIRST_RANK) == "1.", "the first hit is ranked 1")
    asked = browser.requested("/search")[searches_before:]
    # One request, facets included: an index without news fields answers them empty.
    check(len(asked) == 1 and "facets=" in asked[0], f"one /search with facets per search ({asked})")
    check(browser.js("location.search") == "?" + urllib.parse.urlencode({"q": "고양이"}),
          "the URL holds the query")
    check(browser.js("document.querySelector('#results .hit .title').textContent") == "고양이 소식 24번",
          "the article saying 고양이 most ranks first")
    check(browser.js("document.querySelectorAll('#results .hit mark').length") >= 10,
          "matches are highlighted")
    check(browser.js("document.getElementById('status').textContent").startswith("“고양이” 검색 결과 25건"),
          "the count is shown")
    check(browser.js("document.querySelector('#results .hit .doc-id code').textContent") == "cat24",
          "the article id is shown")
    check(browser.js("!!document.querySelector('#results .hit details.why-box dl.why')"),
          "each hit says why (score parts)")
    check(browser.js(f"!{shown('facets')} && !{shown('controls')}"),
          "no facets, sort or dates for an index without them")
    time.sleep(0.3)
    check(browser.js(f"!{shown('suggestions')}"), "no suggestion list after the search")

    # Paging, Back, and a bookmarked page.
    browser.js("document.querySelector('#pager a[rel=next]').click()")
    check(browser.wait_for(f"{FIRST_RANK} === '11.'", "page 2"), "the next page starts at rank 11")
    check("page=2" in browser.js("location.search"), "the URL holds the page")
    check(browser.js(HITS) == 10, "page 2 has ten hits")
    browser.js("history.back()")
    check(browser.wait_for(f"{FIRST_RANK} === '1.'", "page 1 after Back"), "Back shows page 1 again")
    check("page=" not in browser.js("location.search"), "Back restores the URL")
    browser.goto(base + "/?" + urllib.parse.urlencode({"q": "고양이", "page": 3}))
    check(browser.wait_for(f"{FIRST_RANK} === '21.'", "page 3 from its URL"), "a page-3 URL opens page 3")
    check(browser.js("document.getElementById('q').value") == "고양이", "the box shows the URL's query")
    check(browser.js("""(() => {
        const search = performance.getEntriesByType('resource').filter(e => e.name.includes('/search?'));
        const main = performance.getEntriesByName('kosearch:main');
        return search.length === 1 && main.length === 1 && search[0].startTime < main[0].startTime; })()"""),
          "a loaded URL's search is asked once, before the page's main script runs (from <head>)")

    # An article carrying markup shows it as text, and none of it runs.
    browser.goto(base + "/?" + urllib.parse.urlencode({"q": "악성코드"}))
    browser.wait_for(f"{HITS} >= 1", "the markup article")
    title = browser.js("document.querySelector('#results .hit .title').textContent")
    check(title.startswith("<script>document.title='PWNED'"), f"the title shows <script> as text: {title!r}")
    snippet = browser.js("document.querySelector('#results .hit .snippet').textContent")
    check("</script>" in snippet, f"the snippet shows the tags as text: {snippet!r}")
    check("5 < 7 & 8 > 6" in snippet, "escaped characters read back as themselves")
    time.sleep(0.3)
    check(browser.js("window.__pwned === undefined"), "no injected script or handler ran")
    check(not browser.js("document.title").startswith("PWNED"), "the title was not changed by the article")
    check(browser.js("document.querySelectorAll('#results script, #results img').length") == 0,
          "no element from the article's markup")

    # Hostile values a real index does not easily hold, in an answer stubbed in the browser
    # (DevTools Fetch): markup in a suggestion, a publisher, a facet value and a copy's id, a
    # `javascript:` url, more copies than `duplicate_ids` lists (the server lists at most 100).
    # Everything else about news hits is checked against the real server (real_news_checks).
    def stub(url):
        query = urllib.parse.parse_qs(urllib.parse.urlparse(url).query)
        if urllib.parse.urlparse(url).path == "/suggest":
            return json.dumps({"suggestions": ["뉴스 속보", {"text": "뉴스 <b>특보</b>"}]})
        hits = [{"rank": 1, "score": 3.5, "doc_id": "news-1", "passage_id": "news-1#0",
                 "title": "뉴스 제목", "text": "본문", "snippet": "<b>뉴스</b> 본문 &lt;i&gt;",
                 "published": "2025-08-14T10:41:00+09:00", "publisher": "<i>연합</i>뉴스",
                 "reporters": ["<i>홍길동</i>"], "url": "javascript:window.__pwned=4",
                 "duplicates": 120, "duplicate_ids": ["<i>news-2</i>"],
                 "score_parts": {"bm25": 3.0, "words": 0.5, "sentence": 0, "pairs": 0}}]
        return json.dumps({"query": query.get("q", [""])[0], "total": 1, "total_exact": True, "hits": hits,
                           "facets": {"publisher": [{"value": "<i>연합</i>뉴스", "count": 1}]}})
    browser.stub = stub
    browser.send("Fetch.enable", patterns=[{"urlPattern": "*/search?*", "requestStage": "Request"},
                                           {"urlPattern": "*/suggest?*", "requestStage": "Request"}])
    try:
        # Suggestions: a list under the box, arrows pick one.
        browser.goto(base + "/")
        browser.send("Input.insertText", text="뉴스")
        browser.wait_for(f"{shown('suggestions')} && document.querySelectorAll('#suggestions li').length === 2",
                         "two suggestions")
        check(browser.js("document.querySelector('#suggestions li:nth-child(2)').textContent") == "뉴스 <b>특보</b>",
              "a suggestion is shown as text")
        check(browser.js("document.getElementById('q').getAttribute('aria-expanded')") == "true", "aria-expanded")
        browser.key("ArrowDown", "ArrowDown", 40)
        check(browser.js("document.getElementById('q').value") == "뉴스 속보", "ArrowDown picks the first suggestion")
        check(browser.js("document.getElementById('q').getAttribute('aria-activedescendant')") == "sugg-0",
              "the picked suggestion is the active descendant")
        browser.key("Enter", "Enter", 13, "\r")
        check(browser.wait_for("location.search === '?' + new URLSearchParams({q: '뉴스 속보'})", "the search"),
              "Enter searches the picked suggestion")
        check(browser.js(f"!{shown('suggestions')}"), "the list closes on search")
        browser.goto(base + "/?" + urllib.parse.urlencode({"q": "뉴스"}))
        browser.wait_for("!!document.querySelector('#results .hit .publisher')", "the stubbed news hit")
        check(browser.js("document.querySelectorAll('#results a[href^=javascript]').length") == 0,
              "a javascript: url is no link")
        check(browser.js("document.querySelector('#results .hit .publisher').textContent") == "<i>연합</i>뉴스",
              "the publisher is shown as text")
        check(browser.js("document.querySelector('#results .hit .reporters').textContent") == "<i>홍길동</i> 기자",
              "the reporters are shown as text")
        check(browser.js("document.querySelector('#facets button').textContent") == "<i>연합</i>뉴스 (1)",
              "a facet value is shown as text")
        check(browser.js("document.querySelector('#results .hit details.duplicates summary').textContent") == "관련 기사 120건",
              "the copies are counted by `duplicates`, not by the ids listed")
        check(browser.js("[...document.querySelectorAll('#results .hit details.duplicates li')].map(li => li.textContent)")
              == ["<i>news-2</i>", "외 119건"], "the listed ids as text, and how many more")
        check(browser.js("document.querySelectorAll('#results i, #facets i').length") == 0, "no markup from the fields")
        time.sleep(0.3)
        check(browser.js("window.__pwned === undefined"), "nothing from the stubbed fields ran")
    finally:
        browser.send("Fetch.disable")
        browser.stub = None

    # Phone width: readable, no sideways scrolling.
    browser.send("Emulation.setDeviceMetricsOverride", width=375, height=740, deviceScaleFactor=2, mobile=True)
    browser.goto(base + "/?" + urllib.parse.urlencode({"q": "고양이"}))
    browser.wait_for(f"{HITS} === 10", "results at phone width")
    width = browser.js("document.documentElement.scrollWidth")
    check(width <= 375, f"no horizontal scroll at 375 px (scrollWidth {width})")
    if screenshot_dir:
        browser.screenshot(os.path.join(screenshot_dir, "search-page-phone.png"))
    browser.send("Emulation.clearDeviceMetricsOverride")

    # An error from the server is shown, not swallowed.
    browser.goto(base + "/?" + urllib.parse.urlencode({"q": "고양이", "no_such": "1"}))
    check(browser.wait_for("document.getElementById('status').classList.contains('error')", "the error"),
          "a server error is shown")


def measure(browser, base, queries, runs):
    """Times page load + one search from the page: navigation start to the results drawn (the
    page's performance mark), with the page's own response and the /search fetch."""
    browser.send("Network.disable")  # DevTools' own network reporting is not part of a page load
    rows = []
    for _ in range(runs):
        for query in queries:
            browser.goto(base + "/health")
            browser.send("Page.navigate", url=base + "/?" + urllib.parse.urlencode({"q": query}))
            browser.wait_for("performance.getEntriesByName('kosearch:results').length > 0",
                             "results", timeout=30)
            rows.append(browser.js("""(() => {
                const nav = performance.getEntriesByType('navigation')[0];
                const s = performance.getEntriesByType('resource').filter(e => e.name.includes('/search?'));
                return {page: nav.responseEnd, dom: nav.domContentLoadedEventEnd,
                        search: s.reduce((t, e) => t + e.duration, 0), searches: s.length,
                        drawn: performance.getEntriesByName('kosearch:results')[0].startTime};
            })()"""))
    for key in ("page", "dom", "search", "drawn"):
        values = sorted(x[key] for x in rows)
        print(f"{key:>7}: median {values[len(values) // 2]:.1f} ms, p90 {values[int(len(values) * 0.9)]:.1f} ms,"
              f" max {values[-1]:.1f} ms over {len(values)} loads")
    print("/search requests per load:", sorted({x["searches"] for x in rows}))


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    kosearch = sys.argv[1]
    tmp = tempfile.mkdtemp(prefix="kosearch-browser-")
    server = browser = shard = None
    try:
        if len(sys.argv) > 2 and sys.argv[2] == "--measure":
            index, queries_file = sys.argv[3], sys.argv[4]
            runs = int(sys.argv[5]) if len(sys.argv) > 5 else 3
            with open(queries_file, encoding="utf-8") as f:
                queries = [line.strip() for line in f if line.strip()]
        else:
            index = os.path.join(tmp, "index")
            write_articles(os.path.join(tmp, "articles"))
            subprocess.run([kosearch, "index", "--quiet", "--index", index, os.path.join(tmp, "articles")],
                           check=True)
        server = Server(kosearch, index)
        browser = Browser(os.path.join(tmp, "profile"))
        if len(sys.argv) > 2 and sys.argv[2] == "--measure":
            measure(browser, server.base, queries, runs)
            return 0
        screenshot_dir = sys.argv[2] if len(sys.argv) > 2 else None
        run_checks(browser, server.base, screenshot_dir)
        server.close()
        server = None
        news_index = os.path.join(tmp, "news-index")
        subprocess.run([kosearch, "index", "--quiet", "--index", news_index, CORPUS], check=True)
        server = Server(kosearch, news_index)
        real_news_checks(browser, server.base, screenshot_dir)
        server.close()
        server = None
        shard = ShardServer.start(news_index)
        if shard is None:
            print("browser_test: remote shard part skipped: no xapian-tcpsrv (scripts/install-deps.sh)")
        else:
            stub = os.path.join(tmp, "remote.stub")
            with open(stub, "w", encoding="utf-8") as f:
                f.write(f"remote tcp 127.0.0.1 {shard.port}\n")
            server = Server(kosearch, stub)
            remote_shard_checks(browser, server.base)
    finally:
        if browser:
            browser.close()
        if server:
            server.close()
        if shard:
            shard.close()
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"browser_test: {cdp.passed} passed, {cdp.failed} failed")
    return 0 if cdp.failed == 0 and cdp.passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
