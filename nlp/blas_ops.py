"""Run spaCy's matrix products on numpy's OpenBLAS instead of thinc's bundled BLIS.

thinc multiplies through the BLIS copy inside the `blis` package, which picks its kernels from the CPU family it
recognises. On CPUs newer than its build (this project's AMD EPYC reports family 0x19, Zen 3) it falls back to the
portable "generic" kernels: a 4,000 × 288 by 288 × 288 float32 product takes 27–32 ms there against 9–10 ms in
numpy's OpenBLAS, which dispatches on CPU features instead. NER and the parser spend about half their time in
such products (docs/PERFORMANCE.md has the measurements). The results are the same products in another library,
so entities and parses come out identical (tests/test_nlp_blas_ops.py checks both).

It keeps its place while `python -m benchmarks.blas_ops` shows a gain of at least 10 %: on 2026-12-06 the full
en_core_web_sm pipeline over the 214 benchmark articles took 56.4 s on OpenBLAS against 80.0 s on thinc's default
ops in the same run (ratio 0.70; a shared machine, both sides alternated).
"""

from __future__ import annotations

import numpy as np
from spacy.language import Language
from thinc.api import NumpyOps
from threadpoolctl import threadpool_limits


class OpenBlasOps(NumpyOps):
    """NumpyOps whose `gemm` is numpy's matmul; everything else is thinc's."""

    name = "numpy-openblas"

    def gemm(self, x, y, out=None, trans1: bool = False, trans2: bool = False):  # type: ignore[no-untyped-def]
        a = x.T if trans1 else x
        b = y.T if trans2 else y
        if out is None:
            return np.matmul(a, b)
        np.matmul(a, b, out=out)
        return out


def use_openblas(nlp: Language) -> Language:
    """Point every component's model at OpenBlasOps, with OpenBLAS on one thread.

    One thread, as BLIS ran: the enricher already runs one process per core, and a second BLAS thread per process
    would only make the two processes' threads wait on each other.
    """
    threadpool_limits(limits=1, user_api="blas")
    return set_ops(nlp, OpenBlasOps())


def set_ops(nlp: Language, ops: NumpyOps) -> Language:
    """Every layer of every component's model computes with `ops`."""
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is not None and hasattr(model, "walk"):
            for node in model.walk():
                node.ops = ops
    return nlp
