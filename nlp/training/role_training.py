"""Train the role relation model: `python -m nlp.training.role_training` (seeded; writes nlp/artifacts/role_relations).

Examples are the candidate triples (nlp.events.role_candidates) of the train split's leadership items, labelled by
whether (person, role, canonical organisation) is among the item's gold roles. Items labelled before the role
list was normalised (no action, a role "Other") are left out. The regularisation strength and the threshold are
the choices made on the dev split (`--dev`) and checked by k-fold cross-validation on train (`--cv`), never on
the locked test. `radar train` rebuilds it too (`train_role_model`).
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from nlp.enrich import Enricher, RoleContext
from nlp.entities.company_names import company_index
from nlp.evaluation.labelled_data import labelled_split
from nlp.evaluation.scores import PRF, labels_of, role_triples
from nlp.events.role_candidates import named_by_role, triples, units_of
from nlp.events.role_model import ROLE_MODEL, RoleModel
from nlp.events.roles import roles_in

SEED = 13
C_VALUE = 0.03
THRESHOLD = 0.6
SECOND = 0.8
FOLDS = 5


def leadership_items(items: list[dict]) -> list[dict]:
    """Items with leadership among their pillars and gold roles in the normalised format (each with its action):
    the older project-written files label a role "Other" and no action, and measured worse on dev."""
    out = []
    for item in items:
        labels = labels_of(item)
        roles = labels.get("roles") or []
        if "leadership" in (labels.get("pillars") or [labels.get("pillar")]) and roles \
                and all(r.get("action") for r in roles):
            out.append(item)
    return out


def gold_triples(item: dict, name: Callable[[str], str]) -> set[tuple]:
    return role_triples(labels_of(item).get("roles"), name)


def contexts(items: list[dict], enricher: Enricher) -> list[RoleContext]:
    records = [{"id": i["id"], "title": i["title"], "text": i.get("text") or "\n".join(i["paragraphs"])}
               for i in items]
    return enricher.role_contexts(records)


def examples(items: list[dict], ctxs: list[RoleContext],
             name: Callable[[str], str]) -> tuple[list[dict[str, float]], list[int]]:
    features, labels = [], []
    for item, ctx in zip(items, ctxs, strict=True):
        gold = gold_triples(item, name)
        people = [*ctx.people, *named_by_role(ctx.title_doc, ctx.body_doc, ctx.people)]
        units = units_of(ctx.title_doc, ctx.body_doc, people, ctx.parsed)
        for c in triples(units, ctx.subject):
            features.append(c.features)
            labels.append(int((c.person, c.role, name(c.company)) in gold))
    return features, labels


def fit(features: list[dict[str, float]], labels: list[int], c_value: float = C_VALUE,
        threshold: float = THRESHOLD, second: float = SECOND, seed: int = SEED) -> RoleModel:
    random.seed(seed)
    np.random.seed(seed)
    vectorizer = DictVectorizer(sparse=True)
    x = vectorizer.fit_transform(features)
    model = LogisticRegression(C=c_value, max_iter=2000, class_weight="balanced", random_state=seed)
    model.fit(x, labels)
    weights = dict(zip(vectorizer.get_feature_names_out(), model.coef_[0].tolist(), strict=True))
    return RoleModel(weights, float(model.intercept_[0]), threshold, second)


def _counts(model: RoleModel, items: list[dict], ctxs: list[RoleContext], name: Callable[[str], str],
            counts: PRF | None = None) -> PRF:
    """The model's (person, role, organisation) triples counted against the gold roles (added to `counts`)."""
    counts = counts or PRF()
    for item, ctx in zip(items, ctxs, strict=True):
        predicted = role_triples(roles_in([ctx.title_doc, ctx.body_doc], ctx.people, ctx.subject, ctx.parsed, model),
                                 name)
        counts.add(predicted, gold_triples(item, name))
    return counts


def score(model: RoleModel, items: list[dict], ctxs: list[RoleContext],
          name: Callable[[str], str]) -> tuple[float, float, float]:
    """Micro P/R/F1 of the model's (person, role, organisation) triples against the items' gold roles."""
    counts = _counts(model, items, ctxs, name)
    return counts.precision, counts.recall, counts.f1


def folds_of(items: list[dict], k: int = FOLDS, seed: int = SEED) -> list[int]:
    """Each item's fold: items sharing an event_key (one announcement told twice) stay in one fold."""
    keys = sorted({labels_of(i).get("event_key") or i["id"] for i in items})
    random.Random(seed).shuffle(keys)
    fold = {key: n % k for n, key in enumerate(keys)}
    return [fold[labels_of(i).get("event_key") or i["id"]] for i in items]


def cross_validate(items: list[dict], ctxs: list[RoleContext], name: Callable[[str], str], c_value: float = C_VALUE,
                   threshold: float = THRESHOLD, second: float = SECOND, k: int = FOLDS,
                   seed: int = SEED) -> tuple[float, float, float]:
    """Pooled P/R/F1 of k-fold cross-validation on the given items (train only: a second measure beside dev)."""
    folds = folds_of(items, k, seed)
    counts = PRF()
    for held in range(k):
        fit_items = [(i, c) for i, c, f in zip(items, ctxs, folds, strict=True) if f != held]
        test = [(i, c) for i, c, f in zip(items, ctxs, folds, strict=True) if f == held]
        features, labels = examples([i for i, _ in fit_items], [c for _, c in fit_items], name)
        model = fit(features, labels, c_value, threshold, second, seed)
        _counts(model, [i for i, _ in test], [c for _, c in test], name, counts)
    return counts.precision, counts.recall, counts.f1


def train_role_model(items: list[dict], enricher: Enricher | None = None, out: Path = ROLE_MODEL,
                     log: Callable[[str], None] = print) -> RoleModel:
    """Fit the relation model on the leadership items among `items` (seeded: same items, same weights) and save it."""
    train = leadership_items(items)
    if not train:
        raise ValueError("no leadership items with normalised roles to train the role relation model on")
    features, labels = examples(train, contexts(train, enricher or Enricher(workers=1)), company_index().canonical)
    log(f"role relations: {len(train)} items, {len(labels)} candidates, {sum(labels)} positive")
    model = fit(features, labels)
    model.save(out)
    log(f"role relations → {out} ({len(model.weights)} weights, C={C_VALUE}, threshold={THRESHOLD}, second={SECOND})")
    return model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dev", action="store_true", help="Also score C and threshold choices on the dev split.")
    parser.add_argument("--cv", action="store_true",
                        help=f"Also print {FOLDS}-fold cross-validation on the train split for each C "
                             "(folds keep an event's items together).")
    args = parser.parse_args()
    name = company_index().canonical
    enricher = Enricher(workers=1)
    train = leadership_items(labelled_split("train"))
    train_ctx = contexts(train, enricher)
    features, labels = examples(train, train_ctx, name)
    if args.cv:
        for c_value in (0.01, 0.03, 0.1, 0.3):
            for threshold in (0.5, 0.6, 0.7):
                for second in (0.8, 0.9):
                    p, r, f = cross_validate(train, train_ctx, name, c_value, threshold, second)
                    print(f"train {FOLDS}-fold CV C={c_value} threshold={threshold} second={second}: "
                          f"P {p:.3f} R {r:.3f} F1 {f:.3f}")
    if args.dev:
        dev = leadership_items(labelled_split("dev"))
        dev_ctx = contexts(dev, enricher)
        for c_value in (0.03, 0.1, 0.3):
            model = fit(features, labels, c_value)
            for threshold in (0.3, 0.4, 0.5, 0.6, 0.7):
                for second in (0.7, 0.8, 0.9, 0.95):
                    trial = RoleModel(model.weights, model.intercept, threshold, second)
                    p, r, f = score(trial, dev, dev_ctx, name)
                    print(f"dev (gold-leadership items) C={c_value} threshold={threshold} second={second}: "
                          f"P {p:.3f} R {r:.3f} F1 {f:.3f}")
    train_role_model(labelled_split("train"), enricher)


if __name__ == "__main__":
    main()
