"""Issue 15: which classifier to ship, scored on the dev split only.

    python -m benchmarks.classifier_choice [frozen|finetune|contrastive ...]
    python -m benchmarks.classifier_choice rules     # each headline rule on/off, shipped model

Trains each candidate on the train split into a temporary folder (seeded, 2 torch threads) and prints, per
candidate, the classifier's own dev scores: pillar macro-F1 and accuracy (primary pillar), event-type accuracy
from the model alone and with every headline rule, the pillar Brier score, and the training time. Candidates:
- frozen: all-MiniLM-L6-v2 as is + calibrated logistic heads (`nlp.training.classifier_training.train_classifier`);
- finetune: the encoder fine-tuned end to end with both heads (`nlp.training.fine_tuning`);
- contrastive: SetFit-style, the encoder tuned on same-label / different-label pairs with a cosine loss, then
  the calibrated logistic heads fitted on its embeddings (`contrastive_tune` below).
The full-pipeline figures in the README come from `radar evaluate --gold nlp/data/corpus/dev.jsonl`.
"""

from __future__ import annotations

import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")

SEED = 13


def contrastive_tune(texts: list[str], labels: list[str], out_dir: Path, pairs_per_item: int = 2,
                     batch_size: int = 16, lr: float = 2e-5, seed: int = SEED) -> None:
    """SetFit-style: for each item a same-label and a different-label partner; the cosine of the two
    mean-pooled embeddings is pulled to 1 or 0 (one pass over the pairs). The same budget as the fine-tune:
    top layers only (`FineTuneConfig.tuned_layers`), one thread. Saves the encoder (fp16)."""
    import torch
    from transformers import AutoModel, AutoTokenizer, get_linear_schedule_with_warmup

    from nlp.model_loading import encoder_path
    from nlp.training.fine_tuning import (
        FineTuneConfig,
        _frozen_states,
        _seed_everything,
        _top_pooled,
        save_tuned_top,
    )

    config = FineTuneConfig(seed=seed)
    _seed_everything(seed, config.threads)
    base = encoder_path()
    tokenizer = AutoTokenizer.from_pretrained(base)
    model = AutoModel.from_pretrained(base, dtype=torch.float32)
    rng = random.Random(seed)
    by_label: dict[str, list[int]] = {}
    for i, label in enumerate(labels):
        by_label.setdefault(label, []).append(i)
    pairs = []
    for round_ in range(pairs_per_item):
        for i, label in enumerate(labels):
            if round_ % 2 == 0 and len(by_label[label]) > 1:
                j = rng.choice([k for k in by_label[label] if k != i])
                pairs.append((i, j, 1.0))
            else:
                j = rng.choice([k for k in range(len(labels)) if labels[k] != label])
                pairs.append((i, j, 0.0))
    rng.shuffle(pairs)
    frozen = _frozen_states(model, tokenizer, texts, list(range(len(texts))), config)
    top = model.encoder.layer[model.config.num_hidden_layers - config.tuned_layers :]
    for parameter in model.parameters():
        parameter.requires_grad_(False)
    for parameter in top.parameters():
        parameter.requires_grad_(True)
    top.train()
    steps = (len(pairs) + batch_size - 1) // batch_size
    optimizer = torch.optim.AdamW(top.parameters(), lr=lr, weight_decay=0.01)
    schedule = get_linear_schedule_with_warmup(optimizer, int(0.1 * steps), steps)
    started = time.time()
    for step, start in enumerate(range(0, len(pairs), batch_size), start=1):
        chunk = pairs[start : start + batch_size]
        left = _top_pooled(model, top, [frozen[i] for i, _, _ in chunk])
        right = _top_pooled(model, top, [frozen[j] for _, j, _ in chunk])
        target = torch.tensor([y for _, _, y in chunk])
        loss = torch.nn.functional.mse_loss((left * right).sum(1), target)
        loss.backward()
        optimizer.step()
        schedule.step()
        optimizer.zero_grad()
        if step % 20 == 0 or step == steps:
            print(f"  contrastive {step}/{steps} loss {float(loss.detach()):.3f} {time.time() - started:.0f}s",
                  file=sys.stderr, flush=True)
    save_tuned_top(top, model.config.num_hidden_layers - config.tuned_layers, out_dir)


def train_candidate(name: str, items: list[dict], out_dir: Path) -> None:
    from nlp.classification.classifier_head import ClassifierHeads
    from nlp.classification.sentence_encoder import SentenceEncoder
    from nlp.model_loading import tuned_top_file
    from nlp.training.classifier_training import train_classifier, train_finetuned, training_texts

    if name == "frozen":
        train_classifier(items, out_dir, encoder=SentenceEncoder(threads=2))
    elif name == "finetune":
        train_finetuned(items, out_dir)
    elif name == "contrastive":
        texts = training_texts(items)
        contrastive_tune(texts, [f"{i['pillar']}/{i['event_type']}" for i in items], out_dir)
        embeddings = SentenceEncoder(tuned_top=tuned_top_file(out_dir), threads=2).encode_pair(texts)[1]
        heads = ClassifierHeads.train(embeddings, [i["pillars"] for i in items], [i["event_type"] for i in items],
                                      seed=SEED)
        heads.save(out_dir)
    else:
        raise ValueError(f"unknown candidate {name!r}")


def dev_scores(artifact_dir: Path) -> dict:
    """The classifier's own scores on dev (no spaCy): pillars, event type without and with headline rules."""
    from benchmarks.event_generalisation import macro_f1
    from nlp.classification.event_rules import headline_event_type
    from nlp.taxonomy import PILLARS

    dev, predictions = _dev_predictions(artifact_dir)
    ruled = [headline_event_type(q.pillar, g["title"]) or q.event_type for q, g in zip(predictions, dev, strict=True)]
    brier = np.mean([[(q.pillar_scores[p] - (p in g["pillars"])) ** 2 for p in PILLARS]
                     for q, g in zip(predictions, dev, strict=True)])
    return {
        "pillar_macro_f1": round(macro_f1([g["pillar"] for g in dev], [q.pillar for q in predictions]), 3),
        "pillar_accuracy": round(float(np.mean([q.pillar == g["pillar"] for q, g in zip(predictions, dev, strict=True)])), 3),
        "event_type_model": round(float(np.mean([q.event_type == g["event_type"] for q, g in zip(predictions, dev, strict=True)])), 3),
        "event_type_with_rules": round(float(np.mean([e == g["event_type"] for e, g in zip(ruled, dev, strict=True)])), 3),
        "pillar_brier": round(float(brier), 4),
    }


def _dev_predictions(artifact_dir: Path) -> tuple[list[dict], list]:
    from nlp.boilerplate import news_part
    from nlp.classification.classifier_head import ClassifierHeads
    from nlp.classification.sentence_encoder import SentenceEncoder
    from nlp.enrich import classifier_input
    from nlp.evaluation.labelled_data import labelled_split
    from nlp.model_loading import tuned_top_file

    dev = labelled_split("dev")
    encoder = SentenceEncoder(tuned_top=tuned_top_file(artifact_dir), threads=2)
    embeddings = encoder.encode_pair([classifier_input(i["title"], news_part(i["text"])) for i in dev])[1]
    return dev, ClassifierHeads.load(artifact_dir).predict(embeddings)


def rule_ablation(artifact_dir: Path) -> None:
    """Event-type accuracy on dev with every headline rule in `nlp.classification.event_rules`, with none, and with each one
    left out (the rules are tried in order, so leaving one out can hand its headlines to the next)."""
    from nlp.classification.event_rules import HEADLINE_RULES

    dev, predictions = _dev_predictions(artifact_dir)

    def accuracy(rules: dict) -> float:
        right = 0
        for q, g in zip(predictions, dev, strict=True):
            event = next((e for e, pattern in rules.get(q.pillar, []) if pattern.search(g["title"])), q.event_type)
            right += event == g["event_type"]
        return right / len(dev)

    every = accuracy(HEADLINE_RULES)
    print(f"model alone {accuracy({}):.3f}, every rule {every:.3f}")
    for pillar, rules in HEADLINE_RULES.items():
        for k, (event, pattern) in enumerate(rules):
            fired = sum(q.pillar == pillar and bool(pattern.search(g["title"]))
                        for q, g in zip(predictions, dev, strict=True))
            without = accuracy({**HEADLINE_RULES, pillar: rules[:k] + rules[k + 1 :]})
            print(f"{pillar}/{event}: matches {fired} dev headlines; accuracy without it {without:.3f} "
                  f"(rule adds {every - without:+.3f})")


def main(names: list[str]) -> None:
    from nlp.enrich import ARTIFACT_DIR
    from nlp.evaluation.labelled_data import labelled_split

    if names == ["rules"]:
        rule_ablation(ARTIFACT_DIR)
        return
    items = labelled_split("train")
    for name in names or ["frozen", "finetune", "contrastive"]:
        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            train_candidate(name, items, Path(tmp))
            seconds = time.perf_counter() - started
            print(json.dumps({"candidate": name, "train_seconds": round(seconds), **dev_scores(Path(tmp))}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
