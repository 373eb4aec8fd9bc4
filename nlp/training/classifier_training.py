"""`radar train`: rebuild the classifier from the labelled training split, reproducibly.

The shipped classifier is all-MiniLM-L6-v2 fine-tuned end to end with the pillar and event-type heads
(`nlp.training.fine_tuning`); `train_classifier` keeps the frozen-encoder logistic heads it replaced, for comparison.
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np

from nlp.boilerplate import news_part
from nlp.classification.classifier_head import ClassifierHeads
from nlp.classification.sentence_encoder import SentenceEncoder
from nlp.enrich import ARTIFACT_DIR, classifier_input
from nlp.evaluation.labelled_data import labelled_split
from nlp.training.fine_tuning import FineTuneConfig, fine_tune

SEED = 13


def training_texts(items: list[dict]) -> list[str]:
    """What the classifier reads of each item: title + lead, as at enrichment."""
    return [classifier_input(i["title"], news_part(i["text"])) for i in items]


def train_classifier(items: list[dict], out_dir: Path = ARTIFACT_DIR, seed: int = SEED,
                     encoder: SentenceEncoder | None = None) -> ClassifierHeads:
    """Frozen encoder + logistic heads: embed title + lead of every item and fit the heads."""
    if not items:
        raise ValueError("no labelled training items found")
    random.seed(seed)
    np.random.seed(seed)
    encoder = encoder or SentenceEncoder()
    embeddings = encoder.encode(training_texts(items))
    heads = ClassifierHeads.train(
        embeddings, [i["pillars"] for i in items], [i["event_type"] for i in items], seed=seed
    )
    heads.save(Path(out_dir))
    return heads


def train_finetuned(items: list[dict], out_dir: Path = ARTIFACT_DIR, config: FineTuneConfig | None = None,
                    progress=None) -> ClassifierHeads:  # type: ignore[no-untyped-def]
    """Fine-tune the encoder with both heads; same items and config give the same artifact."""
    if not items:
        raise ValueError("no labelled training items found")
    return fine_tune(training_texts(items), [i["pillar"] for i in items], [i["pillars"] for i in items],
                     [i["event_type"] for i in items], Path(out_dir), config or FineTuneConfig(), progress=progress)


def train_from_repo(out_dir: Path = ARTIFACT_DIR) -> ClassifierHeads:
    return train_finetuned(labelled_split("train"), out_dir)
