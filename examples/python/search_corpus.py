#!/usr/bin/env python3
"""Indexes a folder of articles (corpus/ by default) and prints the passages ranked for a query.

    python3 examples/python/search_corpus.py [CORPUS_DIR] [QUERY] [--index DIR]

Without --index the index is built in a temporary folder and removed afterwards. From a build
tree, run with PYTHONPATH=python (and KOSEARCH_LIBRARY=build/capi/libkosearch_c.so if the build
folder is not build/); after `cmake --install`, `import kosearch` works as is.
"""

import argparse
import html
import os
import sys
import tempfile

import kosearch


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=os.path.join(here, "..", "..", "corpus"))
    parser.add_argument("query", nargs="?", default="스케일AI 지분")
    parser.add_argument("--index", help="index folder to build or extend (default: a temporary one)")
    parser.add_argument("-k", type=int, default=5, help="passages to print")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        index = args.index or os.path.join(tmp, "index")
        try:
            with kosearch.Indexer(index) as ix:
                added = ix.add_path(args.corpus)
            print(f"indexed {added} articles from {args.corpus}")
            with kosearch.Searcher(index) as searcher:
                results = searcher.search(args.query, k=args.k)
        except kosearch.Error as e:
            print(f"search_corpus: {type(e).__name__}: {e}", file=sys.stderr)
            return 1
    about = "" if results.total_exact else "about "
    print(f'{about}{results.total} passages match "{args.query}"')
    for hit in results:
        # The snippet is HTML (escaped text, matches in <b>): shown here with «» for a terminal.
        snippet = hit.snippet.replace("<b>", "«").replace("</b>", "»")
        snippet = html.unescape(snippet)
        print(f"{hit.rank:2d}. [{hit.score:.3f}] {hit.title}  ({hit.passage_id})")
        print(f"    {snippet}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
