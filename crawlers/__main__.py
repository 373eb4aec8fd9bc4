"""`python -m crawlers`: one crawl in its own process (Twisted's reactor runs once per process)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from crawlers.run import run_crawl
from crawlers.seen_store import default_state_dir
from crawlers.settings import UNTHROTTLED, replay_settings
from crawlers.sources import SourceConfigError, load_sources


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawlers")
    parser.add_argument("--sources", required=True, type=Path)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--summary", type=Path, help="write the per-source summary JSON here")
    parser.add_argument("--since", help="only articles published on or after this date (YYYY-MM-DD)")
    parser.add_argument("--max-items", type=int)
    parser.add_argument("--only", action="append", metavar="NAME", help="crawl only this source (repeatable)")
    parser.add_argument("--fast", action="store_true", help="no start delay (local sites only)")
    parser.add_argument("--unthrottled", action="store_true",
                        help="no AutoThrottle, 64 requests per host (local benchmark sites only)")
    parser.add_argument("--state-dir", type=Path,
                        help="seen-URL store of incremental crawling (default: $RADAR_CRAWL_STATE, "
                             "else $RADAR_DATA_DIR/crawl_state, else data/crawl_state)")
    parser.add_argument("--recrawl", action="store_true", help="download every discovered page again")
    parser.add_argument("--defer-seen", type=Path, metavar="FILE",
                        help="write the written articles' URLs to FILE instead of remembering them; the caller "
                             "remembers them once the articles are stored (crawlers.seen_store.commit_deferred)")
    parser.add_argument("--replay", metavar="URL",
                        help="fetch every page from a local mirror of fixture pages (offline tests)")
    args = parser.parse_args(argv)
    if args.since:
        try:
            date.fromisoformat(args.since)
        except ValueError:
            print(f"error: --since {args.since!r}: expected a date such as 2025-01-31", file=sys.stderr)
            return 2
    try:
        sources = load_sources(args.sources)
    except SourceConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.only:
        unknown = set(args.only) - {s.name for s in sources}
        if unknown:
            print(f"error: {args.sources}: no source named {sorted(unknown)[0]!r}", file=sys.stderr)
            return 2
        sources = [s for s in sources if s.name in args.only]
    settings: dict = {}
    if args.fast:
        settings["AUTOTHROTTLE_START_DELAY"] = 0.0
    if args.unthrottled:
        settings.update(UNTHROTTLED)
    if args.replay:
        settings.update(replay_settings(args.replay))
    if args.defer_seen:
        settings["RADAR_DEFER_SEEN"] = str(args.defer_seen)
    try:
        summary = run_crawl(sources, args.out, since=args.since, max_items=args.max_items, settings=settings,
                            state_dir=args.state_dir or default_state_dir(), recrawl=args.recrawl)
    except ValueError as exc:  # an unreadable seen-URL store, a bad replay URL
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.summary:
        args.summary.write_text(summary.to_json(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
