"""Does each hand-written organisation repair still earn its place? Companies and people P/R/F1 on the dev split
with the pipeline as it is, then with one repair of `radar_org_filter` (or the whole component) switched off.

    python -m benchmarks.org_filter_ablation [--only NAME ...]

Dev only (never the locked test). One process, one worker: slow (about a minute per variant on 2 cores).
"""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from unittest import mock

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def _variants() -> dict[str, Callable[[], AbstractContextManager]]:
    import nlp.enrich as enrich
    from nlp.components import org_filter as of

    read_disabled = enrich.read_disabled
    never = re.compile(r"(?!)")

    def off(*attrs: tuple[object, str, object]) -> Callable[[], AbstractContextManager]:
        def context() -> AbstractContextManager:
            patches = [mock.patch.object(target, name, value) for target, name, value in attrs]
            return _Both(patches)
        return context

    return {
        "as is": nullcontext,
        "no org_filter at all": off((enrich, "read_disabled",
                                     lambda nlp: [*read_disabled(nlp), "org_filter"])),
        "no NOT_ORGANISATIONS list": off((of, "NOT_ORGANISATIONS", frozenset())),
        "no NOT_ORG_LAST_WORDS": off((of, "NOT_ORG_LAST_WORDS", frozenset())),
        "no headline-verb trim": off((of, "HEADLINE_VERBS", frozenset())),
        "no ORG→PERSON relabel": off((of, "_name_shaped", lambda span: False)),
        "no PERSON repair (_fix_person)": off((of.OrgFilter, "_fix_person", lambda self, doc, ent: ent)),
        "no names after role words": off((of.OrgFilter, "_names_after_roles", lambda self, doc, ents: ents)),
        "no ORG→GPE (dateline, place)": off((of.OrgFilter, "_is_dateline", staticmethod(lambda *a: False)),
                                            (of.OrgFilter, "_is_place", lambda self, text: False)),
        "no demonym+generic-noun drop": off((of, "GENERIC_COMPANY_NOUNS", frozenset())),
        "no ticker-context drop": off((of, "TICKER_CONTEXT", never)),
        "no facility-name drop": off((of, "FACILITY_NAME", never)),
    }


class _Both(AbstractContextManager):
    def __init__(self, patches: list) -> None:
        self.patches = patches

    def __enter__(self):  # type: ignore[no-untyped-def]
        for p in self.patches:
            p.start()
        return self

    def __exit__(self, *exc) -> None:  # type: ignore[no-untyped-def]
        for p in reversed(self.patches):
            p.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="Variant names to run (default: all).")
    args = parser.parse_args(argv)
    from nlp.enrich import Enricher
    from nlp.entities.company_names import company_index
    from nlp.evaluation.labelled_data import labelled_split
    from nlp.evaluation.scores import evaluate

    items = labelled_split("dev")
    inputs = [{"id": i["id"], "title": i["title"], "text": i["text"], "published": str(i.get("published") or "")}
              for i in items]
    enricher = Enricher(workers=1)
    canonical = company_index().canonical
    print(f"{'variant':<34}{'comp P':>8}{'comp R':>8}{'comp F1':>8}{'ppl P':>8}{'ppl R':>8}{'ppl F1':>8}")
    for name, context in _variants().items():
        if args.only and name not in args.only:
            continue
        with context():
            predicted = [r for start in range(0, len(inputs), 64)
                         for r in enricher.enrich(inputs[start : start + 64])]
        report = evaluate(predicted, items, canonical)
        c, p = report.companies, report.people
        print(f"{name:<34}{c.precision:>8.3f}{c.recall:>8.3f}{c.f1:>8.3f}{p.precision:>8.3f}{p.recall:>8.3f}"
              f"{p.f1:>8.3f}", flush=True)


if __name__ == "__main__":
    main()
