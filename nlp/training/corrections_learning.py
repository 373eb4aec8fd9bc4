"""What the models learn from analysts' corrections (items written by `radar corrections export`).

- training: the corrected articles join the train split, never the locked test (an item sharing an id or
  headline with it is refused) and never the dev split (overlapping items are left out, so dev stays an honest
  measure);
- evaluation: besides the usual scores on those articles, the share of corrections the current model now gets
  right by itself, field by field — whether a new model fixes what analysts fixed by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from nlp.evaluation import held_out
from nlp.evaluation.labelled_data import labelled_split
from nlp.evaluation.scores import amount_matches, role_triples
from nlp.taxonomy import EVENT_TYPES, PILLARS


class CorrectionsRefused(ValueError):
    """Correction items that must not be used (one line: which and why)."""


def training_items(items: list[dict]) -> tuple[list[dict], list[str]]:
    """The items fit to train on, and the ids left out because the dev split holds them.

    Raises CorrectionsRefused when an item belongs to a held-out set (the locked test, the independent set) or lacks
    what training reads."""
    for number, item in enumerate(items, start=1):
        if not item.get("id") or not item.get("title") or not item.get("text"):
            raise CorrectionsRefused(f"item {number}: needs id, title and text")
        if item.get("pillar") not in PILLARS or item.get("event_type") not in EVENT_TYPES \
                or not item.get("pillars") or any(p not in PILLARS for p in item["pillars"]):
            raise CorrectionsRefused(f"item {number} ({item['id']}): pillar, pillars and event_type must be "
                                     "taxonomy values")
    # Only the ids and headlines are compared (as `radar evaluate` does): held-out items are never studied.
    for held in held_out.held_out_sets():
        held_prints = held_out.set_fingerprints(held)
        inside = [i["id"] for i in items if held_out.fingerprints([i]) & held_prints]
        if inside:
            raise CorrectionsRefused(f"{len(inside)} item(s) belong to the {held.name} and never go into training: "
                                     + ", ".join(inside[:5]))
    dev = held_out.fingerprints(labelled_split("dev"))
    in_dev = [i["id"] for i in items if held_out.fingerprints([i]) & dev]
    return [i for i in items if i["id"] not in set(in_dev)], in_dev


@dataclass(frozen=True)
class FieldAgreement:
    field: str
    corrected: int  # corrections of this field
    agreed: int  # of them, how many the model's own output now matches


def _agrees(field: str, predicted: dict, gold: dict, name: Callable[[str], str]) -> bool:
    if field == "pillars":
        return predicted.get("pillar") == gold.get("pillar") and set(predicted.get("pillars") or []) == set(
            gold.get("pillars") or [])
    if field == "subject_company":
        ours, theirs = predicted.get("subject_company"), gold.get("subject_company")
        return ours == theirs if ours is None or theirs is None else name(ours) == name(theirs)
    if field == "companies":
        return {name(c) for c in predicted.get("companies") or []} == {name(c) for c in gold.get("companies") or []}
    if field == "roles":
        return role_triples(predicted.get("roles"), name) == role_triples(gold.get("roles"), name)
    if field == "amount":
        ours, theirs = predicted.get("amount"), gold.get("amount")
        return (not ours and not theirs) or amount_matches(ours, theirs)
    if field in ("locations", "modalities"):
        return set(predicted.get(field) or []) == set(gold.get(field) or [])
    return predicted.get(field) == gold.get(field)


def correction_agreement(predicted: list[dict], items: list[dict],
                         canonical: Callable[[str], str] | None = None) -> list[FieldAgreement]:
    """Per corrected field: how many corrections the model's predictions agree with."""
    name = canonical or (lambda n: n)
    by_id = {p["id"]: p for p in predicted}
    counts: dict[str, list[int]] = {}
    for item in items:
        ours = by_id.get(item["id"])
        if ours is None:
            continue
        for field in item.get("corrected_fields") or []:
            tally = counts.setdefault(field, [0, 0])
            tally[0] += 1
            tally[1] += _agrees(field, ours, item, name)
    return [FieldAgreement(f, n, agreed) for f, (n, agreed) in sorted(counts.items())]
