#!/usr/bin/env python3
"""Offline check of article-level evidence on kowiki_open (issue 27): re-scores a kosearch eval
run (documents = the collection's records) with
  title: + lam x [the record's title, without a parenthesis, is in the question (spaces ignored)]
  article: + lam x (the best score of another record of the same title in the run)
and prints nDCG@10 / RR@10 / R@100 / answer hit@1,5,20 per setting (answers as kosearch eval:
NFKC, case folded, whitespace removed).

  kosearch eval --index IDX --queries OUT/queries.jsonl --qrels OUT/qrels/test.tsv -k 100 --run /tmp/run.trec
  bench/open_rescore.py /tmp/run.trec OUT [OUT/queries-nospace.jsonl]
"""
import collections
import json
import math
import re
import sys

from beir_runs import norm, read_answers, read_qrels, read_run

run_path, coll = sys.argv[1], sys.argv[2]
qpath = sys.argv[3] if len(sys.argv) > 3 else f"{coll}/queries.jsonl"


run = read_run(run_path)
need = {d for r in run.values() for d, _ in r}
title, text = {}, {}
with open(f"{coll}/corpus.jsonl", encoding="utf-8") as f:
    for line in f:
        o = json.loads(line)
        if o["_id"] in need:
            title[o["_id"]] = o.get("title", "")
            text[o["_id"]] = norm(o.get("title", "") + " " + o.get("text", ""))
queries = {}
for line in open(qpath, encoding="utf-8"):
    o = json.loads(line)
    queries[o["_id"]] = norm(o["text"])
qrels = read_qrels(coll)
answers = read_answers(coll)


def subject(t):
    return norm(re.sub(r"\s*\(.*?\)\s*", "", t))


def metrics(rank):
    nd = rr = rec = 0.0
    hits = [0, 0, 0]
    for qid, rel in qrels.items():
        r = rank(qid, run.get(qid, []))
        nd += sum(1 / math.log2(i + 2) for i, d in enumerate(r[:10]) if d in rel)
        rr += next((1 / (i + 1) for i, d in enumerate(r[:10]) if d in rel), 0)
        rec += len(set(r[:100]) & rel) / len(rel)
        first = next((i for i, d in enumerate(r) if any(a in text.get(d, "") for a in answers.get(qid, []))), None)
        for j, k in enumerate((1, 5, 20)):
            hits[j] += first is not None and first < k
    n = len(qrels)
    return (f"nDCG@10 {nd / n:.4f}  RR@10 {rr / n:.4f}  R@100 {rec / n:.4f}  "
            f"hit@1/5/20 {hits[0] / n:.3f} / {hits[1] / n:.3f} / {hits[2] / n:.3f}")


def rescored(lam_title, lam_article, min_len=2):
    def rank(qid, r):
        q = queries.get(qid, "")
        best = collections.defaultdict(list)
        for d, s in r:
            best[title.get(d, d)].append(s)
        out = []
        for d, s in r:
            t = title.get(d, d)
            bonus = 0.0
            sub = subject(t)
            if lam_title and len(sub) >= min_len and sub in q:
                bonus += lam_title
            if lam_article:
                others = sorted(best[t], reverse=True)
                others.remove(s)
                bonus += lam_article * (others[0] if others else 0.0)
            out.append((s + bonus, d))
        out.sort(key=lambda x: -x[0])  # stable: ties keep the run's order (trec_eval's)
        return [d for _, d in out]
    return rank


print("baseline          ", metrics(lambda q, r: [d for d, _ in r]))
for lt in (1, 2, 4, 8, 16):
    print(f"title {lt:<4}        ", metrics(rescored(lt, 0)))
for la in (0.02, 0.05, 0.1, 0.2):
    print(f"article {la:<4}      ", metrics(rescored(0, la)))
for lt, la in ((4, 0.05), (8, 0.05), (4, 0.1)):
    print(f"title {lt} article {la}", metrics(rescored(lt, la)))
