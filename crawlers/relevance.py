"""The `relevance: cdmo` gate for broad wires: keep CDMO-industry items, drop unrelated press releases.

A transparent points score over the title and lead (terms in crawlers/data/cdmo_relevance.yaml), measured
on a labelled set in the repo: `python -m crawlers.relevance` prints precision and recall.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

TERMS_FILE = Path(__file__).parent / "data" / "cdmo_relevance.yaml"
LABELLED = sorted((Path(__file__).parent / "data").glob("relevance-*.jsonl"))


@dataclass(frozen=True)
class RelevanceModel:
    threshold: float
    title_weight: float
    lead_words: int
    context: re.Pattern
    weighted: tuple[tuple[re.Pattern, float, bool], ...]  # pattern, points, needs pharma context


def _words(terms: list[str] | dict, flags: int = re.I) -> re.Pattern:
    names = sorted(terms, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(t) for t in names) + r")(?![\w-])", flags)


@lru_cache(maxsize=4)
def load_model(path: Path = TERMS_FILE) -> RelevanceModel:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    weighted: list[tuple[re.Pattern, float, bool]] = []
    for term, points in data["acronyms"].items():
        # CDMO and its kin only ever mean drug manufacturing; CMO, API or GMP need a pharma word nearby.
        weighted.append((_words([term], 0), float(points), not term.upper().startswith(("CDMO", "CRDMO"))))
    for group, needs_context in (("strong", True), ("manufacturing", False), ("off_topic", False)):
        for term, points in data[group].items():
            weighted.append((_words([term]), float(points), needs_context))
    for company in data["companies"]:
        weighted.append((_words([company], 0), 3.0, False))
    return RelevanceModel(
        threshold=float(data["threshold"]), title_weight=float(data["title_weight"]),
        lead_words=int(data["lead_words"]), context=_words(data["pharma_context"]), weighted=tuple(weighted),
    )


def relevance_score(title: str, text: str, model: RelevanceModel | None = None) -> float:
    """Points for CDMO-industry relevance of an item (title counted `title_weight` times, then the lead)."""
    model = model or load_model()
    lead = " ".join(text.split()[: model.lead_words])
    has_context = bool(model.context.search(title) or model.context.search(lead))
    score = 0.0
    for pattern, points, needs_context in model.weighted:
        if needs_context and not has_context:
            continue
        if pattern.search(title):
            score += points * model.title_weight
        elif pattern.search(lead):
            score += points
    return score


def is_cdmo_relevant(title: str, text: str, model: RelevanceModel | None = None) -> bool:
    model = model or load_model()
    return relevance_score(title, text, model) >= model.threshold


def evaluate(paths: list[Path]) -> dict[str, dict[str, float]]:
    """Precision, recall and counts of the gate on labelled JSONL files (title, text, relevant)."""
    results: dict[str, dict[str, float]] = {}
    for path in paths:
        tp = fp = fn = tn = 0
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                truth = bool(item["relevant"])
                predicted = is_cdmo_relevant(item["title"], item["text"])
            except (ValueError, KeyError) as exc:
                raise ValueError(f"{path}:{number}: bad labelled item ({exc})") from None
            tp += truth and predicted
            fp += predicted and not truth
            fn += truth and not predicted
            tn += not truth and not predicted
        results[path.name] = {
            "items": tp + fp + fn + tn, "relevant": tp + fn,
            "precision": tp / (tp + fp) if tp + fp else 0.0, "recall": tp / (tp + fn) if tp + fn else 0.0,
        }
    return results


def main(argv: list[str] | None = None) -> int:
    paths = [Path(p) for p in (argv if argv is not None else sys.argv[1:])] or LABELLED
    print("| labelled set | items | relevant | precision | recall |\n|---|---|---|---|---|")
    for name, r in evaluate(paths).items():
        print(f"| {name} | {r['items']:.0f} | {r['relevant']:.0f} | {r['precision']:.3f} | {r['recall']:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
