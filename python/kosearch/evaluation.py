"""kosearch.evaluate: trec_eval-exact measures, as `kosearch eval`."""

import os

from . import _lib
from ._lib import lib
from .errors import InvalidArgument, InvalidInput


def _is_path(value):
    return isinstance(value, (str, os.PathLike))


def _check_id(value, what):
    value = str(value)
    if not value or any(ch.isspace() for ch in value):
        raise InvalidArgument(f"{what} {value!r} is empty or holds whitespace: TREC files "
                              "cannot carry it")
    return value


def _run_text(run):
    """TREC run text from {qid: {docid: score}}, {qid: [(docid, score), ...]} or
    {qid: Results} (a Searcher's results: doc ids are the passages' article ids, best score
    kept per article)."""
    lines = []
    for qid, docs in run.items():
        qid = _check_id(qid, "topic id")
        if hasattr(docs, "hits"):
            best = {}
            for h in docs:
                best[h.doc_id] = max(best.get(h.doc_id, h.score), h.score)
            docs = best
        items = docs.items() if isinstance(docs, dict) else docs
        for rank, (doc, score) in enumerate(items, 1):
            lines.append(f"{qid} Q0 {_check_id(doc, 'document id')} {rank} {float(score)!r} py")
    return "\n".join(lines) + "\n"


def _qrels_text(qrels):
    lines = []
    for qid, docs in qrels.items():
        qid = _check_id(qid, "topic id")
        for doc, grade in docs.items():
            lines.append(f"{qid} 0 {_check_id(doc, 'document id')} {int(grade)}")
    return "\n".join(lines) + "\n"


def _read(path):
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        return f.read()


def evaluate(run, qrels, measures=None, *, relevance_level=1, complete=False, per_topic=False):
    """trec_eval-exact measures of `run` against `qrels`.

    `run`: {topic: {doc: score}}, {topic: [(doc, score), ...]}, {topic: Results}, or the path
    of a TREC run file. `qrels`: {topic: {doc: grade}} or the path of a TREC or BEIR qrels
    file. `measures`: trec_eval names (a list, or one string separated by spaces:
    "ndcg_cut_10 P.5,10 map recip_rank@10"); None gives `kosearch eval`'s default set.
    `relevance_level` is trec_eval -l, `complete` trec_eval -c.

    Returns {measure: value} over all topics (counts summed, others averaged); with
    `per_topic`, {topic: {measure: value}} with the aggregate under "all", as trec_eval -q.
    """
    run_source = os.fspath(run) if _is_path(run) else None
    qrels_source = os.fspath(qrels) if _is_path(qrels) else None
    run_text = _read(run) if run_source else _run_text(run)
    qrels_text = _read(qrels) if qrels_source else _qrels_text(qrels)
    if measures is not None and not isinstance(measures, str):
        measures = " ".join(measures)
    try:
        ptr = _lib.call(lib.ks_evaluate, _lib.encode(run_text, "run"),
                        _lib.encode(qrels_text, "qrels"),
                        _lib.encode(measures, "measures") if measures else None,
                        int(relevance_level), 1 if complete else 0)
    except InvalidInput as e:
        # The library names the texts "run" and "qrels": name the files instead.
        message = str(e)
        for name, source in (("run", run_source), ("qrels", qrels_source)):
            if source and message.startswith(name + ":"):
                message = source + message[len(name):]
        raise InvalidInput(message) from None
    try:
        names = [lib.ks_eval_measure_name(ptr, m).decode() for m in range(lib.ks_eval_measure_count(ptr))]
        aggregate = {n: lib.ks_eval_aggregate(ptr, m) for m, n in enumerate(names)}
        if not per_topic:
            return aggregate
        out = {}
        for t in range(lib.ks_eval_topic_count(ptr)):
            topic = lib.ks_eval_topic(ptr, t).decode("utf-8", "replace")
            out[topic] = {n: lib.ks_eval_value(ptr, t, m) for m, n in enumerate(names)}
        out["all"] = aggregate
        return out
    finally:
        lib.ks_eval_free(ptr)
