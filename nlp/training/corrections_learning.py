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
from pathlib import Path

from nlp.evaluation import locked_test
from nlp.evaluation.labelled_data import labelled_split, read_jsonl
from nlp.evaluation.scores import amount_matches, role_triples
from nlp.taxonomy import EVENT_TYPES, PILLARS


class CorrectionsRefused(ValueError):
    """Correction items that must not be used (one line: which and why)."""


def training_items(items: list[dict], locked_file: Path | None = None) -> tuple[list[dict], list[str]]:
    """The items fit to train on, and the ids left out because the dev split holds them.

    Raises CorrectionsRefused when an item is a locked-test item or lacks what training reads."""
    for number, item in enumerate(items, start=1):
        if not item.get("id") or not item.get("title") or not item.get("text"):
            raise CorrectionsRefused(f"item {number}: needs id, title and text")
        if item.get("pillar") not in PILLARS or item.get("event_type") not in EVENT_TYPES \
                or not item.get("pillars") or any(p not in PILLARS for p in item["pillars"]):
            raise CorrectionsRefused(f"item {number} ({item['id']}): pillar, pillars and event_type must be "
                                     "taxonomy values")
    locked_file = locked_file or locked_test.LOCKED_FILE
    # Only the ids and headlines are compared (as `radar evaluate` does): the locked items are never studied.
    held = locked_test._fingerprints(read_jsonl(locked_file)) if locked_file.exists() else set()
    locked = [i["id"] for i in items if locked_test._fingerprints([i]) & held]
    if locked:
        raise CorrectionsRefused(f"{len(locked)} item(s) belong to the locked test and never go into training: "
                                 + ", ".join(locked[:5]))
    dev = locked_test._fingerprints(labelled_split("dev"))
    in_dev = [i["id"] for i in items if locked_test._fingerprints([i]) & dev]
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
