"""Issue 15 item 1: training recipes for event type that generalise, compared with the shipped model on dev.

    python -m benchmarks.event_generalisation train NAME             # one candidate (seeded), scored on both dev splits
    python -m benchmarks.event_generalisation rescore NAME [SPLIT]   # score a trained candidate again
    python -m benchmarks.event_generalisation compare NAME [SPLIT|both]  # paired bootstrap + McNemar against `shipped`
    python -m benchmarks.event_generalisation confusions NAME        # dev event-type errors by class pair

Candidates are named in CANDIDATES; `shipped` is `nlp/artifacts/pillar_classifier/` as it is. Each run keeps
its artifact and its per-item probabilities under `<tmp>/event_generalisation/NAME/`, so `compare` needs no
retraining. SPLIT is `dev` (the corpus dev split, the default) or `project-dev` (the project-written second dev
set, `nlp/data/labelled/dev-*.jsonl`): a second sample of unseen items for the same question. Scores are the
classifier's own (no spaCy): primary pillar macro-F1 and accuracy, event type from the model alone and with the
kept headline rule (`nlp/classification/event_rules.py`), pillar Brier. Dev splits only; the locked test is never read here.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from nlp.training.fine_tuning import FineTuneConfig  # noqa: E402

WORK = Path(tempfile.gettempdir()) / "event_generalisation"
BOOTSTRAP_SEED = 13
RESAMPLES = 10_000


@dataclass(frozen=True)
class Candidate:
    description: str
    config: FineTuneConfig | None = None  # None: no fine-tune of its own (shipped or a blend of artifacts)
    blend_with_frozen: bool = False  # average the fine-tuned heads' probabilities with frozen-encoder heads'
    lead_chars: int = 400  # characters of lead after the headline (`nlp.enrich.LEAD_CHARS` ships 400)


CANDIDATES = {
    "shipped": Candidate("top 2 layers, 3 epochs (the shipped artifact)"),
    "retrain": Candidate("the shipped recipe trained again (timing, and a check that it reproduces the artifact)",
                         FineTuneConfig()),
    "blend": Candidate("shipped fine-tune averaged 50/50 with the frozen-encoder logistic heads",
                       blend_with_frozen=True),
    "smooth": Candidate("top 2 layers, 2 epochs, event label smoothing 0.1",
                        FineTuneConfig(epochs=2, label_smoothing=0.1)),
    "four_layers": Candidate("top 4 layers, 3 epochs", FineTuneConfig(tuned_layers=4)),
    "six_layers": Candidate("all 6 layers, 3 epochs", FineTuneConfig(tuned_layers=6)),
    "long_input": Candidate("top 2 layers, 3 epochs, headline + 1,000-character lead, 256 tokens",
                            FineTuneConfig(max_tokens=256), lead_chars=1000),
}


@dataclass(frozen=True)
class DevProbabilities:
    pillar: np.ndarray  # (n, 4) calibrated pillar probabilities
    event: np.ndarray  # (n, 15) event-type probabilities

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(path, pillar=self.pillar, event=self.event)

    @classmethod
    def load(cls, path: Path) -> "DevProbabilities":
        arrays = np.load(path)
        return cls(arrays["pillar"], arrays["event"])


def head_probabilities(heads, embeddings: np.ndarray) -> DevProbabilities:  # type: ignore[no-untyped-def]
    """Calibrated pillar probabilities and softmax event-type probabilities of `ClassifierHeads`."""
    return DevProbabilities(*heads.probabilities(embeddings))


def decisions(probabilities: DevProbabilities, titles: list[str]) -> tuple[list[str], list[str], list[str]]:
    """(primary pillar, event type of the model alone, event type with the headline rule), as
    `ClassifierHeads.predict` and enrichment decide them."""
    from nlp.classification.classifier_head import event_within
    from nlp.classification.event_rules import headline_event_type
    from nlp.taxonomy import PILLARS

    pillars, events, ruled = [], [], []
    for pillar_probs, event_probs, title in zip(probabilities.pillar, probabilities.event, titles, strict=True):
        primary = PILLARS[int(np.argmax(pillar_probs))]
        event = event_within(primary, event_probs)
        pillars.append(primary)
        events.append(event)
        ruled.append(headline_event_type(primary, title) or event)
    return pillars, events, ruled


def macro_f1(gold: list[str], predicted: list[str]) -> float:
    from nlp.taxonomy import PILLARS

    scores = []
    for p in PILLARS:
        tp = sum(g == p and q == p for g, q in zip(gold, predicted, strict=True))
        wrong = sum((g == p) != (q == p) for g, q in zip(gold, predicted, strict=True))
        scores.append(2 * tp / (2 * tp + wrong) if tp else 0.0)
    return float(np.mean(scores))


def scores(probabilities: DevProbabilities, dev: list[dict]) -> dict:
    from nlp.taxonomy import PILLARS

    pillars, events, ruled = decisions(probabilities, [g["title"] for g in dev])
    gold_sets = np.array([[p in g["pillars"] for p in PILLARS] for g in dev], dtype=float)
    return {
        "pillar_macro_f1": round(macro_f1([g["pillar"] for g in dev], pillars), 3),
        "pillar_accuracy": round(float(np.mean([q == g["pillar"] for q, g in zip(pillars, dev, strict=True)])), 3),
        "event_type_model": round(float(np.mean([q == g["event_type"] for q, g in zip(events, dev, strict=True)])), 3),
        "event_type_with_rule": round(float(np.mean([q == g["event_type"] for q, g in zip(ruled, dev, strict=True)])), 3),
        "pillar_brier": round(float(np.mean((probabilities.pillar - gold_sets) ** 2)), 4),
    }


def paired_bootstrap(gold: list[str], ours: list[str], theirs: list[str], metric, resamples: int = RESAMPLES,
                     seed: int = BOOTSTRAP_SEED) -> dict:  # type: ignore[no-untyped-def]
    """Resample dev items with replacement (the same items for both systems) and report the difference
    metric(ours) - metric(theirs): observed, 95 % interval, and the share of resamples where ours is ahead."""
    rng = np.random.default_rng(seed)
    n = len(gold)
    observed = metric(gold, ours) - metric(gold, theirs)
    differences = np.empty(resamples)
    for r in range(resamples):
        pick = rng.integers(0, n, n)
        g = [gold[i] for i in pick]
        differences[r] = metric(g, [ours[i] for i in pick]) - metric(g, [theirs[i] for i in pick])
    low, high = np.percentile(differences, [2.5, 97.5])
    return {"difference": round(float(observed), 4), "ci95": [round(float(low), 4), round(float(high), 4)],
            "share_ahead": round(float(np.mean(differences > 0)), 3),
            "share_behind": round(float(np.mean(differences < 0)), 3)}


def mcnemar(gold: list[str], ours: list[str], theirs: list[str]) -> dict:
    """Items only ours gets right, items only theirs gets right, and the exact two-sided binomial p-value."""
    from math import comb

    only_ours = sum(o == g != t for g, o, t in zip(gold, ours, theirs, strict=True))
    only_theirs = sum(t == g != o for g, o, t in zip(gold, ours, theirs, strict=True))
    k, m = min(only_ours, only_theirs), only_ours + only_theirs
    p = min(1.0, 2 * sum(comb(m, i) for i in range(k + 1)) / 2**m) if m else 1.0
    return {"only_candidate_right": only_ours, "only_shipped_right": only_theirs, "p_value": round(p, 4)}


def accuracy(gold: list[str], predicted: list[str]) -> float:
    return float(np.mean([g == q for g, q in zip(gold, predicted, strict=True)]))


def _texts(items: list[dict], lead_chars: int) -> list[str]:
    from nlp.boilerplate import news_part
    from nlp.enrich import classifier_input

    return [classifier_input(i["title"], news_part(i["text"]), lead_chars) for i in items]


def _artifact_probabilities(artifact_dir: Path, texts: list[str]) -> tuple[np.ndarray, DevProbabilities]:
    from nlp.classification.classifier_head import ClassifierHeads
    from nlp.classification.sentence_encoder import SentenceEncoder
    from nlp.model_loading import tuned_top_file

    packaged, tuned = SentenceEncoder(tuned_top=tuned_top_file(artifact_dir)).encode_pair(texts)
    return packaged, head_probabilities(ClassifierHeads.load(artifact_dir), tuned)


SPLITS = ("dev", "project-dev")  # the corpus dev split, and the project-written second dev set


def run(name: str) -> dict:
    """Train one candidate (the shipped one is taken as it is), then score it on both dev splits."""
    from nlp.evaluation.labelled_data import labelled_split
    from nlp.training.classifier_training import train_classifier
    from nlp.training.fine_tuning import fine_tune

    candidate = CANDIDATES[name]
    out = WORK / name
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    if candidate.config is not None:
        train = labelled_split("train")
        fine_tune(_texts(train, candidate.lead_chars), [i["pillar"] for i in train], [i["pillars"] for i in train],
                  [i["event_type"] for i in train], out / "artifact", candidate.config)
    if candidate.blend_with_frozen:
        train_classifier(labelled_split("train"), out / "frozen")
    seconds = time.perf_counter() - started
    result = {"candidate": name, "description": candidate.description, "train_seconds": round(seconds),
              "load_1min": [round(load_before, 1), round(os.getloadavg()[0], 1)]}
    for split in SPLITS:
        result[split] = rescore(name, split)
    (out / "scores.json").write_text(json.dumps(result, indent=1) + "\n")
    return result


def rescore(name: str, split: str) -> dict:
    """Score a trained candidate's stored artifact on one split and keep its per-item probabilities."""
    from nlp.classification.classifier_head import ClassifierHeads
    from nlp.enrich import ARTIFACT_DIR
    from nlp.evaluation.labelled_data import labelled_split

    candidate = CANDIDATES[name]
    out = WORK / name
    items = labelled_split(split)
    artifact = out / "artifact" if candidate.config is not None else ARTIFACT_DIR
    packaged, probabilities = _artifact_probabilities(artifact, _texts(items, candidate.lead_chars))
    if candidate.blend_with_frozen:
        other = head_probabilities(ClassifierHeads.load(out / "frozen"), packaged)
        probabilities = DevProbabilities((probabilities.pillar + other.pillar) / 2,
                                         (probabilities.event + other.event) / 2)
    probabilities.save(out / f"{split}_probabilities.npz")
    return scores(probabilities, items)


def compare(name: str, split: str = "dev", against: str = "shipped") -> dict:
    """Paired comparison on one split, or on both dev splits pooled (`both`: 586 items)."""
    from nlp.evaluation.labelled_data import labelled_split

    gold_pillar, gold_event, ours, theirs = [], [], ([], [], []), ([], [], [])  # type: ignore[var-annotated]
    for part in SPLITS if split == "both" else (split,):
        items = labelled_split(part)
        titles = [g["title"] for g in items]
        for system, source in ((ours, name), (theirs, against)):
            for column, values in zip(system, decisions(
                    DevProbabilities.load(WORK / source / f"{part}_probabilities.npz"), titles), strict=True):
                column += values
        gold_pillar += [g["pillar"] for g in items]
        gold_event += [g["event_type"] for g in items]
    return {
        "candidate": name, "against": against, "split": split,
        "event_type_with_rule": {**paired_bootstrap(gold_event, ours[2], theirs[2], accuracy),
                                 **mcnemar(gold_event, ours[2], theirs[2])},
        "event_type_model": {**paired_bootstrap(gold_event, ours[1], theirs[1], accuracy),
                             **mcnemar(gold_event, ours[1], theirs[1])},
        "pillar_macro_f1": paired_bootstrap(gold_pillar, ours[0], theirs[0], macro_f1),
    }


def confusions(name: str) -> None:
    from nlp.evaluation.labelled_data import labelled_split

    dev = labelled_split("dev")
    _, _, ruled = decisions(DevProbabilities.load(WORK / name / "dev_probabilities.npz"), [g["title"] for g in dev])
    wrong = [(g, q) for g, q in zip(dev, ruled, strict=True) if g["event_type"] != q]
    pairs = Counter(" / ".join(sorted((g["event_type"], q))) for g, q in wrong)
    print(f"{len(wrong)} of {len(dev)} wrong")
    for pair, count in pairs.most_common():
        print(f"{count:3d}  {pair}")


def main(argv: list[str]) -> None:
    commands = {"train", "rescore", "compare", "confusions"}
    if len(argv) not in (2, 3) or argv[0] not in commands or argv[1] not in CANDIDATES or argv[2:3] not in (
            [], *[[s] for s in (*SPLITS, "both")]):
        raise SystemExit(f"usage: python -m benchmarks.event_generalisation {'|'.join(sorted(commands))} "
                         f"{'|'.join(CANDIDATES)} [{'|'.join(SPLITS)}|both]")
    command, name, split = argv[0], argv[1], (argv[2:] or ["dev"])[0]
    if command == "train":
        print(json.dumps(run(name)), flush=True)
    elif command == "rescore" and split != "both":
        print(json.dumps({"candidate": name, split: rescore(name, split)}), flush=True)
    elif command == "compare":
        print(json.dumps(compare(name, split)), flush=True)
    else:
        confusions(name)


if __name__ == "__main__":
    main(sys.argv[1:])
