"""USD amounts as people read them, the same in the dashboard and the digest: $450M, $1.2B, $850K."""

from __future__ import annotations


def format_usd(amount: float | None) -> str:
    """$450M, $1.2B, $850K; an empty string for no amount."""
    if amount is None or amount != amount or amount <= 0:  # NaN != NaN
        return ""
    for scale, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if amount >= scale:
            value = amount / scale
            text = f"{value:.1f}" if value < 10 else f"{value:.0f}"
            return f"${text.removesuffix('.0')}{suffix}"
    return f"${amount:.0f}"
