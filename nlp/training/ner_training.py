"""Update the English model's NER on the train split: `python -m nlp.training.ner_training` (or `radar train --ner`).

Starts from the base model's weights (en_core_web_sm or its packaged copy) and trains only its NER on:
- every train item (headline and news part as two docs), annotated by nlp.training.ner_spans: gold ORG, PERSON and GPE
  spans derived from the item's labels, confident ORG/PERSON negatives, the rest of the original model's
  predictions kept (pseudo-rehearsal of the labels not corrected);
- the demo newsroom's articles annotated by the original model alone, ORG and PERSON left unannotated, against
  forgetting on other text.
Seeded; one BLAS thread. Writes a spaCy pipeline holding only the NER to nlp/artifacts/ner, which
nlp/pipeline.cfg sources; nlp.model_version hashes its files.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import filter_spans, fix_random_seed, minibatch
from threadpoolctl import threadpool_limits

from nlp.boilerplate import news_part
from nlp.entities.company_names import CompanyIndex, company_index
from nlp.evaluation.labelled_data import labelled_split
from nlp.evaluation.scores import PRF
from nlp.model_loading import NER_MODEL_DIR as NER_DIR
from nlp.training.ner_spans import CORRECTED_LABELS, CharSpan, gold_spans, ner_annotation

REHEARSAL_DIR = Path(__file__).parents[2] / "crawlers" / "demo_newsroom" / "articles"
SEED = 13
EPOCHS = 6
DROPOUT = 0.2
BATCH_SIZE = 8


@dataclass
class Annotated:
    text: str
    entities: list[CharSpan]
    missing: list[tuple[int, int]] = field(default_factory=list)
    # "outside": a token in no span is a negative; "missing": only the spans teach (rehearsal text, whose
    # unlabelled tokens may be names the base model happened to miss)
    default: str = "outside"


def aliases_from(index: CompanyIndex):  # type: ignore[no-untyped-def]
    def aliases_of(name: str) -> tuple[str, ...]:
        known = index.companies.get(name) or index.companies.get(index.resolve(name) or "")
        return (known.name, *known.aliases) if known else ()

    return aliases_of


def item_texts(item: dict) -> list[str]:
    text = item.get("text") or "\n".join(item.get("paragraphs") or [])
    return [item["title"], news_part(text)]


def predicted_spans(doc: Doc) -> list[CharSpan]:
    return [CharSpan(e.start_char, e.end_char, e.label_) for e in doc.ents]


def annotate_items(items: list[dict], base: Language, index: CompanyIndex) -> list[Annotated]:
    """Every item's headline and news part, annotated from its labels and the base model's predictions."""
    aliases_of = aliases_from(index)
    texts, labels = [], []
    for item in items:
        for text in item_texts(item):
            texts.append(text)
            labels.append(item)
    out = []
    for text, item, doc in zip(texts, labels, base.pipe(texts, batch_size=32), strict=True):
        companies, people = item.get("companies") or [], item.get("people") or []
        gold = gold_spans(text, companies, people, item.get("locations") or [], aliases_of)
        entities, missing = ner_annotation(text, gold, predicted_spans(doc), [*companies, *people])
        out.append(Annotated(text, entities, missing))
    return out


def rehearsal_texts(folder: Path = REHEARSAL_DIR) -> list[str]:
    texts = []
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                article = json.loads(line)
                texts += [article["title"], "\n".join(article.get("paragraphs") or [])]
    return [t for t in texts if t.strip()]


def annotate_rehearsal(texts: list[str], base: Language) -> list[Annotated]:
    """The base model's own entities of the labels not being corrected, and nothing else taught: ORG and PERSON
    are left to the labelled items, and a token outside every span is missing, not a negative. (Marking it
    outside taught the model that a name the base model missed once, in a corpus that repeats it hundreds of
    times, is no name: the demo's "Alderbrook Biologics" was lost; teaching the base model's ORG and PERSON spans
    instead brought back its own errors, such as a "... Biologics" company read as a person.)"""
    out = []
    for text, doc in zip(texts, base.pipe(texts, batch_size=32), strict=True):
        spans = [s for s in predicted_spans(doc) if s.label not in CORRECTED_LABELS]
        out.append(Annotated(text, spans, [], default="missing"))
    return out


def to_example(nlp: Language, annotated: Annotated) -> Example:
    reference = nlp.make_doc(annotated.text)
    ents = [reference.char_span(s.start, s.end, label=s.label, alignment_mode="contract")
            for s in annotated.entities]
    ents = filter_spans([e for e in ents if e is not None and len(e)])
    taken = {i for e in ents for i in range(e.start, e.end)}
    missing = [reference.char_span(s, e, alignment_mode="expand") for s, e in annotated.missing]
    missing = [m for m in filter_spans([m for m in missing if m is not None and len(m)])
               if not any(i in taken for i in range(m.start, m.end))]
    reference.set_ents(ents, missing=missing, default=annotated.default)
    return Example(nlp.make_doc(annotated.text), reference)


def load_base() -> Language:
    from nlp.spacy_pipeline import base_model_name

    return spacy.load(base_model_name(), disable=["lemmatizer"])


def train_ner(items: list[dict], out_dir: Path = NER_DIR, seed: int = SEED, epochs: int = EPOCHS,
              rehearsal: Iterable[str] | None = None, log=print) -> Language:  # type: ignore[no-untyped-def]
    """Update the base model's NER on `items` plus rehearsal text and save a NER-only pipeline to `out_dir`."""
    if not items:
        raise ValueError("no labelled training items found")
    threadpool_limits(limits=1, user_api="blas")
    random.seed(seed)
    np.random.seed(seed)
    fix_random_seed(seed)
    nlp = load_base()
    index = company_index()
    with nlp.select_pipes(enable=["ner"]):
        annotated = annotate_items(items, nlp, index)
        annotated += annotate_rehearsal(list(rehearsal if rehearsal is not None else rehearsal_texts()), nlp)
    examples = [to_example(nlp, a) for a in annotated]
    log(f"{len(examples)} training docs ({len(items)} items + rehearsal)")
    with nlp.select_pipes(enable=["ner"]):
        optimizer = nlp.resume_training()
        for epoch in range(epochs):
            random.shuffle(examples)
            losses: dict[str, float] = {}
            for batch in minibatch(examples, size=BATCH_SIZE):
                nlp.update(batch, drop=DROPOUT, sgd=optimizer, losses=losses)
            log(f"epoch {epoch + 1}/{epochs}: ner loss {losses.get('ner', 0.0):.1f}")
    for name in [n for n in nlp.component_names if n != "ner"]:
        nlp.remove_pipe(name)
    nlp.meta["name"] = "radar_ner"
    nlp.meta["description"] = f"en_core_web_sm NER updated on the radar train split (seed {seed}, {epochs} epochs)"
    if out_dir.exists():
        shutil.rmtree(out_dir)
    nlp.to_disk(out_dir)
    return nlp


def span_scores(ner: Language, items: list[dict], base: Language,
                index: CompanyIndex | None = None) -> dict[str, PRF]:
    """ORG and PERSON span precision/recall of `ner` against spans derived from the items' labels (exact
    boundaries; a prediction inside an unannotated range is not counted either way)."""
    annotated = annotate_items(items, base, index or company_index())
    scores = {label: PRF() for label in CORRECTED_LABELS}
    for a, doc in zip(annotated, ner.pipe([a.text for a in annotated], batch_size=32), strict=True):
        for label, score in scores.items():
            gold = {(s.start, s.end) for s in a.entities if s.label == label}
            predicted = {(e.start_char, e.end_char) for e in doc.ents if e.label_ == label}
            unannotated = [(s, e) for s, e in a.missing]
            score.tp += len(predicted & gold)
            score.fn += len(gold - predicted)
            score.fp += sum(1 for s, e in predicted - gold
                            if not any(s < me and e > ms for ms, me in unannotated))
    return scores


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m nlp.training.ner_training", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=NER_DIR)
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--score-dev", action="store_true",
                        help="Also print ORG/PERSON span P/R on the dev split, base model vs the trained one.")
    args = parser.parse_args(argv)
    trained = train_ner(labelled_split("train"), args.out, args.seed, args.epochs)
    if args.score_dev:
        base = load_base()
        dev = labelled_split("dev")
        with base.select_pipes(enable=["ner"]):
            before = span_scores(base, dev, base)
            after = span_scores(trained, dev, base)
        for label in CORRECTED_LABELS:
            print(f"dev span {label}: P/R {before[label].precision:.3f}/{before[label].recall:.3f} → "
                  f"{after[label].precision:.3f}/{after[label].recall:.3f}")


if __name__ == "__main__":
    main()
