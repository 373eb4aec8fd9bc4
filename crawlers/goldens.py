"""`python -m crawlers.goldens`: rebuild every source's golden JSON offline from its fixture pages.

A source's fixture folder is a hand-written imitation of its site (`routes.yaml`; all 27 registered sources so
far) or a recording of the live site made by `radar sources record` (`manifest.json`, crawlers/recording.py).

It crawls the registry through the fixture mirror (a real Scrapy crawl on 127.0.0.1, no internet), writes
`tests/fixtures/sources/<source>/golden.json` with what was extracted (keys sorted, no empty values), keeps the
hand-written `must_contain` / `must_not_contain` snippets of each article, and exits non-zero when a snippet
no longer holds. Review the JSON diff before committing it.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crawlers.recording import folder_kind
from crawlers.replay_server import FixtureMirror, load_routes, route_key
from crawlers.sources import REGISTRY, Source

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "sources"
# discovered_via is left out: an article listed in a feed and a listing is found by whichever answers first.
GOLDEN_FIELDS = ("id", "url", "canonical_url", "title", "published", "date_source", "author", "lang", "is_teaser",
                 "text")
SNIPPET_FIELDS = ("must_contain", "must_not_contain")


@dataclass
class FixtureCrawl:
    records: dict[str, list[dict]]  # by source
    summary: dict[str, dict]  # by source
    requested: list[str]  # host/path?query of every request the mirror answered
    stderr: str


def crawl_fixtures(sources_file: Path = REGISTRY, fixtures: Path = FIXTURES, only: list[str] | None = None,
                   timeout: float = 600) -> FixtureCrawl:
    """Crawl the registry (or `only` those sources) through the fixture mirror, in a child process."""
    with tempfile.TemporaryDirectory() as tmp, FixtureMirror(fixtures, set(only) if only else None) as mirror:
        out, summary = Path(tmp) / "raw.jsonl", Path(tmp) / "summary.json"
        command = [sys.executable, "-m", "flows.cli", "crawl", "--sources", str(sources_file), "--out", str(out),
                   "--summary", str(summary), "--fast", "--replay", mirror.url, "--state-dir", str(Path(tmp) / "state")]
        for name in only or []:
            command += ["--only", name]
        completed = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
        if completed.returncode != 0:
            raise RuntimeError(f"fixture crawl failed: {completed.stderr.strip()[-2000:]}")
        records: dict[str, list[dict]] = {}
        for line in out.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            records.setdefault(record["source"], []).append(record)
        by_source = {s["source"]: s for s in json.loads(summary.read_text(encoding="utf-8"))["sources"]}
        return FixtureCrawl(records, by_source, list(mirror.requested), completed.stderr)


def fixture_problems(source: Source, fixtures: Path = FIXTURES) -> list[str]:
    """What a source lacks to be tested: a fixture folder (recorded or hand-written), pages for its entry points
    and robots.txt, a golden with at least one article carrying must_contain and must_not_contain snippets.
    Empty when complete."""
    folder = Path(fixtures) / source.name
    kind = folder_kind(folder)
    if kind is None:
        return [f"{source.name}: no fixture folder {folder} with manifest.json or routes.yaml (run `radar sources "
                f"record {source.name} --out {folder}`, or write a hand-written imitation)"]
    try:
        routes = load_routes(folder)
    except ValueError as exc:
        return [f"{source.name}: {exc}"]
    problems = [f"{source.name}: no {kind} page for {url}"
                for url in [*source.feeds, *source.sitemaps, *source.listings] if route_key(str(url)) not in routes]
    hosts = sorted({_host(str(u)) for u in [source.home, *source.feeds, *source.sitemaps, *source.listings]})
    problems += [f"{source.name}: no {kind} robots.txt for {host}" for host in hosts
                 if f"{host}/robots.txt" not in routes]
    golden_file = folder / "golden.json"
    if not golden_file.is_file():
        return [*problems, f"{source.name}: no golden.json (run python -m crawlers.goldens --only {source.name})"]
    golden = json.loads(golden_file.read_text(encoding="utf-8"))
    articles = golden.get("articles", [])
    if not articles:
        problems.append(f"{source.name}: the golden holds no article")
    for article in articles:
        where = article.get("url") or article.get("canonical_url")
        if article.get("lost"):
            problems.append(f"{source.name}: {where} is no longer extracted")
        if not article.get("must_contain") or not article.get("must_not_contain"):
            problems.append(f"{source.name}: {where} needs must_contain and must_not_contain snippets")
    return problems


def _host(url: str) -> str:
    return route_key(url).split("/", 1)[0]


def pinned(record: dict) -> dict[str, Any]:
    """The golden fields of a record that carry something (is_teaser only when true)."""
    return {k: record[k] for k in GOLDEN_FIELDS if record.get(k) is not False and record.get(k) not in (None, "", [])}


def golden_article(record: dict, old: dict | None) -> dict[str, Any]:
    article = pinned(record)
    for key in SNIPPET_FIELDS:
        if old and old.get(key):
            article[key] = old[key]
    return dict(sorted(article.items()))


def snippet_violations(article: dict) -> list[str]:
    text = article.get("text", "")
    problems = [f"missing {s!r}" for s in article.get("must_contain", []) if s not in text]
    problems += [f"unwanted {s!r}" for s in article.get("must_not_contain", []) if s in text]
    return problems


def build_golden(records: list[dict], summary: dict, old: dict) -> dict[str, Any]:
    # Hand-written entries may name an article by its URL or its canonical URL.
    previous: dict[str, dict] = {}
    for article in old.get("articles", []):
        previous.setdefault(article.get("canonical_url") or article["url"], article)
    for article in old.get("articles", []):
        previous.setdefault(article.get("url") or article["canonical_url"], article)

    def match(record: dict) -> dict | None:
        return previous.get(record["canonical_url"]) or previous.get(record["url"])

    articles = [golden_article(r, match(r)) for r in sorted(records, key=lambda r: r["canonical_url"])]
    # An article that is no longer extracted keeps its entry (and its hand-written snippets), marked, so the
    # loss shows in the diff and fails the test instead of vanishing.
    matched = [id(match(r)) for r in records]
    for article in old.get("articles", []):
        if id(article) not in matched:
            articles.append({**article, "lost": True})
    golden: dict[str, Any] = {"articles": articles}
    if old.get("not_collected"):
        golden["not_collected"] = old["not_collected"]
    skipped = {k: v for k, v in sorted(summary.get("skipped", {}).items()) if v}
    if skipped:
        golden["skipped"] = skipped
    return golden


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawlers.goldens", description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, default=REGISTRY)
    parser.add_argument("--fixtures", type=Path, default=FIXTURES)
    parser.add_argument("--only", action="append", metavar="NAME", help="regenerate this source only")
    args = parser.parse_args(argv)
    crawl = crawl_fixtures(args.sources, args.fixtures, args.only)
    problems = 0
    names = args.only or sorted(p.name for p in args.fixtures.iterdir() if p.is_dir() and folder_kind(p))
    for name in names:
        path = args.fixtures / name / "golden.json"
        old = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        golden = build_golden(crawl.records.get(name, []), crawl.summary.get(name, {}), old)
        path.write_text(json.dumps(golden, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
        notes = []
        for article in golden["articles"]:
            if article.get("lost"):
                continue
            if not article.get("must_contain") or not article.get("must_not_contain"):
                notes.append(f"{article['url']}: add must_contain / must_not_contain snippets")
            notes += [f"{article['url']}: {p}" for p in snippet_violations(article)]
        notes += [f"{a.get('url') or a.get('canonical_url')}: no longer extracted" for a in golden["articles"] if a.get("lost")]
        if not golden["articles"]:
            notes.append("no article extracted")
        problems += len(notes)
        print(f"{name}: {len(golden['articles'])} article(s)" + "".join(f"\n  ! {n}" for n in notes))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
