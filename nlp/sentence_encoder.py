"""MiniLM sentence embeddings through `transformers`: mean pooling, L2-normalised (as sentence-transformers)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from nlp.model_loading import _offline, encoder_path

MAX_TOKENS = 256


@dataclass
class SentenceEncoder:
    path: str = field(default_factory=encoder_path)
    batch_size: int = 32
    # One thread: the enricher runs the encoder beside spaCy, and on a busy 2-core machine torch's extra
    # threads spin-wait on each other (measured: 1 thread 6.5 texts/s, 2 threads 4.8 under load).
    threads: int = field(default_factory=lambda: int(os.environ.get("RADAR_TORCH_THREADS", "1")))
    _tokenizer: Any = None
    _model: Any = None

    def _load(self) -> None:
        if self._model is None:
            _offline()
            import torch
            from transformers import AutoModel, AutoTokenizer
            from transformers.utils import logging as transformers_logging

            transformers_logging.disable_progress_bar()
            transformers_logging.set_verbosity_error()

            torch.set_num_threads(self.threads)
            self._tokenizer = AutoTokenizer.from_pretrained(self.path)
            # The fine-tuned encoder is stored in fp16; CPU inference runs in fp32.
            self._model = AutoModel.from_pretrained(self.path, dtype=torch.float32).eval()

    def encode(self, texts: list[str]) -> np.ndarray:
        """One 384-d unit vector per text."""
        self._load()
        import torch

        # Sorting by length keeps padding small inside each batch.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), 384), dtype=np.float32)
        with torch.inference_mode():
            for start in range(0, len(order), self.batch_size):
                idx = order[start : start + self.batch_size]
                batch = self._tokenizer(
                    [texts[i] for i in idx], padding=True, truncation=True, max_length=MAX_TOKENS,
                    return_tensors="pt",
                )
                hidden = self._model(**batch).last_hidden_state
                mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
                pooled = torch.nn.functional.normalize(pooled, p=2, dim=1)
                out[idx] = pooled.numpy()
        return out
