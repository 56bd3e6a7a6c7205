"""The browser test's parts against real news: `kosearch serve` over the repository's corpus/,
and over the same index behind xapian-tcpsrv (a remote shard)."""

import json
import os
import urllib.parse
import urllib.request

from cdp import FIRST_RANK, HITS, check, shown

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

    # 관련 기사 따로 보기: the copies as hits of their own (duplicates=show), a chip groups them again.
    apart = act("관련 기사 따로 보기", "document.querySelector('#results details.duplicates a.show-copies').click()")
    check(params().get("duplicates") == ["show"], "the URL holds duplicates=show")
    hits = same_hits(apart, "duplicates=show")
    listed = {h["id"] for h in hits} & WIRE_STORY
    check(len(listed) >= 2, f"the wire story's copies are listed apart: {sorted(listed)}")
    check(browser.js("document.querySelectorAll('#results a.show-copies').length") == 0, "no 따로 보기 link while apart")
    act("the chip", "document.querySelector('#chips button').click()")
    check("duplicates" not in params() and browser.js(SHOWN_HITS) == first_page, "the chip groups the copies again")

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
