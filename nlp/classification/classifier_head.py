"""Linear heads over sentence embeddings: multi-label pillars and single-label event type.

Trained with scikit-learn, stored as plain arrays (npz + json, no pickle) and applied with numpy.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
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
    # Platt scaling per pillar, (4, 2): score = sigmoid(a * logit + b), fitted on out-of-fold logits so the
    # class-balanced heads give probabilities that match observed frequencies.
    pillar_calibration: np.ndarray = field(default_factory=lambda: np.tile([1.0, 0.0], (len(PILLARS), 1)))

    @classmethod
    def train(cls, embeddings: np.ndarray, pillar_sets: list[list[str]], event_types: list[str],
              seed: int = 13) -> "ClassifierHeads":
        from sklearn.linear_model import LogisticRegression

        pillar_coef, pillar_intercept, calibration = [], [], []
        for pillar in PILLARS:
            y = np.array([pillar in s for s in pillar_sets], dtype=int)
            model = LogisticRegression(C=4.0, max_iter=2000, class_weight="balanced", random_state=seed)
            model.fit(embeddings, y)
            pillar_coef.append(model.coef_[0])
            pillar_intercept.append(model.intercept_[0])
            calibration.append(_platt(embeddings, y, seed))
        y_event = np.array([EVENT_TYPES.index(e) for e in event_types])
        event_model = LogisticRegression(C=4.0, max_iter=3000, random_state=seed)
        event_model.fit(embeddings, y_event)
        event_coef = np.zeros((len(EVENT_TYPES), embeddings.shape[1]))
        event_intercept = np.full(len(EVENT_TYPES), -1e9)
        for row, cls_index in enumerate(event_model.classes_):
            event_coef[cls_index] = event_model.coef_[row] if len(event_model.classes_) > 2 else event_model.coef_[0]
            event_intercept[cls_index] = event_model.intercept_[row if len(event_model.classes_) > 2 else 0]
        heads = cls(np.array(pillar_coef), np.array(pillar_intercept), event_coef, event_intercept, version="",
                    pillar_calibration=np.array(calibration))
        heads.version = heads._fingerprint()
        return heads

    def _fingerprint(self) -> str:
        digest = hashlib.sha256()
        for array in (self.pillar_coef, self.pillar_intercept, self.event_coef, self.event_intercept,
                      self.pillar_calibration):
            digest.update(np.round(array, 6).tobytes())
        return "minilm-l6-v2+lr-" + digest.hexdigest()[:10]

    def probabilities(self, embeddings: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(calibrated pillar probabilities, softmax event-type probabilities), one row per embedding."""
        logits = embeddings @ self.pillar_coef.T + self.pillar_intercept
        a, b = self.pillar_calibration[:, 0], self.pillar_calibration[:, 1]
        event_logits = embeddings @ self.event_coef.T + self.event_intercept
        event_logits = event_logits - event_logits.max(axis=1, keepdims=True)
        event = np.exp(event_logits)
        return 1.0 / (1.0 + np.exp(-(a * logits + b))), event / event.sum(axis=1, keepdims=True)

    def predict(self, embeddings: np.ndarray) -> list[PillarPrediction]:
        pillar_probs, event_probs = self.probabilities(embeddings)
        predictions = []
        for probs, events in zip(pillar_probs, event_probs, strict=True):
            scores = {p: round(float(s), 4) for p, s in zip(PILLARS, probs, strict=True)}
            primary = max(scores, key=scores.__getitem__)
            if primary == "other":
                pillars = ["other"]
            else:
                pillars = [primary] + [
                    p for p in PILLARS if p not in (primary, "other") and scores[p] >= SECONDARY_THRESHOLD
                ]
            predictions.append(PillarPrediction(primary, pillars, scores, event_within(primary, events)))
        return predictions

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            directory / "heads.npz", pillar_coef=self.pillar_coef, pillar_intercept=self.pillar_intercept,
            event_coef=self.event_coef, event_intercept=self.event_intercept,
            pillar_calibration=self.pillar_calibration,
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
        calibration = (arrays["pillar_calibration"] if "pillar_calibration" in arrays.files
                       else np.tile([1.0, 0.0], (len(PILLARS), 1)))
        return cls(arrays["pillar_coef"], arrays["pillar_intercept"], arrays["event_coef"],
                   arrays["event_intercept"], meta["version"], calibration)


def _platt(embeddings: np.ndarray, y: np.ndarray, seed: int) -> tuple[float, float]:
    """Sigmoid calibration (a, b) of a balanced logistic head, from 5-fold out-of-fold logits."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    folds = min(5, int(min(np.bincount(y, minlength=2))))
    if folds < 2:
        return 1.0, 0.0
    logits = np.zeros(len(y))
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=seed).split(embeddings, y):
        model = LogisticRegression(C=4.0, max_iter=2000, class_weight="balanced", random_state=seed)
        model.fit(embeddings[train], y[train])
        logits[test] = model.decision_function(embeddings[test])
    platt = LogisticRegression(C=1e6, max_iter=1000).fit(logits.reshape(-1, 1), y)
    return float(platt.coef_[0, 0]), float(platt.intercept_[0])


def event_within(primary: str, event_scores: np.ndarray) -> str:
    """The best-scored event type among those the primary pillar allows (nlp.taxonomy.EVENT_TYPES_BY_PILLAR)."""
    allowed = [EVENT_TYPES.index(e) for e in EVENT_TYPES_BY_PILLAR[primary]]
    return EVENT_TYPES[max(allowed, key=lambda i: event_scores[i])]
