"""Score predictions against labelled items: pillars, event types, companies, people, roles, amounts."""

from __future__ import annotations

from collections import Counter
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
    amount_accuracy: float
    subject_company_accuracy: float
    confusion: Counter = field(default_factory=Counter)

    def as_table(self) -> str:
        lines = [f"items: {self.items}", "", f"{'metric':<28}{'P':>8}{'R':>8}{'F1':>8}"]
        for pillar, prf in self.per_pillar.items():
            lines.append(f"{'pillar ' + pillar:<28}{prf.precision:>8.3f}{prf.recall:>8.3f}{prf.f1:>8.3f}")
        for name, prf in (("companies", self.companies), ("people", self.people), ("roles", self.roles)):
            lines.append(f"{name:<28}{prf.precision:>8.3f}{prf.recall:>8.3f}{prf.f1:>8.3f}")
        lines += [
            "",
            f"{'pillar accuracy':<28}{self.pillar_accuracy:>8.3f}",
            f"{'pillar macro-F1':<28}{self.pillar_macro_f1:>8.3f}",
            f"{'event-type accuracy':<28}{self.event_type_accuracy:>8.3f}",
            f"{'subject company accuracy':<28}{self.subject_company_accuracy:>8.3f}",
            f"{'amount accuracy':<28}{self.amount_accuracy:>8.3f}",
        ]
        return "\n".join(lines)

    def as_dict(self) -> dict:
        return {
            "items": self.items, "pillar_accuracy": self.pillar_accuracy, "pillar_macro_f1": self.pillar_macro_f1,
            "per_pillar_f1": {p: prf.f1 for p, prf in self.per_pillar.items()},
            "event_type_accuracy": self.event_type_accuracy, "companies_f1": self.companies.f1,
            "people_f1": self.people.f1, "roles_f1": self.roles.f1, "amount_accuracy": self.amount_accuracy,
            "subject_company_accuracy": self.subject_company_accuracy,
        }


def _labels(item: dict) -> dict:
    return item.get("labels", item)


def _amount_right(predicted: dict | None, gold: dict | None) -> bool:
    if not gold:
        return not predicted
    if not predicted or predicted["currency"] != gold["currency"]:
        return False
    return abs(predicted["value"] - gold["value"]) <= 0.01 * abs(gold["value"])


def evaluate(predicted: list[dict], gold: list[dict]) -> EvaluationReport:
    """Compare predictions with gold labels item by item (matched on `id`)."""
    by_id = {g["id"]: _labels(g) for g in gold}
    per_pillar = {p: PRF() for p in PILLARS}
    companies, people, roles = PRF(), PRF(), PRF()
    n = pillar_right = event_right = amount_right = subject_right = 0
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
        companies.add(set(item["companies"]), set(g.get("companies") or []))
        people.add(set(item["people"]), set(g.get("people") or []))
        roles.add({(r["person"], r["role"]) for r in item.get("roles") or []},
                  {(r["person"], r["role"]) for r in g.get("roles") or []})
        amount_right += _amount_right(item.get("amount"), g.get("amount"))
        subject_right += item.get("subject_company") == g.get("subject_company")
    div = max(n, 1)
    return EvaluationReport(
        items=n, pillar_accuracy=pillar_right / div,
        pillar_macro_f1=sum(prf.f1 for prf in per_pillar.values()) / len(per_pillar), per_pillar=per_pillar,
        event_type_accuracy=event_right / div, companies=companies, people=people, roles=roles,
        amount_accuracy=amount_right / div, subject_company_accuracy=subject_right / div, confusion=confusion,
    )
