"""`radar train`: rebuild the classifier heads from the labelled training split, reproducibly."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np

from nlp.boilerplate import news_part
from nlp.classifier_head import ClassifierHeads
from nlp.enrich import ARTIFACT_DIR, classifier_input
from nlp.labelled_data import labelled_split
from nlp.sentence_encoder import SentenceEncoder

SEED = 13


def train_classifier(items: list[dict], out_dir: Path = ARTIFACT_DIR, seed: int = SEED,
                     encoder: SentenceEncoder | None = None) -> ClassifierHeads:
    """Embed title + lead of every item and fit the heads; same items and seed give the same artifact."""
    if not items:
        raise ValueError("no labelled training items found")
    random.seed(seed)
    np.random.seed(seed)
    encoder = encoder or SentenceEncoder()
    embeddings = encoder.encode([classifier_input(i["title"], news_part(i["text"])) for i in items])
    heads = ClassifierHeads.train(
        embeddings, [i["pillars"] for i in items], [i["event_type"] for i in items], seed=seed
    )
    heads.save(Path(out_dir))
    return heads


def train_from_repo(out_dir: Path = ARTIFACT_DIR) -> ClassifierHeads:
    return train_classifier(labelled_split("train"), out_dir)
