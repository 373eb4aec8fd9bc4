"""Extraction quality on real pages: ours (crawlers.extraction) next to trafilatura.bare_extraction alone.

`python -m benchmarks.extraction_real` scores both on the public article-extraction benchmark (181 real pages
with their expected bodies, read in place from RADAR_EXTRACTION_BENCHMARK or ../shared/article-extraction-benchmark;
never copied here), in the same run: share accepted as an article, body token F1 (whitespace tokens), the
benchmark's own F1, first and last expected paragraph found in the body, a title found, a date found and time
per page. The benchmark states no titles or dates: titles are coverage only, and a date is checked against
the day its URL carries (/2019/11/18/), on the pages whose URL carries one.

The benchmark's own scoring (its evaluate.py at the commit the copy was taken from) is not the token F1 above: it
counts shared 4-word shingles of word-character runs (case kept, punctuation ignored) per page, normalised per page, and
reports F1 of the mean precision and mean recall over pages. It is computed here as well ("benchmark F1"). It
defines no paragraph measure: "first/last paragraph found" is ours (a line of the expected body, holding a letter
or digit, found in the extracted text with whitespace removed and case folded).
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import re
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = "RADAR_EXTRACTION_BENCHMARK"


def benchmark_dir() -> Path | None:
    """The benchmark folder (ground-truth.json and html/), or None when it is not on this machine."""
    path = Path(os.environ.get(ENV) or ROOT.parent / "shared" / "article-extraction-benchmark")
    return path if (path / "ground-truth.json").is_file() and (path / "html").is_dir() else None


@dataclass(frozen=True)
class Page:
    key: str
    url: str
    html: str
    expected: str


def load_pages(folder: Path) -> list[Page]:
    from trafilatura.utils import decode_file

    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth):
        raw = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())
        pages.append(Page(key, truth[key]["url"], decode_file(raw), truth[key]["articleBody"]))
    return pages


def token_f1(expected: str, got: str) -> float:
    want, have = Counter(expected.split()), Counter(got.split())
    common = sum((want & have).values())
    if not common:
        return 1.0 if not want and not have else 0.0
    precision, recall = common / sum(have.values()), common / sum(want.values())
    return 2 * precision * recall / (precision + recall)


_WORD = re.compile(r"\w+")


def shingle_counts(expected: str, got: str, n: int = 4) -> tuple[float, float, float]:
    """(tp, fp, fn) over n-word shingles of word-character runs, normalised to sum to 1: the benchmark's own page score."""
    def shingles(text: str) -> Counter:
        words = _WORD.findall(text)
        return Counter(tuple(words[i:i + n]) for i in range(max(1, len(words) - n + 1)) if words[i:i + n])

    want, have = shingles(expected), shingles(got)
    tp = sum((want & have).values())
    fp, fn = sum((have - want).values()), sum((want - have).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def benchmark_f1(counts: list[tuple[float, float, float]]) -> float:
    """F1 of the mean precision and mean recall over pages, as the benchmark aggregates them."""
    def ratio(part: float, other: float, spare: float) -> float:
        return 1.0 if other == spare == 0 else 0.0 if part == other == 0 else part / (part + other)

    precisions = [ratio(tp, fp, fn) for tp, fp, fn in counts if tp + fp > 0]
    recalls = [ratio(tp, fn, fp) for tp, fp, fn in counts if tp + fn > 0]
    precision = statistics.mean(precisions) if precisions else 0.0
    recall = statistics.mean(recalls) if recalls else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _squash(text: str) -> str:
    # Extractors differ in spacing around inline tags; a paragraph counts as found whatever its spacing.
    return re.sub(r"\s+", "", text).lower()


def paragraph_found(expected: str, got: str, which: int) -> bool:
    # A paragraph holds a letter or digit: five expected bodies end in a rule of underscores ("___"), which is no
    # paragraph and which any "___" anywhere in a text would match.
    paragraphs = [p for p in expected.splitlines() if re.search(r"[^\W_]", p)]
    return bool(paragraphs) and _squash(paragraphs[which]) in _squash(got)


def same_day(iso: str | None, day: str) -> bool:
    """Whether a date or instant can be `day` somewhere: 2019-11-19T02:34:30+00:00 is 18 November in New York,
    which is what a New York site's /2019/11/18/ URL says."""
    if not iso:
        return False
    moment = datetime.fromisoformat(iso)
    if moment.tzinfo is None:
        return iso[:10] == day
    earliest, latest = (moment.astimezone(timezone(timedelta(hours=h))).date().isoformat() for h in (-12, 14))
    return earliest <= day <= latest


@dataclass(frozen=True)
class Result:
    accepted: bool
    text: str
    title: str
    date: str | None
    seconds: float


def run_ours(page: Page) -> Result:
    from crawlers.extraction import extract_article

    started = time.perf_counter()
    got = extract_article(page.html, page.url)
    return Result(got.is_article, got.text, got.title, got.published, time.perf_counter() - started)


def run_trafilatura(page: Page) -> Result:
    import trafilatura

    started = time.perf_counter()
    doc = trafilatura.bare_extraction(page.html, url=page.url, with_metadata=True)
    seconds = time.perf_counter() - started
    text = (getattr(doc, "text", None) or "") if doc is not None else ""
    return Result(bool(text), text, getattr(doc, "title", None) or "", getattr(doc, "date", None), seconds)


@dataclass(frozen=True)
class Scores:
    pages: int
    accepted: float
    f1_mean: float
    f1_median: float
    f1_benchmark: float  # the benchmark's own scoring (shingles, see the module)
    first_found: float
    last_found: float
    title_found: float
    date_found: float
    url_day: float  # of the pages whose URL carries a day, the share dated that day
    seconds_per_page: float


def score(pages: list[Page], results: list[Result]) -> Scores:
    from crawlers.dates import date_from_url

    f1 = [token_f1(p.expected, r.text) for p, r in zip(pages, results, strict=True)]
    days = [found.day.isoformat() if (found := date_from_url(p.url)) else None for p in pages]
    n = len(pages)
    return Scores(
        pages=n,
        accepted=sum(r.accepted for r in results) / n,
        f1_mean=statistics.mean(f1),
        f1_median=statistics.median(f1),
        f1_benchmark=benchmark_f1([shingle_counts(p.expected, r.text) for p, r in zip(pages, results, strict=True)]),
        first_found=sum(paragraph_found(p.expected, r.text, 0) for p, r in zip(pages, results, strict=True))
        / n,
        last_found=sum(paragraph_found(p.expected, r.text, -1) for p, r in zip(pages, results, strict=True))
        / n,
        title_found=sum(bool(r.title) for r in results) / n,
        date_found=sum(r.date is not None for r in results) / n,
        url_day=statistics.mean(
            [same_day(r.date, day) for day, r in zip(days, results, strict=True) if day] or [1.0]
        ),
        seconds_per_page=sum(r.seconds for r in results) / n,
    )


@dataclass(frozen=True)
class Comparison:
    ours: Scores
    trafilatura: Scores
    same_day: float  # of the pages where both found a date, the share where the days agree
    ours_results: list[Result]
    pages: list[Page]


def compare(pages: list[Page]) -> Comparison:
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    ours, theirs = [], []
    for page in pages:  # interleaved so that both see the same machine load
        ours.append(run_ours(page))
        theirs.append(run_trafilatura(page))
    both = [(o.date, t.date[:10]) for o, t in zip(ours, theirs, strict=True) if o.date and t.date]
    agree = sum(same_day(a, b) for a, b in both) / len(both) if both else 1.0
    return Comparison(score(pages, ours), score(pages, theirs), agree, ours, pages)


def table(comparison: Comparison) -> str:
    rows = [
        ("accepted as article", "accepted"),
        ("body token F1 mean", "f1_mean"),
        ("body token F1 median", "f1_median"),
        ("benchmark F1 (its own scoring: 4-word shingles)", "f1_benchmark"),
        ("first paragraph found", "first_found"),
        ("last paragraph found", "last_found"),
        ("title found", "title_found"),
        ("date found", "date_found"),
        ("date on the URL's day (URLs with one)", "url_day"),
        ("seconds per page", "seconds_per_page"),
    ]
    lines = [
        f"extraction on {comparison.ours.pages} real pages (article-extraction-benchmark)",
        "",
        "| measure | ours | trafilatura alone |",
        "|---|---|---|",
    ]
    for label, field in rows:
        lines.append(
            f"| {label} | {getattr(comparison.ours, field):.3f} | {getattr(comparison.trafilatura, field):.3f} |"
        )
    lines.append(f"| same day as trafilatura (both dated) | {comparison.same_day:.3f} | |")
    return "\n".join(lines)


def bench_row() -> tuple[str, float, float, int, str] | None:
    """For benchmarks/run.py: the quality table goes to stderr, total extraction time comes back as the row;
    None when the benchmark is not on this machine."""
    folder = benchmark_dir()
    if folder is None:
        print(
            f"extraction on real pages skipped: article-extraction-benchmark not found (set {ENV})",
            file=sys.stderr,
            flush=True,
        )
        return None
    pages = load_pages(folder)
    comparison = compare(pages)
    print(table(comparison), "\n", file=sys.stderr, flush=True)
    n = len(pages)
    return (
        f"extraction (real pages, body F1 {comparison.ours.f1_mean:.3f} vs {comparison.trafilatura.f1_mean:.3f})",
        comparison.ours.seconds_per_page * n,
        comparison.trafilatura.seconds_per_page * n,
        n,
        "pages",
    )


def main() -> int:
    folder = benchmark_dir()
    if folder is None:
        print(f"article-extraction-benchmark not found: set {ENV}", file=sys.stderr)
        return 2
    comparison = compare(load_pages(folder))
    print(table(comparison))
    if "--failures" in sys.argv:
        for page, result in zip(comparison.pages, comparison.ours_results, strict=True):
            f1 = token_f1(page.expected, result.text)
            if (
                not result.accepted
                or f1 < 0.9
                or not paragraph_found(page.expected, result.text, 0)
                or not paragraph_found(page.expected, result.text, -1)
            ):
                print(
                    f"{page.key[:12]} accepted={result.accepted} f1={f1:.2f} "
                    f"first={paragraph_found(page.expected, result.text, 0)} "
                    f"last={paragraph_found(page.expected, result.text, -1)} {page.url}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
