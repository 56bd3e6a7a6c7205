#!/usr/bin/env python3
"""Offline check of "a paragraph's article as evidence" (README, Relevance): re-scores a
kosearch eval run by adding lam x (the best score / sum / count of the other paragraphs of the
same article among the best POOL) and prints nDCG@10 / MRR@10 / Recall@100 for each setting.

  build-rel/cli/kosearch eval --index IDX --queries Q --qrels QRELS -k 1000 --run /tmp/run.trec
  bench/article_evidence.py /tmp/run.trec ../shared/data/korquad1_wiki

The article of a paragraph is its title in the collection's corpus.jsonl(.zst).
"""
import collections
import json
import math
import subprocess
import sys

run_path, coll = sys.argv[1], sys.argv[2]
corpus = subprocess.run(["zstd", "-dcf", f"{coll}/corpus.jsonl.zst"], capture_output=True,
                        check=True).stdout.decode().split("\n")
title = {}
for line in filter(None, corpus):
    o = json.loads(line)
    title[o["_id"]] = o.get("title", "")
qrels = collections.defaultdict(set)
for line in open(f"{coll}/qrels/test.tsv"):
    p = line.split()
    if len(p) >= 3 and p[-1].isdigit() and int(p[-1]) > 0:
        qrels[p[0]].add(p[1])
run = collections.defaultdict(list)
for line in open(run_path):
    p = line.split()
    run[p[0]].append((p[2], float(p[4])))


def metrics(rank):
    nd = mrr = rec = 0.0
    for qid, rel in qrels.items():
        r = rank(run.get(qid, []))
        nd += sum(1 / math.log2(i + 2) for i, d in enumerate(r[:10]) if d in rel) / \
            sum(1 / math.log2(i + 2) for i in range(min(len(rel), 10)))
        mrr += next((1 / (i + 1) for i, d in enumerate(r[:10]) if d in rel), 0)
        rec += len(set(r[:100]) & rel) / len(rel)
    n = len(qrels)
    return f"{nd / n:.4f} / {mrr / n:.4f} / {rec / n:.4f}"


def fused(lam, pool, mode):
    def rank(r):
        r = r[:pool]
        by = collections.defaultdict(list)
        for d, s in r:
            by[title.get(d, d)].append(s)
        top = r[0][1] if r else 1.0
        out = []
        for d, s in r:
            others = sorted(by[title.get(d, d)], reverse=True)
            others.remove(s)
            e = {"max": others[0] if others else 0.0, "sum": sum(others),
                 "count": len(others) * top / 10}[mode]
            out.append((s + lam * e, d))
        out.sort(key=lambda x: -x[0])
        return [d for _, d in out]
    return rank


print("baseline", metrics(lambda r: [d for d, _ in r]))
for mode in ("max", "sum", "count"):
    for lam in (0.02, 0.05, 0.1, 0.2):
        print(mode, lam, metrics(fused(lam, 200, mode)))
