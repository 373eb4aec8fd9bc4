"""Train the role relation model: `python -m nlp.training.role_training` (seeded; writes nlp/artifacts/role_relations).

Examples are the candidate triples (nlp.events.role_candidates) of the train split's leadership items, labelled by
whether (person, role, canonical organisation) is among the item's gold roles. Items labelled before the role
list was normalised (no action, a role "Other") are left out. The regularisation strength and the threshold are
the choices made on the dev split (`--dev`), never on the locked test.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from nlp.enrich import Enricher, RoleContext
from nlp.entities.company_names import company_index
from nlp.evaluation.labelled_data import labelled_split
from nlp.events.role_candidates import named_by_role, triples, units_of
from nlp.events.role_model import ROLE_MODEL, RoleModel
from nlp.events.roles import roles_in

SEED = 13
C_VALUE = 0.1
THRESHOLD = 0.6
SECOND = 0.8


def _labels(item: dict) -> dict:
    return item.get("labels", item)


def leadership_items(items: list[dict]) -> list[dict]:
    """Items with leadership among their pillars and gold roles in the normalised format (each with its action):
    the older project-written files label a role "Other" and no action, and measured worse on dev."""
    out = []
    for item in items:
        labels = _labels(item)
        roles = labels.get("roles") or []
        if "leadership" in (labels.get("pillars") or [labels.get("pillar")]) and roles \
                and all(r.get("action") for r in roles):
            out.append(item)
    return out


def gold_triples(item: dict, name: Callable[[str], str]) -> set[tuple]:
    return {(r["person"], r["role"], name(r["company"]) if r.get("company") else None)
            for r in _labels(item).get("roles") or []}


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


def score(model: RoleModel, items: list[dict], ctxs: list[RoleContext],
          name: Callable[[str], str]) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for item, ctx in zip(items, ctxs, strict=True):
        predicted = {(r["person"], r["role"], name(r["company"]) if r.get("company") else None)
                     for r in roles_in([ctx.title_doc, ctx.body_doc], ctx.people, ctx.subject, ctx.parsed, model)}
        gold = gold_triples(item, name)
        tp, fp, fn = tp + len(predicted & gold), fp + len(predicted - gold), fn + len(gold - predicted)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dev", action="store_true", help="Also score C and threshold choices on the dev split.")
    args = parser.parse_args()
    name = company_index().canonical
    enricher = Enricher(workers=1)
    train = leadership_items(labelled_split("train"))
    train_ctx = contexts(train, enricher)
    features, labels = examples(train, train_ctx, name)
    print(f"train: {len(train)} items, {len(labels)} candidates, {sum(labels)} positive")
    if args.dev:
        dev = leadership_items(labelled_split("dev"))
        dev_ctx = contexts(dev, enricher)
        for c_value in (0.1, 0.3, 1.0):
            model = fit(features, labels, c_value)
            for threshold in (0.3, 0.4, 0.5, 0.6, 0.7):
                for second in (0.7, 0.8, 0.9, 0.95):
                    trial = RoleModel(model.weights, model.intercept, threshold, second)
                    p, r, f = score(trial, dev, dev_ctx, name)
                    print(f"dev (gold-leadership items) C={c_value} threshold={threshold} second={second}: "
                          f"P {p:.3f} R {r:.3f} F1 {f:.3f}")
    model = fit(features, labels)
    model.save(ROLE_MODEL)
    print(f"wrote {ROLE_MODEL} ({len(model.weights)} weights, C={C_VALUE}, threshold={THRESHOLD}, second={SECOND})")


if __name__ == "__main__":
    main()
