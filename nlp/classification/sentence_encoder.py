"""MiniLM sentence embeddings through `transformers`: mean pooling, L2-normalised (as sentence-transformers).

With a file of fine-tuned top layers (`nlp.training.fine_tuning`), `encode_pair` gives two embeddings per text from one
pass through the shared lower layers: the packaged model's (story grouping compares these) and the tuned
layers' (the classifier heads read these).
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from nlp.model_loading import _offline, encoder_path

MAX_TOKENS = 256
TUNED_TOP_FILE = "encoder_top.safetensors"


@dataclass
class SentenceEncoder:
    path: str = field(default_factory=encoder_path)
    # Fine-tuned copies of the top layers (safetensors written by nlp.training.fine_tuning), or None.
    tuned_top: str | None = None
    batch_size: int = 32
    # One thread: the enricher runs the encoder beside spaCy, and on a busy 2-core machine torch's extra
    # threads spin-wait on each other (measured: 1 thread 6.5 texts/s, 2 threads 4.8 under load).
    threads: int = field(default_factory=lambda: int(os.environ.get("RADAR_TORCH_THREADS", "1")))
    _tokenizer: Any = None
    _model: Any = None
    _tuned: Any = None
    _first_tuned: int = 0

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
            self._model = AutoModel.from_pretrained(self.path, dtype=torch.float32).eval()
            if self.tuned_top:
                from safetensors import safe_open
                from safetensors.torch import load_file

                with safe_open(self.tuned_top, framework="pt") as handle:
                    self._first_tuned = int(handle.metadata()["first_layer"])
                tuned = copy.deepcopy(self._model.encoder.layer[self._first_tuned :])
                tuned.load_state_dict({k: v.float() for k, v in load_file(self.tuned_top).items()})
                self._tuned = tuned.eval()

    def encode(self, texts: list[str]) -> np.ndarray:
        """One 384-d unit vector per text, from the packaged model."""
        return self.encode_pair(texts)[0]

    def encode_pair(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(packaged, tuned) 384-d unit vectors per text; without tuned layers both are the packaged ones."""
        self._load()
        import torch

        # Sorting by length keeps padding small inside each batch.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        packaged = np.zeros((len(texts), 384), dtype=np.float32)
        tuned = np.zeros((len(texts), 384), dtype=np.float32) if self._tuned is not None else packaged
        with torch.inference_mode():
            for start in range(0, len(order), self.batch_size):
                idx = order[start : start + self.batch_size]
                batch = self._tokenizer(
                    [texts[i] for i in idx], padding=True, truncation=True, max_length=MAX_TOKENS,
                    return_tensors="pt",
                )
                output = self._model(**batch, output_hidden_states=self._tuned is not None)
                packaged[idx] = _mean_unit(output.last_hidden_state, batch["attention_mask"]).numpy()
                if self._tuned is not None:
                    from transformers.masking_utils import create_bidirectional_mask

                    hidden = output.hidden_states[self._first_tuned]
                    mask = create_bidirectional_mask(config=self._model.config, inputs_embeds=hidden,
                                                     attention_mask=batch["attention_mask"])
                    for layer in self._tuned:
                        hidden = layer(hidden, mask)
                    tuned[idx] = _mean_unit(hidden, batch["attention_mask"]).numpy()
        return packaged, tuned


def _mean_unit(hidden, attention_mask):  # type: ignore[no-untyped-def]
    import torch

    mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
    pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
    return torch.nn.functional.normalize(pooled, p=2, dim=1)
