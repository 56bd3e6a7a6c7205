"""What the offline re-scoring scripts (open_rescore.py, open_priors.py) read: a kosearch eval
run, a BEIR collection's judgments and answers, normalized as kosearch eval compares answers
(NFKC, case folded, whitespace removed)."""
import collections
import json
import re
import unicodedata


def norm(s):
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s).casefold())


def read_run(path):
    """query id -> [(document id, score)] in the run's order."""
    run = collections.defaultdict(list)
    for line in open(path, encoding="utf-8"):
        p = line.split()
        run[p[0]].append((p[2], float(p[4])))
    return run


def read_qrels(coll):
    """query id -> the relevant document ids of COLL/qrels/test.tsv."""
    qrels = collections.defaultdict(set)
    for line in open(f"{coll}/qrels/test.tsv", encoding="utf-8"):
        p = line.split()
        if len(p) >= 3 and p[-1].isdigit() and int(p[-1]) > 0:
            qrels[p[0]].add(p[1])
    return qrels


def read_answers(coll):
    """query id -> its normalized answer strings (COLL/answers.jsonl)."""
    answers = {}
    for line in open(f"{coll}/answers.jsonl", encoding="utf-8"):
        o = json.loads(line)
        answers[o["_id"]] = [norm(a) for a in o["answers"] if norm(a)]
    return answers
