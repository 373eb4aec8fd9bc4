"""Score predictions against labelled items: pillars, event types, companies, people, roles, amounts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from nlp.taxonomy import PILLARS


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, predicted: set, gold: set) -> None:
        self.tp += len(predicted & gold)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)


@dataclass
class EvaluationReport:
    items: int
    pillar_accuracy: float
    pillar_macro_f1: float
    per_pillar: dict[str, PRF]
    event_type_accuracy: float
    companies: PRF
    people: PRF
    roles: PRF
    amounts: PRF
    # Items with no gold amount on which an amount was predicted, and how many such items there were.
    spurious_amounts: int
    items_without_amount: int
    subject_company_accuracy: float
    confusion: Counter = field(default_factory=Counter)

    def as_table(self) -> str:
        lines = [f"items: {self.items}", "", f"{'metric':<28}{'P':>8}{'R':>8}{'F1':>8}"]
        for pillar, prf in self.per_pillar.items():
            lines.append(f"{'pillar ' + pillar:<28}{prf.precision:>8.3f}{prf.recall:>8.3f}{prf.f1:>8.3f}")
        for name, prf in (("companies", self.companies), ("people", self.people), ("roles", self.roles),
                          ("amounts", self.amounts)):
            lines.append(f"{name:<28}{prf.precision:>8.3f}{prf.recall:>8.3f}{prf.f1:>8.3f}")
        lines += [
            "",
            f"{'pillar accuracy':<28}{self.pillar_accuracy:>8.3f}",
            f"{'pillar macro-F1':<28}{self.pillar_macro_f1:>8.3f}",
            f"{'event-type accuracy':<28}{self.event_type_accuracy:>8.3f}",
            f"{'subject company accuracy':<28}{self.subject_company_accuracy:>8.3f}",
            f"{'spurious amount rate':<28}{self.spurious_amount_rate:>8.3f}",
        ]
        return "\n".join(lines)

    @property
    def spurious_amount_rate(self) -> float:
        """Share of the items without an amount on which one was predicted anyway."""
        return self.spurious_amounts / self.items_without_amount if self.items_without_amount else 0.0

    def as_dict(self) -> dict:
        return {
            "items": self.items, "pillar_accuracy": self.pillar_accuracy, "pillar_macro_f1": self.pillar_macro_f1,
            "per_pillar_f1": {p: prf.f1 for p, prf in self.per_pillar.items()},
            "event_type_accuracy": self.event_type_accuracy, "companies_f1": self.companies.f1,
            "companies_precision": self.companies.precision, "companies_recall": self.companies.recall,
            "people_f1": self.people.f1, "people_precision": self.people.precision,
            "people_recall": self.people.recall, "roles_f1": self.roles.f1,
            "roles_precision": self.roles.precision, "roles_recall": self.roles.recall,
            "amount_f1": self.amounts.f1, "amount_precision": self.amounts.precision,
            "amount_recall": self.amounts.recall, "spurious_amount_rate": self.spurious_amount_rate,
            "subject_company_accuracy": self.subject_company_accuracy,
        }


ROWS = [("pillar accuracy", "pillar_accuracy"), ("pillar macro-F1", "pillar_macro_f1"),
        ("event-type accuracy", "event_type_accuracy"), ("subject company accuracy", "subject_company_accuracy"),
        ("spurious amount rate", "spurious_amount_rate")]


def side_by_side(ours: EvaluationReport, baseline: EvaluationReport) -> str:
    """The scores of the enrichment next to those of the keyword baseline on the same items."""
    lines = [f"items: {ours.items}", "", f"{'metric':<28}{'P':>8}{'R':>8}{'F1':>8}{'baseline F1':>14}"]
    for pillar, prf in ours.per_pillar.items():
        lines.append(f"{'pillar ' + pillar:<28}{prf.precision:>8.3f}{prf.recall:>8.3f}{prf.f1:>8.3f}"
                     f"{baseline.per_pillar[pillar].f1:>14.3f}")
    for label in ("companies", "people", "roles", "amounts"):
        prf, base = getattr(ours, label), getattr(baseline, label)
        lines.append(f"{label:<28}{prf.precision:>8.3f}{prf.recall:>8.3f}{prf.f1:>8.3f}{base.f1:>14.3f}")
    lines += ["", f"{'metric':<28}{'score':>8}{'':>16}{'baseline':>14}"]
    for label, key in ROWS:
        lines.append(f"{label:<28}{getattr(ours, key):>8.3f}{'':>16}{getattr(baseline, key):>14.3f}")
    return "\n".join(lines)


def labels_of(item: dict) -> dict:
    """An item's labels: at its top level, or under `labels`."""
    return item.get("labels", item)


def _same(a: str | None, b: str | None, name: Callable[[str], str]) -> bool:
    return a == b if a is None or b is None else name(a) == name(b)


def amount_matches(predicted: dict | None, gold: dict | None) -> bool:
    """Both present, same currency, value within 1 %."""
    if not predicted or not gold or predicted.get("currency") != gold.get("currency"):
        return False
    return abs(predicted["value"] - gold["value"]) <= 0.01 * abs(gold["value"])


def role_triples(roles: list[dict] | None, name: Callable[[str], str]) -> set[tuple]:
    """(person, normalised role, canonical organisation): a role at the wrong company is a wrong role."""
    return {(r["person"], r["role"], name(r["company"]) if r.get("company") else None) for r in roles or []}


def evaluate(predicted: list[dict], gold: list[dict],
             canonical: Callable[[str], str] | None = None) -> EvaluationReport:
    """Compare predictions with gold labels item by item (matched on `id`).

    `canonical` maps company names on both sides to one written form (the knowledge base's), so a label written
    "Lonza Group" and a prediction "Lonza" agree, and renaming a company in the knowledge base moves both.
    """
    name = canonical or (lambda n: n)
    by_id = {g["id"]: labels_of(g) for g in gold}
    per_pillar = {p: PRF() for p in PILLARS}
    companies, people, roles, amounts = PRF(), PRF(), PRF(), PRF()
    n = pillar_right = event_right = subject_right = spurious = without_amount = 0
    confusion: Counter = Counter()
    for item in predicted:
        g = by_id.get(item["id"])
        if g is None:
            continue
        n += 1
        pillar_right += item["pillar"] == g["pillar"]
        confusion[(g["pillar"], item["pillar"])] += 1
        for p in PILLARS:
            per_pillar[p].add({p} & {item["pillar"]}, {p} & {g["pillar"]})
        event_right += item["event_type"] == g["event_type"]
        companies.add({name(c) for c in item["companies"]}, {name(c) for c in g.get("companies") or []})
        people.add(set(item["people"]), set(g.get("people") or []))
        roles.add(role_triples(item.get("roles"), name), role_triples(g.get("roles"), name))
        predicted_amount, gold_amount = item.get("amount"), g.get("amount")
        if amount_matches(predicted_amount, gold_amount):
            amounts.tp += 1
        else:
            amounts.fp += bool(predicted_amount)
            amounts.fn += bool(gold_amount)
        if not gold_amount:
            without_amount += 1
            spurious += bool(predicted_amount)
        subject_right += _same(item.get("subject_company"), g.get("subject_company"), name)
    div = max(n, 1)
    return EvaluationReport(
        items=n, pillar_accuracy=pillar_right / div,
        pillar_macro_f1=sum(prf.f1 for prf in per_pillar.values()) / len(per_pillar), per_pillar=per_pillar,
        event_type_accuracy=event_right / div, companies=companies, people=people, roles=roles,
        amounts=amounts, spurious_amounts=spurious, items_without_amount=without_amount,
        subject_company_accuracy=subject_right / div, confusion=confusion,
    )


ERROR_FIELDS = ("pillar", "pillars", "event_type", "subject_company", "companies", "people", "roles", "amount")


def _field_value(record: dict, field_name: str, name: Callable[[str], str]) -> object:
    value = record.get(field_name)
    if field_name == "companies":
        return sorted({name(c) for c in value or []})
    if field_name == "people":
        return sorted(set(value or []))
    if field_name == "roles":
        return sorted(role_triples(value, name), key=str)
    if field_name == "subject_company":
        return name(value) if value else None
    if field_name == "amount":
        return {"value": value["value"], "currency": value["currency"]} if value else None
    return value


def field_errors(predicted: list[dict], gold: list[dict], canonical: Callable[[str], str] | None = None,
                 limit: int = 10) -> dict[str, list[str]]:
    """Up to `limit` disagreements per field, one line each ("id: gold … | predicted …"), for studying a
    train or dev split. Never call it on the locked test."""
    name = canonical or (lambda n: n)
    by_id = {g["id"]: labels_of(g) for g in gold}
    errors: dict[str, list[str]] = {f: [] for f in ERROR_FIELDS}
    for item in predicted:
        g = by_id.get(item["id"])
        if g is None:
            continue
        for f in ERROR_FIELDS:
            ours, theirs = _field_value(item, f, name), _field_value(g, f, name)
            if f == "amount":
                differs = bool(ours or theirs) and not amount_matches(ours, theirs)  # type: ignore[arg-type]
            else:
                differs = ours != theirs
            if differs and len(errors[f]) < limit:
                errors[f].append(f"{item['id']}: gold {theirs} | predicted {ours}")
    return errors
