"""The kosearch Python package over a real index on disk."""

import gc
import threading

import pytest

import kosearch


def test_search_returns_ranked_hits_with_every_field(corpus_index):
    s = kosearch.Searcher(corpus_index)
    res = s.search("스케일AI 지분", k=5)
    assert res.total >= 5 and res.total_exact in (True, False)
    assert len(res) == 5
    assert [h.rank for h in res] == [1, 2, 3, 4, 5]
    scores = [h.score for h in res]
    assert scores == sorted(scores, reverse=True)
    top = res[0]
    assert top.doc_id == "002_scale_ai_stake_49"
    assert top.passage_id.startswith(top.doc_id + "#")
    assert "스케일AI" in top.title and "스케일" in top.text
    assert "<b>" in top.snippet
    assert top.score == pytest.approx(sum(top.score_parts.values()))
    for begin, end in top.highlights:
        assert 0 <= begin < end <= len(top.text)
    assert any("스케일" in top.text[b:e] or "지분" in top.text[b:e] for b, e in top.highlights)


def test_results_outlive_the_searcher(corpus_index):
    s = kosearch.Searcher(corpus_index)
    res = s.search("고양이", k=3)
    s.close()
    del s
    gc.collect()
    assert res[0].doc_id == "py-1"
    assert "고양이" in res[0].text and "<b>" in res[0].snippet
    closed = kosearch.Searcher(corpus_index)
    closed.close()
    with pytest.raises(ValueError, match="closed"):
        closed.search("고양이")


def test_paging_with_offset(corpus_index):
    s = kosearch.Searcher(corpus_index)
    first = s.search("메타", k=4)
    second = s.search("메타", k=4, offset=4)
    assert [h.rank for h in second] == [5, 6, 7, 8]
    assert not {h.passage_id for h in first} & {h.passage_id for h in second}
    assert s.search("메타", k=8).hits[4:] == second.hits


def test_options_per_search_do_not_stick(corpus_index):
    s = kosearch.Searcher(corpus_index)
    assert s.search("고양이", k=1, snippets=False)[0].snippet == ""
    assert "<b>" in s.search("고양이", k=1)[0].snippet
    assert kosearch.Searcher(corpus_index, snippets=0).search("고양이", k=1)[0].snippet == ""


def test_one_per_article_and_count_only(corpus_index):
    s = kosearch.Searcher(corpus_index)
    res = s.search("메타", k=10, one_per_article=True)
    assert len({h.doc_id for h in res}) == len(res)
    counted = s.search("메타", k=0)
    assert len(counted) == 0 and counted.total > 0


def test_errors_are_one_hierarchy(corpus_index, tmp_path):
    with pytest.raises(kosearch.IndexNotFound) as e:
        kosearch.Searcher(tmp_path / "nothing-here")
    assert isinstance(e.value, kosearch.Error) and e.value.code == 4
    assert "nothing-here" in str(e.value)
    with pytest.raises(kosearch.InvalidArgument) as e:
        kosearch.Searcher(corpus_index).search("고양이", no_such_option=1)
    assert isinstance(e.value, ValueError) and "valid" in str(e.value)
    with pytest.raises(kosearch.InvalidArgument, match="'split_words' was removed"):
        kosearch.Searcher(corpus_index, split_words=True)
    with pytest.raises(kosearch.InvalidArgument):
        kosearch.Searcher(corpus_index, k1="abc")
    with pytest.raises(kosearch.QuerySyntax):
        kosearch.Searcher(corpus_index).search("가나 " * 5000)
    with pytest.raises(kosearch.InvalidArgument):
        kosearch.Searcher(corpus_index).search("고양\0이")
    with pytest.raises(kosearch.InvalidArgument):
        kosearch.Indexer(tmp_path / "new", no_such_option=1)


def test_a_second_writer_is_refused(tmp_path):
    with kosearch.Indexer(tmp_path / "idx") as ix:
        ix.add(id="a", text="첫 번째 글")
        with pytest.raises(kosearch.IndexLocked):
            kosearch.Indexer(tmp_path / "idx")
    with kosearch.Indexer(tmp_path / "idx"):  # the lock went with the first
        pass


def test_indexer_commits_at_the_end_of_the_block_and_removes(tmp_path):
    path = tmp_path / "idx"
    with kosearch.Indexer(path) as ix:
        ix.add(id="keep", title="보관", text="남겨 둘 사과 이야기")
    with pytest.raises(RuntimeError):
        with kosearch.Indexer(path) as ix:
            raise RuntimeError("boom")  # closes, and releases the lock
    s = kosearch.Searcher(path)
    assert {h.doc_id for h in s.search("사과")} == {"keep"}
    with kosearch.Indexer(path) as ix:
        assert ix.remove("keep") == 1
        assert ix.remove("never-there") == 0
    s.reopen()
    assert len(s.search("사과")) == 0


def test_extra_fields_are_refused_by_name(tmp_path):
    with kosearch.Indexer(tmp_path / "idx") as ix:
        with pytest.raises(TypeError, match="'publisher'"):
            ix.add(id="n1", title="뉴스", text="본문", publisher="연합뉴스")


def test_reopen_sees_new_commits(tmp_path):
    path = tmp_path / "idx"
    with kosearch.Indexer(path) as ix:
        ix.add(id="one", text="바나나 하나")
    s = kosearch.Searcher(path)
    assert s.search("바나나").total == 1
    with kosearch.Indexer(path) as ix:
        ix.add(id="two", text="바나나 둘")
    s.reopen()
    assert s.search("바나나").total == 2


def test_one_searcher_from_several_threads(corpus_index):
    s = kosearch.Searcher(corpus_index)
    queries = ["스케일AI 지분", "메타 초지능", "고양이", "엔비디아", "삼성 HBM", "강아지"]
    expected = {q: [(h.passage_id, h.score) for h in s.search(q, k=5)] for q in queries}
    failures = []

    def worker(n):
        try:
            for i in range(30):
                q = queries[(n + i) % len(queries)]
                got = [(h.passage_id, h.score) for h in s.search(q, k=5)]
                if got != expected[q]:
                    failures.append((q, got))
        except Exception as e:  # noqa: BLE001 - reported below
            failures.append(e)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert 1 <= len(s._idle) <= 6  # one library searcher per concurrent search, reused


def test_analyze_terms_with_offsets():
    text = "스케일AI의 지분을 49% 확보"
    tokens = kosearch.analyze(text)
    terms = [t.term for t in tokens]
    assert terms[:3] == ["스케", "케일", "ai"]
    assert "지분" in terms and "49" in terms
    for t in tokens:
        assert text.encode()[t.byte_begin:t.byte_end].decode() == text[t.begin:t.end]
    ai = tokens[2]
    assert (ai.kind, text[ai.begin:ai.end], ai.position) == ("word", "AI", 2)
    with pytest.raises(kosearch.InvalidArgument):
        kosearch.analyze("가나", analyzer="no-such-analyzer")


RUN = {"q1": {"d1": 3.0, "d2": 2.0, "d3": 1.0}, "q2": [("d9", 5.0), ("d4", 4.0)]}
QRELS = {"q1": {"d2": 1, "d3": 0}, "q2": {"d4": 2, "d5": 1}}


def test_evaluate_matches_hand_computed_trec_eval_values():
    m = kosearch.evaluate(RUN, QRELS, ["map", "recip_rank", "P_2", "num_rel_ret", "num_q"])
    # q1: relevant d2 at rank 2 -> AP 1/2, RR 1/2, P_2 1/2; q2: d4 at rank 2 of 2 relevant ->
    # AP (1/2)/2 = 1/4, RR 1/2, P_2 1/2.
    assert m["map"] == pytest.approx((0.5 + 0.25) / 2)
    assert m["recip_rank"] == pytest.approx(0.5)
    assert m["P_2"] == pytest.approx(0.5)
    assert m["num_rel_ret"] == 2 and m["num_q"] == 2
    per = kosearch.evaluate(RUN, QRELS, "map P_2", per_topic=True)
    assert per["q1"]["map"] == pytest.approx(0.5) and per["q2"]["map"] == pytest.approx(0.25)
    assert per["all"]["map"] == pytest.approx(0.375)


def test_evaluate_files_and_errors(tmp_path):
    run = tmp_path / "run.trec"
    run.write_text("q1 Q0 d1 1 3.0 t\nq1 Q0 d2 2 2.0 t\n")
    qrels = tmp_path / "qrels.tsv"
    qrels.write_text("query-id\tcorpus-id\tscore\nq1\td2\t1\n")
    assert kosearch.evaluate(run, qrels, ["recip_rank"]) == {"recip_rank": 0.5}
    assert set(kosearch.evaluate(run, qrels)) >= {"ndcg_cut_10", "RR@10", "map"}
    run.write_text("q1 Q0 d1 1 3.0 t\nq1 Q0 d2 two\n")
    with pytest.raises(kosearch.InvalidInput, match=str(run) + ":2"):
        kosearch.evaluate(run, qrels)
    with pytest.raises(kosearch.InvalidArgument, match="P_x"):
        kosearch.evaluate(RUN, QRELS, ["P_x"])
    with pytest.raises(kosearch.InvalidArgument):
        kosearch.evaluate({"q1": {"d 1": 1.0}}, QRELS)


def test_evaluate_a_searchers_results(corpus_index):
    s = kosearch.Searcher(corpus_index)
    run = {"cat": s.search("고양이", k=10), "dog": s.search("강아지", k=10)}
    m = kosearch.evaluate(run, {"cat": {"py-1": 1}, "dog": {"py-2": 1}}, ["recip_rank", "P_1"])
    assert m == {"recip_rank": 1.0, "P_1": 1.0}


# Features of libraries with news search or suggestions: tested when the loaded library has them.
from kosearch import _lib  # noqa: E402


@pytest.mark.skipif(not _lib.has("ks_results_facet_size"), reason="library without news search")
def test_news_facets_duplicates_and_filters(corpus_index):
    s = kosearch.Searcher(corpus_index)
    res = s.search("메타", k=5, facets="publisher")
    assert isinstance(res.facets.get("publisher"), list)
    for h in res:
        assert h.duplicates >= len(h.duplicate_ids)
    everything = s.search("메타", k=0).total
    # A multi-value option replaces what the last call set, and is gone from the next call.
    assert s.search("메타", k=0, publisher=["연합뉴스", "뉴시스"]).total <= everything
    assert s.search("메타", k=0, publisher="뉴시스").total <= everything
    assert s.search("메타", k=0).total == everything


@pytest.mark.skipif(_lib.has("ks_results_facet_size"), reason="library with news search")
def test_hits_without_news_search_have_no_duplicates(corpus_index):
    res = kosearch.Searcher(corpus_index).search("메타", k=3)
    assert all(h.duplicates == 0 and h.duplicate_ids == () for h in res) and res.facets == {}


@pytest.mark.skipif(not _lib.has("ks_searcher_suggest"), reason="library without suggestions")
def test_suggest(corpus_index):
    found = kosearch.Searcher(corpus_index).suggest("스케", k=5)
    assert 1 <= len(found) <= 5
    assert all(isinstance(x, kosearch.Suggestion) and x.articles >= 1 for x in found)
    assert any(x.text.startswith("스케") for x in found)


@pytest.mark.skipif(_lib.has("ks_searcher_suggest"), reason="library with suggestions")
def test_suggest_needs_a_library_with_it(corpus_index):
    with pytest.raises(NotImplementedError, match="ks_searcher_suggest"):
        kosearch.Searcher(corpus_index).suggest("스케")


@pytest.mark.skipif(not _lib.has("ks_results_fields_json"), reason="library without news fields")
def test_news_fields_of_hits(corpus_index):
    top = kosearch.Searcher(corpus_index).search("HBM 수출", k=1)[0]
    assert top.publisher and top.published.startswith("2025-08-14T")
    assert set(top.fields) >= {"published", "publisher", "reporters", "section", "url"}
    plain = kosearch.Searcher(corpus_index).search("고양이", k=1)[0]
    assert plain.publisher is None and plain.published is None
