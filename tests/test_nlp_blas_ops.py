"""spaCy's matrix products on numpy's OpenBLAS: same numbers as thinc's BLIS, same entities and parses."""

from __future__ import annotations

import numpy as np
import pytest
from thinc.api import NumpyOps

from crawlers.demo_newsroom.corpus import load_corpus
from nlp.blas_ops import OpenBlasOps, set_ops
from nlp.spacy_pipeline import build_pipeline


@pytest.mark.parametrize("trans1", [False, True])
@pytest.mark.parametrize("trans2", [False, True])
@pytest.mark.parametrize("with_out", [False, True])
def test_gemm_matches_thinc(trans1, trans2, with_out):
    rng = np.random.default_rng(7)
    x = rng.standard_normal((9, 5) if trans1 else (5, 9)).astype(np.float32)
    y = rng.standard_normal((4, 9) if trans2 else (9, 4)).astype(np.float32)
    expected = NumpyOps().gemm(x, y, trans1=trans1, trans2=trans2)
    out = np.zeros((5, 4), dtype=np.float32) if with_out else None
    got = OpenBlasOps().gemm(x, y, out=out, trans1=trans1, trans2=trans2)
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-5)
    if with_out:
        assert got is out


def _analyse(nlp, texts: list[str]) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [([(e.start, e.end, e.label_) for e in doc.ents],
             [(t.tag_, t.dep_, t.head.i) for t in doc], [s.start for s in doc.sents]) for doc in nlp.pipe(texts)]


@pytest.mark.slow
def test_pipeline_runs_on_openblas_and_reads_as_with_blis():
    nlp = build_pipeline()
    for name in ("senter", "ner", "tok2vec", "tagger", "parser"):
        assert {type(node.ops) for node in nlp.get_pipe(name).model.walk()} == {OpenBlasOps}, name
    texts = [f"{a.title}\n" + "\n".join(a.paragraphs) for a in load_corpus()[:40]]
    on_openblas = _analyse(nlp, texts)
    try:
        set_ops(nlp, NumpyOps())
        on_blis = _analyse(nlp, texts)
    finally:
        set_ops(nlp, OpenBlasOps())
    assert on_openblas == on_blis
