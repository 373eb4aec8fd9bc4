"""The digest's trend chart: stories per pillar per week as stacked bars, a PNG small enough for e-mail."""

from __future__ import annotations

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from flows.digest.content import PILLAR_TITLES, WeekCount

# The dashboard's pillar colours, so the chart reads the same in both places.
PILLAR_COLOURS = {"infrastructure": "#1f77b4", "digital": "#9467bd", "leadership": "#ff7f0e", "other": "#7f7f7f"}
WIDTH_PX, HEIGHT_PX = 600, 240  # as displayed in the e-mail
DPI = 200  # twice the pixels, so the chart stays sharp on high-density screens


def trend_png(trend: tuple[WeekCount, ...], title: str) -> bytes:
    """A deterministic PNG (no timestamp in its metadata) of the counts, oldest week on the left.

    Uses matplotlib's object API with the Agg canvas: no pyplot global state, safe in worker threads.
    """
    weeks = sorted({c.week for c in trend})
    pillars = list(dict.fromkeys(c.pillar for c in trend))
    counts = {(c.week, c.pillar): c.stories for c in trend}
    figure = Figure(figsize=(WIDTH_PX / 100, HEIGHT_PX / 100), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    positions = list(range(len(weeks)))
    bottom = [0] * len(weeks)
    for pillar in pillars:
        heights = [counts.get((week, pillar), 0) for week in weeks]
        axes.bar(positions, heights, bottom=bottom, width=0.7, label=PILLAR_TITLES.get(pillar, pillar),
                 color=PILLAR_COLOURS.get(pillar, "#555555"))
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    if weeks:
        # The reported week is the last bar; outline it so the eye lands there.
        axes.bar([positions[-1]], [max(bottom[-1], 0.0001)], width=0.8, fill=False, edgecolor="#222222",
                 linewidth=1.2)
    axes.set_xticks(positions, [f"W{week.isocalendar()[1]:02d}" for week in weeks], fontsize=7)
    axes.tick_params(axis="y", labelsize=7)
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.set_title(title, fontsize=9, loc="left")
    axes.spines[["top", "right"]].set_visible(False)
    if pillars:
        axes.legend(fontsize=7, frameon=False, ncols=len(pillars), loc="upper left", bbox_to_anchor=(0, -0.12))
    # Fixed margins rather than tight_layout(): the layout is always the same, and measuring it is slow.
    figure.subplots_adjust(left=0.06, right=0.99, top=0.88, bottom=0.22)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()
