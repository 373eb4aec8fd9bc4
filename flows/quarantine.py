"""Set bad records aside instead of failing a run: enrichment one record at a time after a failed batch, then the
load boundary's typed check. Shared by the pipeline flow and `radar reprocess`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from pydantic import ValidationError

from warehouse.load_input import LoadRecord

REASON = "_quarantine"


def enrich_isolating(enrich: Callable[[list[dict]], list[dict]], records: list[dict]) -> list[dict]:
    """`enrich(records)`; if the batch fails, each record alone, and a record that still fails comes back as
    `{"id": ..., "_quarantine": reason}` in its place."""
    try:
        return enrich(records)
    except Exception:  # one bad record must not cost the batch: find it
        results: list[dict] = []
        for record in records:
            try:
                results += enrich([record])
            except Exception as exc:
                detail = str(exc).splitlines()[0][:300] if str(exc) else ""
                results.append({"id": record.get("id"), "url": record.get("url"), "source": record.get("source"),
                                REASON: f"enrichment failed: {exc.__class__.__name__}: {detail}"})
        return results


def set_aside(records: list[dict]) -> tuple[list[dict], list[dict]]:
    """(loadable records, quarantined ones with a `_quarantine` reason): enrichment failures and records the
    load boundary refuses (warehouse/load_input.py) are kept apart, never loaded, never lost."""
    good, bad = [], []
    for record in records:
        if record.get(REASON):
            bad.append(record)
            continue
        try:
            LoadRecord.model_validate(record)
        except ValidationError as exc:
            error = exc.errors()[0]
            where = ".".join(str(p) for p in error["loc"])
            bad.append({**record, REASON: f"load refused field {where}: {error['msg']}"})
            continue
        good.append(record)
    return good, bad


def quarantine_line(record: dict) -> str:
    """The quarantine file's line for a set-aside record: id, url, source and the reason."""
    return json.dumps({k: record.get(k) for k in ("id", "url", "source", REASON)}, ensure_ascii=True) + "\n"


def write_quarantine(path: Path, records: list[dict]) -> None:
    """One JSON line per set-aside record (`quarantine_line`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as out:
        for record in records:
            out.write(quarantine_line(record))
