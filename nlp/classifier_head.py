"""Linear heads over sentence embeddings: multi-label pillars and single-label event type.

Trained with scikit-learn, stored as plain arrays (npz + json, no pickle) and applied with numpy.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from nlp.taxonomy import EVENT_TYPES, EVENT_TYPES_BY_PILLAR, PILLARS

SECONDARY_THRESHOLD = 0.5


@dataclass(frozen=True)
class PillarPrediction:
    pillar: str
    pillars: list[str]
    pillar_scores: dict[str, float]
    event_type: str


@dataclass
class ClassifierHeads:
    pillar_coef: np.ndarray  # (4, d)
    pillar_intercept: np.ndarray  # (4,)
    event_coef: np.ndarray  # (15, d)
    event_intercept: np.ndarray  # (15,)
    version: str

    @classmethod
    def train(cls, embeddings: np.ndarray, pillar_sets: list[list[str]], event_types: list[str],
              seed: int = 13) -> "ClassifierHeads":
        from sklearn.linear_model import LogisticRegression

        pillar_coef, pillar_intercept = [], []
        for pillar in PILLARS:
            y = np.array([pillar in s for s in pillar_sets], dtype=int)
            model = LogisticRegression(C=4.0, max_iter=2000, class_weight="balanced", random_state=seed)
            model.fit(embeddings, y)
            pillar_coef.append(model.coef_[0])
            pillar_intercept.append(model.intercept_[0])
        y_event = np.array([EVENT_TYPES.index(e) for e in event_types])
        event_model = LogisticRegression(C=4.0, max_iter=3000, random_state=seed)
        event_model.fit(embeddings, y_event)
        event_coef = np.zeros((len(EVENT_TYPES), embeddings.shape[1]))
        event_intercept = np.full(len(EVENT_TYPES), -1e9)
        for row, cls_index in enumerate(event_model.classes_):
            event_coef[cls_index] = event_model.coef_[row] if len(event_model.classes_) > 2 else event_model.coef_[0]
            event_intercept[cls_index] = event_model.intercept_[row if len(event_model.classes_) > 2 else 0]
        heads = cls(np.array(pillar_coef), np.array(pillar_intercept), event_coef, event_intercept, version="")
        heads.version = heads._fingerprint()
        return heads

    def _fingerprint(self) -> str:
        digest = hashlib.sha256()
        for array in (self.pillar_coef, self.pillar_intercept, self.event_coef, self.event_intercept):
            digest.update(np.round(array, 6).tobytes())
        return "minilm-l6-v2+lr-" + digest.hexdigest()[:10]

    def predict(self, embeddings: np.ndarray) -> list[PillarPrediction]:
        pillar_probs = 1.0 / (1.0 + np.exp(-(embeddings @ self.pillar_coef.T + self.pillar_intercept)))
        event_logits = embeddings @ self.event_coef.T + self.event_intercept
        predictions = []
        for probs, logits in zip(pillar_probs, event_logits, strict=True):
            scores = {p: round(float(s), 4) for p, s in zip(PILLARS, probs, strict=True)}
            primary = max(scores, key=scores.__getitem__)
            if primary == "other":
                pillars = ["other"]
            else:
                pillars = [primary] + [
                    p for p in PILLARS if p not in (primary, "other") and scores[p] >= SECONDARY_THRESHOLD
                ]
            allowed = [EVENT_TYPES.index(e) for e in EVENT_TYPES_BY_PILLAR[primary]]
            event = EVENT_TYPES[max(allowed, key=lambda i: logits[i])]
            predictions.append(PillarPrediction(primary, pillars, scores, event))
        return predictions

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            directory / "heads.npz", pillar_coef=self.pillar_coef, pillar_intercept=self.pillar_intercept,
            event_coef=self.event_coef, event_intercept=self.event_intercept,
        )
        (directory / "heads.json").write_text(
            json.dumps({"version": self.version, "pillars": list(PILLARS), "event_types": list(EVENT_TYPES)},
                       indent=2) + "\n"
        )

    @classmethod
    def load(cls, directory: Path) -> "ClassifierHeads":
        meta = json.loads((directory / "heads.json").read_text())
        if meta["pillars"] != list(PILLARS) or meta["event_types"] != list(EVENT_TYPES):
            raise ValueError(f"{directory}: classifier artifact was trained for another taxonomy; run `radar train`")
        arrays = np.load(directory / "heads.npz")
        return cls(arrays["pillar_coef"], arrays["pillar_intercept"], arrays["event_coef"],
                   arrays["event_intercept"], meta["version"])
