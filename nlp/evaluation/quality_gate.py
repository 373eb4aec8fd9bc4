"""The quality gate: floors for the dev-split scores, kept in nlp/evaluation/quality_baseline.yaml.

A floor only moves up with the model; lowering one is an explicit, reviewed edit of that file.
"""

from __future__ import annotations

from pathlib import Path

import yaml

BASELINE = Path(__file__).parent / "quality_baseline.yaml"


def floors(path: Path = BASELINE) -> dict[str, float]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {str(k): float(v) for k, v in raw["floors"].items()}


def below_floor(scores: dict, path: Path = BASELINE) -> list[str]:
    """One line per metric under its floor ("companies_f1 0.812 < floor 0.880"); empty when the gate passes."""
    failures = []
    for metric, floor in floors(path).items():
        if metric not in scores:
            failures.append(f"{metric}: missing from the scores")
        elif scores[metric] + 1e-9 < floor:
            failures.append(f"{metric} {scores[metric]:.3f} < floor {floor:.3f}")
    return failures
