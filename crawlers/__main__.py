"""`python -m crawlers`: one crawl in its own process (Twisted's reactor runs once per process)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from crawlers.run import run_crawl
from crawlers.sources import SourceConfigError, load_sources


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawlers")
    parser.add_argument("--sources", required=True, type=Path)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--summary", type=Path, help="write the per-source summary JSON here")
    parser.add_argument("--since")
    parser.add_argument("--max-items", type=int)
    parser.add_argument("--fast", action="store_true", help="no start delay (local sites only)")
    args = parser.parse_args(argv)
    try:
        sources = load_sources(args.sources)
    except SourceConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    settings = {"AUTOTHROTTLE_START_DELAY": 0.0} if args.fast else {}
    summary = run_crawl(sources, args.out, since=args.since, max_items=args.max_items, settings=settings)
    if args.summary:
        args.summary.write_text(summary.to_json(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
