import os
import pathlib

import pytest

import kosearch

SOURCE_DIR = pathlib.Path(os.environ.get("KOSEARCH_SOURCE_DIR",
                                         pathlib.Path(__file__).resolve().parents[2]))


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory):
    """A real index on disk: corpus/ plus two articles of our own."""
    path = tmp_path_factory.mktemp("kosearch") / "index"
    with kosearch.Indexer(path) as ix:
        corpus = SOURCE_DIR / "corpus"
        assert ix.add_path(corpus) == len([f for f in corpus.iterdir() if f.suffix in (".txt", ".jsonl")])
        ix.add(id="py-1", title="파이썬 바인딩 시험", text="고양이가 마당에서 낮잠을 잔다. 고양이는 귀엽다.")
        ix.add(id="py-2", title="강아지 이야기", text="강아지가 공원에서 뛰어논다.")
    return path
