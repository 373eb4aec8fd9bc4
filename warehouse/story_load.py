"""Story ids for a batch being loaded: its articles against the ones already in the warehouse.

A batch is grouped in time chunks (whole days) so that the loaded articles read at once stay bounded however
long the period the batch covers; each chunk reads only the articles within the window of one of its own,
straight into columns (Arrow), and the last days of earlier chunks come along already settled.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from warehouse.story_grouping import StoryCandidates, assign_stories, microseconds
from warehouse.story_matching import DAY_US, WINDOW_US

SQL_DIR = Path(__file__).parent / "queries"
CHUNK_ROWS = 200_000  # loaded articles read per chunk at most (a day is never split): ~300 MB of embeddings
# Up to this many embeddings are looked up by id (~0.1 ms each), beyond it read in one scan of the table
# (~2 s at 1,000,000 articles): a daily load's week of neighbours takes the first way.
LOOKUP_MAX = 10_000
LOOKUP_PIECE = 1_000  # ids per IN list: DuckDB's index scan takes up to 2,048, and long lists plan slowly
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True)
class Chunk:
    """Positions (in the batch's dated articles, time-sorted) [start, stop) and the windows they need."""

    start: int
    stop: int
    windows: pa.Table  # lo, hi (timestamptz), disjoint


def batch_stories(con: duckdb.DuckDBPyConnection, new: StoryCandidates) -> list[str]:
    """The story id of each article of `new` (its order)."""
    stories: list[str] = list(new.ids)
    dated = np.flatnonzero(new.dated)
    dated = dated[np.argsort(new.published_us[dated], kind="stable")]
    if len(dated) == 0:
        return stories
    incoming = pa.array(new.ids, type=pa.string())
    settled: dict[int, str] = {}  # earlier chunks' articles still within a window of the current one
    for chunk in _chunks(con, new.published_us[dated]):
        rows = dated[chunk.start:chunk.stop]
        first = new.published_us[rows[0]]
        settled = {i: s for i, s in settled.items() if new.published_us[i] >= first - WINDOW_US}
        carried = np.array(list(settled), dtype=np.int64)
        part = np.concatenate([carried, rows])
        assigned = assign_stories(_take(new, part, [settled.get(int(i)) for i in part]),
                                  existing_in(con, chunk.windows, incoming))
        for i, s in zip(rows, assigned[len(carried):], strict=True):
            stories[i] = s
            settled[int(i)] = s
    return stories


def _chunks(con: duckdb.DuckDBPyConnection, times: np.ndarray) -> Iterator[Chunk]:
    """Runs of whole days of `times` (sorted) whose windows cover at most CHUNK_ROWS loaded articles."""
    days = times // DAY_US
    span = -(-WINDOW_US // DAY_US)  # whole days a window reaches on either side
    per_day = con.execute(
        "SELECT epoch_us(published_at) // $day AS day, count(*) AS n FROM articles "
        "WHERE published_at BETWEEN $lo AND $hi GROUP BY 1 ORDER BY 1",
        {"day": DAY_US, "lo": _moment(int(times[0]) - WINDOW_US), "hi": _moment(int(times[-1]) + WINDOW_US)},
    ).fetchnumpy()
    loaded_days = per_day["day"].astype(np.int64)
    cumulative = np.concatenate([[0], np.cumsum(per_day["n"])])

    def loaded(first: int, last: int) -> int:
        return int(cumulative[np.searchsorted(loaded_days, last, side="right")]
                   - cumulative[np.searchsorted(loaded_days, first, side="left")])

    start, load, reach = 0, 0, None
    for at in np.flatnonzero(np.concatenate([[True], days[1:] != days[:-1]])):
        day = int(days[at])
        extra = loaded(day - span if reach is None else max(day - span, reach + 1), day + span)
        if load and load + extra > CHUNK_ROWS:
            yield _chunk(times, start, int(at))
            start, load = int(at), 0
            extra = loaded(day - span, day + span)
        load += extra
        reach = day + span
    yield _chunk(times, start, len(times))


def _chunk(times: np.ndarray, start: int, stop: int) -> Chunk:
    lo, hi = times[start:stop] - WINDOW_US, times[start:stop] + WINDOW_US
    opens = np.concatenate([[True], lo[1:] > hi[:-1]])  # sorted, so a gap starts a new window
    ends = np.concatenate([opens[1:], [True]])
    return Chunk(start, stop, pa.table({
        "lo": pa.array(lo[opens], type=pa.timestamp("us", tz="UTC")),
        "hi": pa.array(hi[ends], type=pa.timestamp("us", tz="UTC")),
    }))


def existing_in(con: duckdb.DuckDBPyConnection, windows: pa.Table, incoming: pa.Array) -> StoryCandidates:
    """Loaded articles published within one of `windows`, except the ones the batch replaces."""
    con.register("story_windows", windows)
    try:
        table = con.execute((SQL_DIR / "story_candidates.sql").read_text(encoding="utf-8")).fetch_arrow_table()
    finally:
        con.unregister("story_windows")
    table = table.filter(pc.invert(pc.is_in(table["id"], value_set=incoming)))
    published = table["published_at"].combine_chunks()
    companies = table["companies"].combine_chunks()
    counts = pc.fill_null(pc.list_value_length(companies), 0).to_numpy(zero_copy_only=False).astype(np.int64)
    ids = table["id"].combine_chunks()
    stored = _embeddings_of(con, ids)
    at = pc.index_in(ids, value_set=stored["article_id"])
    matrix, has_embedding = _embedding_matrix(stored["embedding"].combine_chunks().take(at))
    return StoryCandidates(
        ids=ids.to_pylist(),
        published_us=pc.fill_null(published.cast(pa.int64()), 0).to_numpy(zero_copy_only=False),
        dated=published.is_valid().to_numpy(zero_copy_only=False),
        titles=table["title"].to_pylist(),
        company_offsets=np.concatenate([[0], np.cumsum(counts)]).astype(np.int64),
        companies=companies.flatten(),
        embeddings=matrix,
        has_embedding=has_embedding,
        story_ids=table["story_id"].to_pylist(),
    )


def _embeddings_of(con: duckdb.DuckDBPyConnection, ids: pa.Array) -> pa.Table:
    """(article_id, embedding) of these articles: a few through the primary-key index, many in one scan."""
    if len(ids) > LOOKUP_MAX:
        con.register("story_hits", pa.table({"id": ids}))
        try:
            return con.execute("SELECT article_id, embedding FROM article_embeddings "
                               "WHERE article_id IN (SELECT id FROM story_hits)").fetch_arrow_table()
        finally:
            con.unregister("story_hits")
    # DuckDB looks a constant IN list up in the index, a subquery it joins against the whole table.
    wanted = ids.to_pylist()
    pieces = [con.execute("SELECT article_id, embedding FROM article_embeddings WHERE article_id IN "
                          f"({', '.join('?' * len(piece))})", piece).fetch_arrow_table()
              for piece in (wanted[k:k + LOOKUP_PIECE] for k in range(0, len(wanted), LOOKUP_PIECE))]
    return pa.concat_tables(pieces) if pieces else con.execute(
        "SELECT article_id, embedding FROM article_embeddings LIMIT 0").fetch_arrow_table()


def new_candidates(records: list[dict], embeddings: pa.Table) -> StoryCandidates:
    """The batch's articles; `embeddings` is its article_embeddings table (article_id, embedding)."""
    from warehouse.load import parse_published

    published = [parse_published(r.get("published")) for r in records]
    companies = [list(r.get("companies") or ()) for r in records]
    rows, has_embedding = _embedding_matrix(embeddings["embedding"].combine_chunks())
    position = {r["id"]: i for i, r in enumerate(records)}
    at = np.array([position[a] for a in embeddings["article_id"].to_pylist()], dtype=np.int64)
    matrix = np.zeros((len(records), rows.shape[1]), dtype=np.float32)
    matrix[at] = rows
    present = np.zeros(len(records), dtype=bool)
    present[at] = has_embedding
    return StoryCandidates(
        ids=[r["id"] for r in records],
        published_us=np.array([microseconds(p) if p else 0 for p in published], dtype=np.int64),
        dated=np.array([p is not None for p in published], dtype=bool),
        titles=[r["title"] for r in records],
        company_offsets=np.concatenate([[0], np.cumsum([len(c) for c in companies])]).astype(np.int64),
        companies=pa.array([c for cs in companies for c in cs], type=pa.string()),
        embeddings=matrix,
        has_embedding=present,
        story_ids=[None] * len(records),
    )


def _embedding_matrix(column: pa.FixedSizeListArray) -> tuple[np.ndarray, np.ndarray]:
    """(rows x dim float32, which rows are present) from a fixed-size-list column, without per-row objects."""
    dim = column.type.list_size
    # `.values` ignores the array's offset; null rows still own `dim` (meaningless) slots.
    values = column.values.slice(column.offset * dim, len(column) * dim)
    matrix = values.to_numpy(zero_copy_only=False).astype(np.float32, copy=False).reshape(len(column), dim)
    return matrix, column.is_valid().to_numpy(zero_copy_only=False)


def _take(c: StoryCandidates, rows: np.ndarray, story_ids: list[str | None]) -> StoryCandidates:
    offsets = c.company_offsets
    counts = offsets[rows + 1] - offsets[rows]
    flat = np.repeat(offsets[rows] - (np.cumsum(counts) - counts), counts) + np.arange(counts.sum())
    return StoryCandidates(
        ids=[c.ids[i] for i in rows],
        published_us=c.published_us[rows],
        dated=c.dated[rows],
        titles=[c.titles[i] for i in rows],
        company_offsets=np.concatenate([[0], np.cumsum(counts)]).astype(np.int64),
        companies=c.companies.take(pa.array(flat, type=pa.int64())),
        embeddings=c.embeddings[rows],
        has_embedding=c.has_embedding[rows],
        story_ids=story_ids,
    )


def _moment(us: int) -> datetime:
    return _EPOCH + timedelta(microseconds=us)

