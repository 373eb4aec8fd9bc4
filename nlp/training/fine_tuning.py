"""Fine-tune all-MiniLM-L6-v2 end to end with two linear heads (pillars, event type), seeded, on CPU.

Only the top layers are tuned; the heads sit on the L2-normalised mean-pooled output of those tuned layers, so
the result is stored as the tuned layers alone (fp16 safetensors, `encoder_top.safetensors`, ~7 MB) beside plain
`ClassifierHeads` arrays. At enrichment `SentenceEncoder.encode_pair` runs the packaged lower layers once and
then both the packaged and the tuned top layers: the packaged embedding for story grouping, the tuned one for
the heads. Pillar probabilities are calibrated by Platt scaling fitted on a seeded, stratified slice of the
training items the fine-tune never sees.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from nlp.classification.classifier_head import ClassifierHeads
from nlp.classification.sentence_encoder import TUNED_TOP_FILE
from nlp.model_loading import _offline, encoder_path
from nlp.taxonomy import EVENT_TYPES, PILLARS


@dataclass(frozen=True)
class FineTuneConfig:
    epochs: int = 3
    batch_size: int = 16
    max_tokens: int = 128  # title + 400-character lead: about 100 word pieces
    encoder_lr: float = 5e-5
    head_lr: float = 2e-3
    warmup_share: float = 0.1
    weight_decay: float = 0.01
    # Logits are scale * (W · unit embedding) + b: a unit vector needs a large weight norm to reach confident
    # logits, and a fixed scale lets the heads start there (folded into the stored weights afterwards).
    scale: float = 20.0
    calibration_share: float = 0.1
    # Only the top layers are tuned: the lower ones' outputs are computed once per item and reused every
    # epoch, which makes a step about three times cheaper than tuning all six (a CPU budget, see README).
    tuned_layers: int = 2
    # One thread: on a shared 2-core machine two torch threads spend more time waiting on each other than
    # working (the same finding as SentenceEncoder's).
    threads: int = 1
    seed: int = 13
    # Share of the event-type target spread over the other types (0: plain cross-entropy, the shipped model).
    label_smoothing: float = 0.0


def _seed_everything(seed: int, threads: int) -> None:
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(threads)
    torch.use_deterministic_algorithms(True)


def calibration_split(primary: list[str], share: float, seed: int) -> tuple[list[int], list[int]]:
    """Indices (fit, calibrate): a seeded slice of each primary pillar set aside for Platt scaling."""
    rng = np.random.default_rng(seed)
    fit, calibrate = [], []
    for pillar in PILLARS:
        members = [i for i, p in enumerate(primary) if p == pillar]
        rng.shuffle(members)
        cut = int(round(len(members) * share))
        calibrate += members[:cut]
        fit += members[cut:]
    return sorted(fit), sorted(calibrate)


def _length_grouped_batches(indices: list[int], lengths: list[int], batch_size: int, order) -> list[list[int]]:  # type: ignore[no-untyped-def]
    """Shuffled batches of items of similar length: shuffle, sort within windows of 8 batches, shuffle the
    batches. Less padding per batch, so each step costs less on CPU."""
    import torch

    permutation = [indices[k] for k in torch.randperm(len(indices), generator=order).tolist()]
    window = batch_size * 8
    batches = []
    for start in range(0, len(permutation), window):
        chunk = sorted(permutation[start : start + window], key=lambda i: (lengths[i], i))
        batches += [chunk[k : k + batch_size] for k in range(0, len(chunk), batch_size)]
    return [batches[k] for k in torch.randperm(len(batches), generator=order).tolist()]


def _frozen_states(model, tokenizer, texts: list[str], indices: list[int], config: FineTuneConfig) -> dict:  # type: ignore[no-untyped-def]
    """Each item's hidden states (real tokens only) under the layers that stay frozen, computed once."""
    import torch
    from transformers.masking_utils import create_bidirectional_mask

    cut = model.config.num_hidden_layers - config.tuned_layers
    model.eval()
    states = {}
    with torch.no_grad():
        ordered = sorted(indices, key=lambda i: (len(texts[i]), i))
        for start in range(0, len(ordered), 32):
            idx = ordered[start : start + 32]
            batch = tokenizer([texts[i] for i in idx], padding=True, truncation=True,
                              max_length=config.max_tokens, return_tensors="pt")
            hidden = model.embeddings(input_ids=batch["input_ids"], token_type_ids=batch["token_type_ids"])
            mask = create_bidirectional_mask(config=model.config, inputs_embeds=hidden,
                                             attention_mask=batch["attention_mask"])
            for layer in model.encoder.layer[:cut]:
                hidden = layer(hidden, mask)
            for row, i in enumerate(idx):
                states[i] = hidden[row, : int(batch["attention_mask"][row].sum())].clone()
    return states


def _top_pooled(model, top, states: list) -> object:  # type: ignore[no-untyped-def]
    """The L2-normalised mean-pooled embedding after running the tuned top layers over frozen states."""
    import torch
    from transformers.masking_utils import create_bidirectional_mask

    hidden = torch.nn.utils.rnn.pad_sequence(states, batch_first=True)
    attention = torch.zeros(hidden.shape[:2], dtype=torch.long)
    for row, state in enumerate(states):
        attention[row, : len(state)] = 1
    mask = create_bidirectional_mask(config=model.config, inputs_embeds=hidden, attention_mask=attention)
    for layer in top:
        hidden = layer(hidden, mask)
    weights = attention.unsqueeze(-1).to(hidden.dtype)
    pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
    return torch.nn.functional.normalize(pooled, p=2, dim=1)


def _platt_from_logits(logits: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    from sklearn.linear_model import LogisticRegression

    if len(set(y.tolist())) < 2:
        return 1.0, 0.0
    platt = LogisticRegression(C=1e6, max_iter=1000).fit(logits.reshape(-1, 1), y)
    return float(platt.coef_[0, 0]), float(platt.intercept_[0])


def fine_tune(texts: list[str], primary: list[str], pillar_sets: list[list[str]], event_types: list[str],
              out_dir: Path, config: FineTuneConfig = FineTuneConfig(), base: str | None = None,
              progress=None) -> ClassifierHeads:  # type: ignore[no-untyped-def]
    """Fine-tune the encoder with both heads on `texts`, calibrate, and write the artifact to `out_dir`.

    Same texts, labels, config and thread count give the same artifact (torch runs in deterministic mode).
    """
    _offline()
    import torch
    from transformers import AutoModel, AutoTokenizer, get_linear_schedule_with_warmup
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()
    transformers_logging.set_verbosity_error()
    _seed_everything(config.seed, config.threads)
    base = base or encoder_path()
    tokenizer = AutoTokenizer.from_pretrained(base)
    model = AutoModel.from_pretrained(base, dtype=torch.float32)
    pillar_head = torch.nn.Linear(model.config.hidden_size, len(PILLARS))
    event_head = torch.nn.Linear(model.config.hidden_size, len(EVENT_TYPES))

    fit, calibrate = calibration_split(primary, config.calibration_share, config.seed)
    y_pillars = torch.tensor([[float(p in s) for p in PILLARS] for s in pillar_sets])
    y_event = torch.tensor([EVENT_TYPES.index(e) for e in event_types])
    window = config.batch_size * 8
    steps_per_epoch = sum(-(-min(window, len(fit) - start) // config.batch_size)
                          for start in range(0, len(fit), window))
    total = steps_per_epoch * config.epochs
    no_decay = ("bias", "LayerNorm.weight")
    tuned = [(n, p) for n, p in model.named_parameters()
             if any(n.startswith(f"encoder.layer.{k}.") for k in
                    range(model.config.num_hidden_layers - config.tuned_layers, model.config.num_hidden_layers))]
    for parameter in model.parameters():
        parameter.requires_grad_(False)
    for _, parameter in tuned:
        parameter.requires_grad_(True)
    optimizer = torch.optim.AdamW([
        {"params": [p for n, p in tuned if not any(k in n for k in no_decay)],
         "lr": config.encoder_lr, "weight_decay": config.weight_decay},
        {"params": [p for n, p in tuned if any(k in n for k in no_decay)],
         "lr": config.encoder_lr, "weight_decay": 0.0},
        {"params": [*pillar_head.parameters(), *event_head.parameters()], "lr": config.head_lr,
         "weight_decay": 0.0},
    ])
    schedule = get_linear_schedule_with_warmup(optimizer, int(total * config.warmup_share), total)
    order = torch.Generator().manual_seed(config.seed)
    lengths = [len(t) for t in texts]
    frozen = _frozen_states(model, tokenizer, texts, fit, config)
    top = model.encoder.layer[len(model.encoder.layer) - config.tuned_layers :]
    top.train()
    step = 0
    for _epoch in range(config.epochs):
        for idx in _length_grouped_batches(fit, lengths, config.batch_size, order):
            embedding = _top_pooled(model, top, [frozen[i] for i in idx])
            pillar_logits = config.scale * pillar_head(embedding)
            event_logits = config.scale * event_head(embedding)
            loss = (torch.nn.functional.binary_cross_entropy_with_logits(pillar_logits, y_pillars[idx])
                    + torch.nn.functional.cross_entropy(event_logits, y_event[idx],
                                                        label_smoothing=config.label_smoothing))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(top.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            step += 1
            if progress:
                progress(step, total, float(loss.detach()))

    # The stored layers are fp16; round now so calibration and scores see the weights enrichment will load.
    top.eval()
    with torch.no_grad():
        for parameter in top.parameters():
            parameter.copy_(parameter.half().float())
        held_out = _frozen_states(model, tokenizer, texts, calibrate, config)
        embeddings = np.concatenate([
            _top_pooled(model, top, [held_out[i] for i in calibrate[start : start + 32]]).double().numpy()
            for start in range(0, len(calibrate), 32)
        ]) if calibrate else np.zeros((0, model.config.hidden_size))
    pillar_coef = config.scale * pillar_head.weight.detach().double().numpy()
    pillar_intercept = config.scale * pillar_head.bias.detach().double().numpy()
    event_coef = config.scale * event_head.weight.detach().double().numpy()
    event_intercept = config.scale * event_head.bias.detach().double().numpy()
    logits = embeddings @ pillar_coef.T + pillar_intercept
    calibration = np.array([
        _platt_from_logits(logits[:, k], np.array([PILLARS[k] in pillar_sets[i] for i in calibrate], dtype=int))
        for k in range(len(PILLARS))
    ])
    heads = ClassifierHeads(pillar_coef, pillar_intercept, event_coef, event_intercept, version="",
                            pillar_calibration=calibration)
    out_dir = Path(out_dir)
    save_tuned_top(top, model.config.num_hidden_layers - config.tuned_layers, out_dir)
    heads.version = finetuned_version(heads, out_dir / TUNED_TOP_FILE)
    heads.save(out_dir)
    return heads


def save_tuned_top(top, first_layer: int, directory: Path) -> None:  # type: ignore[no-untyped-def]
    """The tuned layers as fp16 safetensors, keyed as in the slice (`0.attention...`), first layer in metadata."""
    from safetensors.torch import save_file

    directory.mkdir(parents=True, exist_ok=True)
    state = {name: tensor.detach().half().contiguous() for name, tensor in top.state_dict().items()}
    save_file(state, directory / TUNED_TOP_FILE, metadata={"first_layer": str(first_layer)})


def finetuned_version(heads: ClassifierHeads, tuned_top: Path) -> str:
    """`minilm-l6-v2+ft-<10 hex>`: a digest of the heads' weights and the tuned layers' file."""
    digest = hashlib.sha256()
    for array in (heads.pillar_coef, heads.pillar_intercept, heads.event_coef, heads.event_intercept,
                  heads.pillar_calibration):
        digest.update(np.round(array, 6).tobytes())
    digest.update(tuned_top.read_bytes())
    return "minilm-l6-v2+ft-" + digest.hexdigest()[:10]
