"""The relation model: logistic regression over candidate-triple features, kept as readable JSON weights.

Trained by `python -m nlp.training.role_training` (seeded) on the train split's gold roles; scoring is a dot product,
so loading needs neither pickle nor scikit-learn.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

ROLE_MODEL = Path(__file__).parent.parent / "artifacts" / "role_relations" / "model.json"


@dataclass(frozen=True)
class RoleModel:
    weights: dict[str, float]
    intercept: float
    threshold: float  # a person's best triple is kept from this probability
    second: float  # a person's further triples only from this one

    def probability(self, features: dict[str, float]) -> float:
        z = self.intercept + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))

    def save(self, path: Path = ROLE_MODEL) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        body = {"intercept": round(self.intercept, 6), "threshold": self.threshold, "second": self.second,
                "weights": {k: round(v, 6) for k, v in sorted(self.weights.items()) if abs(v) >= 1e-6}}
        path.write_text(json.dumps(body, indent=1, sort_keys=True) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path = ROLE_MODEL) -> RoleModel:
        body = json.loads(path.read_text(encoding="utf-8"))
        return cls(body["weights"], body["intercept"], body["threshold"], body["second"])


_LOADED: dict[Path, RoleModel] = {}


def role_model(path: Path = ROLE_MODEL) -> RoleModel:
    """The committed model, read once per process."""
    if path not in _LOADED:
        _LOADED[path] = RoleModel.load(path)
    return _LOADED[path]
