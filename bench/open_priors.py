#!/usr/bin/env python3
"""Offline check of passage priors on kowiki_open (issue 27, session 14): re-scores a kosearch eval
run's best 20 per query (the re-ranked window) with s + bonus(the record's text) and prints
nDCG@10 / RR@10 / R@100 / answer hit@1,5,20, and answer hit@1,5 with the judged KorQuAD
paragraphs (`kq1-*`) left out: a prior that only favours what a KorQuAD paragraph looks like (one
line, 200+ characters) raises nDCG but not that check.

  kosearch eval --index IDX --queries OUT/queries.jsonl --qrels OUT/qrels/test.tsv -k 100 --run /tmp/run.trec
  bench/open_priors.py /tmp/run.trec OUT
"""
import json
import math
import sys

from beir_runs import norm, read_answers, read_qrels, read_run

run_path, coll = sys.argv[1], sys.argv[2]


run = read_run(run_path)
qrels = read_qrels(coll)
answers = read_answers(coll)
need = {d for r in run.values() for d, _ in r}
feat, text = {}, {}  # id -> (characters, lines, lines under 30 characters); id -> normalized text
with open(f"{coll}/corpus.jsonl", encoding="utf-8") as f:
    for line in f:
        o = json.loads(line)
        if o["_id"] in need:
            lines = [p for p in o["text"].split("\n") if p.strip()]
            feat[o["_id"]] = (len(o["text"]), len(lines), sum(len(p) < 30 for p in lines))
            text[o["_id"]] = norm(o["text"])
hit = {(q, d): any(a in text.get(d, "") for a in answers.get(q, [])) for q, r in run.items() for d, _ in r}


def ranked(q, bonus, skip_judged=False):
    r = [(d, s) for d, s in run.get(q, []) if not (skip_judged and d.startswith("kq1-"))]
    top = sorted(((s + bonus(d), i, d) for i, (d, s) in enumerate(r[:20])), key=lambda x: (-x[0], x[1]))
    return [d for _, _, d in top] + [d for d, _ in r[20:]]


def metrics(bonus):
    nd = rr = rec = 0.0
    hits, wiki = [0, 0, 0], [0, 0]
    for q, rel in qrels.items():
        r = ranked(q, bonus)
        nd += sum(1 / math.log2(i + 2) for i, d in enumerate(r[:10]) if d in rel)
        rr += next((1 / (i + 1) for i, d in enumerate(r[:10]) if d in rel), 0)
        rec += len(set(r[:100]) & rel) / len(rel)
        first = next((i for i, d in enumerate(r) if hit[(q, d)]), None)
        for j, k in enumerate((1, 5, 20)):
            hits[j] += first is not None and first < k
        first = next((i for i, d in enumerate(ranked(q, bonus, True)) if hit[(q, d)]), None)
        for j, k in enumerate((1, 5)):
            wiki[j] += first is not None and first < k
    n = len(qrels)
    return (f"nDCG@10 {nd / n:.4f}  RR@10 {rr / n:.4f}  R@100 {rec / n:.4f}  hit@1/5/20 {hits[0] / n:.4f} / "
            f"{hits[1] / n:.4f} / {hits[2] / n:.4f}  without kq1-*: hit@1/5 {wiki[0] / n:.4f} / {wiki[1] / n:.4f}")


print("baseline                  ", metrics(lambda d: 0.0))
for chars in (200, 300, 400):  # rerank_length: + w x min(1, characters / chars)
    for w in (8, 16):
        print(f"length {w:>2} / {chars}          ", metrics(lambda d, w=w, c=chars: w * min(1.0, feat[d][0] / c)))
for share in (0.3, 0.5):  # list-ness: 4+ lines, more than `share` of them under 30 characters
    print(f"list -4 (short lines > {share})", metrics(lambda d, s=share: -4.0 * (feat[d][1] >= 4 and feat[d][2] / feat[d][1] > s)))
print("one line only +4 (artifact)", metrics(lambda d: 4.0 * (feat[d][1] == 1)))
