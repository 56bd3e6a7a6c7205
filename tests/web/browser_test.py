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

import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

import websocket

CORPUS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "corpus")
CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
passed = 0
failed = 0


def check(condition, what):
    global passed, failed
    if condition:
        passed += 1
    else:
        failed += 1
        print(f"FAIL: {what}", file=sys.stderr)


def read_line_matching(stream, needle, deadline, what):
    """Reads `stream` line by line until one contains `needle`."""
    lines = []
    while time.monotonic() < deadline:
        line = stream.readline()
        if not line:
            break
        lines.append(line)
        if needle in line:
            return line
    raise RuntimeError(f"{what} did not start: " + "".join(lines[-10:]))


class Browser:
    """One headless Chromium and a CDP session on its page."""

    def __init__(self, profile):
        exe = next((shutil.which(c) for c in CHROMIUM_CANDIDATES if shutil.which(c)), None)
        if exe is None:
            raise RuntimeError("no chromium found: run scripts/install-deps.sh (Debian's chromium)")
        self.proc = subprocess.Popen(
            [exe, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-extensions", "--disable-background-networking", "--disable-sync",
             "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
             "--remote-allow-origins=*", f"--user-data-dir={profile}", "--window-size=1100,900"]
            + os.environ.get("KOSEARCH_CHROMIUM_FLAGS", "").split() + ["about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        line = read_line_matching(self.proc.stderr, "DevTools listening on ",
                                  time.monotonic() + 60, "chromium")
        port = urllib.parse.urlparse(line.split("DevTools listening on ", 1)[1].strip()).port
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10))
        page = next(t for t in targets if t["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=30,
                                              suppress_origin=True)
        self.next_id = 0
        self.events = []
        for domain in ("Page", "Runtime", "Network"):
            self.send(f"{domain}.enable")

    def send(self, method, **params):
        self.next_id += 1
        my_id = self.next_id
        self.ws.send(json.dumps({"id": my_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == my_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            if "method" in message:
                self.on_event(message)

    def on_event(self, message):
        self.events.append(message)
        if message["method"] == "Fetch.requestPaused" and getattr(self, "stub", None):
            p = message["params"]
            body = self.stub(p["request"]["url"])
            self.ws.send(json.dumps({"id": 0, "method": "Fetch.fulfillRequest", "params": {
                "requestId": p["requestId"], "responseCode": 200,
                "responseHeaders": [{"name": "Content-Type", "value": "application/json"}],
                "body": base64.b64encode(body.encode()).decode()}}))

    def js(self, expression):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True,
                           awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression, what, timeout=15):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.js(expression)
            if value:
                return value
            time.sleep(0.05)
        check(False, f"timed out waiting for {what} ({expression})")
        return None

    def goto(self, url):
        self.send("Page.navigate", url=url)
        self.wait_for("document.readyState === 'complete'", f"load of {url}")

    def key(self, key, code, vk, text=None):
        down = {"type": "keyDown", "key": key, "code": code, "windowsVirtualKeyCode": vk}
        if text is not None:
            down["text"] = text
        self.send("Input.dispatchKeyEvent", **down)
        self.send("Input.dispatchKeyEvent", type="keyUp", key=key, code=code, windowsVirtualKeyCode=vk)

    def requested(self, path):
        """URLs of the requests sent so far whose path is `path`."""
        urls = []
        for e in self.events:
            if e["method"] == "Network.requestWillBeSent":
                url = e["params"]["request"]["url"]
                if urllib.parse.urlparse(url).path == path:
                    urls.append(url)
        return urls

    def screenshot(self, path):
        data = self.send("Page.captureScreenshot", format="png")["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def close(self):
        try:
            self.ws.close()
        finally:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


class Server:
    """`kosearch serve` on a free loopback port."""

    def __init__(self, kosearch, index):
        self.proc = subprocess.Popen([kosearch, "serve", "--index", index, "--listen", "127.0.0.1:0"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        line = read_line_matching(self.proc.stderr, "serving ", time.monotonic() + 30, "kosearch serve")
        self.base = "http://" + line.split("http://", 1)[1].split("/", 1)[0]

    def close(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


class ShardServer:
    """xapian-tcpsrv serving `index` on a free loopback port, in a process group of its own (it
    forks a child per connection): None when xapian-tcpsrv is not installed."""

    @staticmethod
    def start(index):
        exe = shutil.which("xapian-tcpsrv")
        return ShardServer(exe, index) if exe else None

    def __init__(self, exe, index):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.proc = subprocess.Popen([exe, "--interface", "127.0.0.1", "--port", str(self.port), index],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     start_new_session=True)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and self.proc.poll() is None:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        self.close()
        raise RuntimeError(f"xapian-tcpsrv did not start on port {self.port}")

    def close(self):
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


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


def shown(element_id):
    """JS: whether the element takes space on the page (not display:none, nor inside one)."""
    return f"(document.getElementById('{element_id}').getClientRects().length > 0)"


HITS = "document.querySelectorAll('#results .hit').length"
FIRST_RANK = "(document.querySelector('#results .hit .rank') || {}).textContent"


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


RENDERS = "performance.getEntriesByName('kosearch:results').length"
# The hits as drawn: what a reader sees of each.
SHOWN_HITS = """[...document.querySelectorAll('#results .hit')].map((li) => {
    const one = (sel) => li.querySelector(sel);
    return {rank: one('.rank').textContent, id: one('.doc-id code').textContent,
            published: one('.date time') ? one('.date time').getAttribute('datetime') : null,
            date: one('.date') ? one('.date').textContent : null,
            publisher: one('.publisher') ? one('.publisher').textContent : null,
            copies: one('details.duplicates summary') ? one('details.duplicates summary').textContent : null,
            copy_ids: [...li.querySelectorAll('details.duplicates li')].map((x) => x.textContent)};
})"""
# The facets as drawn: {heading: [button text, ...]}.
SHOWN_FACETS = """(() => {
    const out = {}; let name = null;
    for (const e of document.getElementById('facets').children) {
        if (e.tagName === 'H2') name = e.textContent; else out[name] = [...e.querySelectorAll('button')].map((b) => b.textContent);
    }
    return out;
})()"""
WIRE_STORY = {"028_wire_hbm_exports", "029_copy_hbm_exports_agency", "030_copy_hbm_exports_online",
              "031_copy_hbm_exports_techilbo"}


def real_news_checks(browser, base, screenshot_dir):
    """The page against `kosearch serve` over corpus/: what it shows is what the server answered.
    Each step acts as a user does and waits for the page to draw the answer it asked for."""

    def act(what, script):
        """Runs `script` (a user's action), waits until the page has drawn the answer, and
        returns that answer as the server gives it to the URL the page asked."""
        renders = browser.js(RENDERS)
        browser.js("{ " + script + " }")  # a block: its names do not outlive it
        browser.wait_for(f"{RENDERS} > {renders} && !document.getElementById('results').hasAttribute('aria-busy')",
                         f"the page drawn after {what}")
        return last_answer()

    def last_answer():
        browser.js("0")  # reads the network events sent so far
        url = browser.requested("/search")[-1]
        with urllib.request.urlopen(url, timeout=10) as r:
            return json.load(r)

    def params():
        return urllib.parse.parse_qs(browser.js("location.search")[1:])

    def same_hits(answer, what):
        hits = browser.js(SHOWN_HITS)
        want = answer["hits"]
        check(len(hits) == len(want), f"{what}: {len(hits)} hits shown, the server sent {len(want)}")
        for shown_hit, h in zip(hits, want):
            n = h.get("duplicates") or 0
            expected = {"id": h["doc_id"], "published": h.get("published"), "publisher": h.get("publisher"),
                        "copies": f"관련 기사 {n}건" if n else None, "copy_ids": h.get("duplicate_ids", []) if n else []}
            got = {k: shown_hit[k] for k in expected}
            check(got == expected, f"{what}: hit {shown_hit['rank']} shows {got}, the server sent {expected}")
        return hits

    # A user opens the page, types a query and presses Enter: one /search per load.
    browser.goto(base + "/")
    before = len(browser.requested("/search"))
    browser.send("Input.insertText", text="반도체")
    renders = browser.js(RENDERS)
    browser.key("Enter", "Enter", 13, "\r")
    browser.wait_for(f"{RENDERS} > {renders}", "the results of 반도체")
    answer = last_answer()
    asked = browser.requested("/search")[before:]
    check(len(asked) == 1 and "facets=" in asked[0], f"one /search per search, facets included ({asked})")
    check(params().get("q") == ["반도체"], "the URL holds the typed query")
    hits = same_hits(answer, "반도체")
    check(hits and hits[0]["rank"] == "1.", "ranked results")
    dated = [h for h in hits if h["date"]]
    check(len(dated) >= 3 and all(h["publisher"] for h in dated), "dates and publishers shown")
    check(all(h["date"] == h["published"][:10].replace("-", ".") + " " + h["published"][11:16] for h in dated),
          "dates shown as the source stated them")

    # The wire story and its three copies: one hit, with "관련 기사 N건" as the server counts them.
    wire = [h for h in hits if h["id"] in WIRE_STORY]
    check(len(wire) == 1, f"the wire story is shown once ({[h['id'] for h in wire]})")
    sent = [h for h in answer["hits"] if h["doc_id"] in WIRE_STORY]
    check(sent and sent[0].get("duplicates", 0) >= 1, "the server groups the wire story's copies")
    if wire and sent:
        check(wire[0]["copies"] == f"관련 기사 {sent[0]['duplicates']}건", f"the copies counted: {wire[0]['copies']}")
        check(set(wire[0]["copy_ids"]) | {wire[0]["id"]} <= WIRE_STORY, "the copies listed are the wire story's")

    # The facets: the counts the server sent, in its order.
    facets = browser.js(SHOWN_FACETS)
    want = {name: [f"{v['value']} ({v['count']})" for v in answer.get("facets", {}).get(key, [])]
            for key, name in (("publisher", "언론사"), ("month", "월"))}
    check(want["언론사"] and facets.get("언론사") == want["언론사"],
          f"the publisher facet as the server counts it: {facets.get('언론사')} vs {want['언론사']}")
    check(facets.get("월") == want["월"], f"the month facet as the server counts it: {facets.get('월')}")
    check(browser.js(shown("controls")), "sort and dates show for a news index")
    check(list(facets) == ["언론사", "기자", "분류", "월"], f"the facets in the page's order: {list(facets)}")
    if screenshot_dir:
        browser.screenshot(os.path.join(screenshot_dir, "search-page.png"))
    first_page = hits

    # A facet click: the URL holds the publisher, and every hit shown is of it.
    top = answer["facets"]["publisher"][0]["value"] if answer.get("facets", {}).get("publisher") else ""
    filtered = act("a facet click", "[...document.querySelectorAll('#facets button')]"
                   f".find((b) => b.textContent.startsWith({json.dumps(top + ' (')})).click()")
    check(params().get("publisher") == [top], f"the URL holds publisher={top}: {browser.js('location.search')}")
    hits = same_hits(filtered, f"publisher {top}")
    check(hits and all(h["publisher"] == top for h in hits), f"every hit is of {top}: {[h['publisher'] for h in hits]}")
    check(browser.js("document.querySelector('#facets button[aria-pressed=true]').textContent").startswith(top),
          "the chosen facet value is pressed")
    check(browser.js("document.querySelectorAll('#chips button').length") == 1, "the filter shows as a chip")

    # Back: the unfiltered results again.
    act("Back", "history.back()")
    check("publisher" not in params() and params().get("q") == ["반도체"], "Back restores the URL")
    check(browser.js(SHOWN_HITS) == first_page, "Back restores the results")

    # 최신순: the hits in date order, undated ones last.
    newest = act("최신순", "const s = document.getElementById('sort'); s.value = 'newest'; s.dispatchEvent(new Event('change'))")
    check(params().get("sort") == ["newest"], "the URL holds sort=newest")
    hits = same_hits(newest, "최신순")
    dates = [h["published"] for h in hits]
    known = [d for d in dates if d]
    check(len(known) >= 3 and known == sorted(known, reverse=True) and dates[:len(known)] == known,
          f"the hits in date order, newest first: {dates}")

    # A date range through the inputs: the URL and the hits follow.
    act("a start date", "const s = document.getElementById('since'); s.value = '2025-08-15'; s.dispatchEvent(new Event('change'))")
    ranged = act("an end date", "const s = document.getElementById('until'); s.value = '2025-08-20'; s.dispatchEvent(new Event('change'))")
    p = params()
    check(p.get("since") == ["2025-08-15"] and p.get("until") == ["2025-08-20"] and p.get("sort") == ["newest"],
          f"the URL holds the range and the order: {browser.js('location.search')}")
    hits = same_hits(ranged, "2025-08-15..2025-08-20")
    check(hits and all(h["published"] and "2025-08-15" <= h["published"][:10] <= "2025-08-20" for h in hits),
          f"every hit is within the range: {[h['published'] for h in hits]}")
    check(browser.js("document.querySelectorAll('#chips button').length") == 3, "each filter shows as a chip")

    # A month facet filters by its dates; a chip removes a filter.
    browser.goto(base + "/?" + urllib.parse.urlencode({"q": "반도체"}))
    browser.wait_for(f"{RENDERS} > 0", "the results of a URL")
    month = last_answer()["facets"]["month"][-1]["value"]
    by_month = act("a month click", "[...document.querySelectorAll('#facets button')]"
                   f".find((b) => b.textContent.startsWith({json.dumps(month + ' (')})).click()")
    p = params()
    check(p.get("since", [""])[0] == month + "-01" and p.get("until", [""])[0][:7] == month,
          f"the month {month} as a date range: {browser.js('location.search')}")
    hits = same_hits(by_month, f"month {month}")
    check(hits and all(h["published"] and h["published"][:7] == month for h in hits), f"every hit is of {month}")
    act("a chip's button", "document.querySelector('#chips button').click()")
    check("since" not in params(), "a chip's button removes its filter")

    # A range that matches nothing keeps the date inputs, so it can be changed.
    browser.goto(base + "/?" + urllib.parse.urlencode({"q": "반도체", "since": "2030-01-01"}))
    browser.wait_for(f"{RENDERS} > 0", "the results of a URL")
    check(browser.js(HITS) == 0 and last_answer()["total"] == 0, "no hit after 2030")
    check(browser.js(shown("controls")) and browser.js("document.getElementById('since').value") == "2030-01-01",
          "the date inputs stay, holding the range, when it matches nothing")

    # Paging: page 2 from the pager, then Back.
    browser.goto(base + "/?" + urllib.parse.urlencode({"q": "반도체"}))
    browser.wait_for(f"{RENDERS} > 0", "the results of a URL")
    first = last_answer()
    check(first["total"] > 10, f"the query has a second page (total {first['total']})")
    second = act("the next page", "document.querySelector('#pager a[rel=next]').click()")
    check(params().get("page") == ["2"], "the URL holds page=2")
    check(browser.js(FIRST_RANK) == "11.", "page 2 starts at rank 11")
    same_hits(second, "page 2")
    act("Back", "history.back()")
    check(browser.js(FIRST_RANK) == "1." and "page" not in params(), "Back shows page 1 again")


def remote_shard_checks(browser, base):
    """A server over an index with a remote shard cannot count facets (xapian-tcpsrv runs no
    kosearch code) and says so with a 400 naming 'facets': the page asks once more without
    them, shows the results, and asks once per load after that."""
    for load, want in ((1, [True, False]), (2, [False])):
        before = len(browser.requested("/search"))
        browser.goto(base + "/?" + urllib.parse.urlencode({"q": "반도체"}))
        browser.wait_for(f"{RENDERS} > 0", "the results over a remote shard")
        browser.js("0")  # reads the network events sent so far
        asked = browser.requested("/search")[before:]
        check(["facets=" in url for url in asked] == want,
              f"load {load} over a remote shard: /search asked {asked}")
        check(browser.js(HITS) > 0 and not browser.js("document.getElementById('status').classList.contains('error')"),
              f"load {load} over a remote shard shows results")
        check(browser.js(f"!{shown('facets')} && {shown('controls')}"),
              f"load {load} over a remote shard: no facets, sort and dates still there")


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
    print(f"browser_test: {passed} passed, {failed} failed")
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
