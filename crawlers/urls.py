"""URL normalisation and the stable article id derived from it."""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PREFIXES = ("utm_", "mc_", "pk_")
TRACKING_PARAMS = {
    "fbclid", "gclid", "dclid", "msclkid", "igshid", "ref", "cmpid", "src", "_ga", "yclid", "feedref", "sr_share",
    "mkt_tok", "_hsenc", "_hsmi", "hss_channel", "trk", "at_medium", "at_campaign", "ncid", "cid", "__twitter_impression",
}


def canonicalize_url(url: str) -> str:
    """Lower-case scheme and host, drop fragment, default port, tracking parameters and trailing index pages."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    path = parts.path or "/"
    for index_page in ("index.html", "index.htm", "index.php"):
        if path.endswith("/" + index_page):
            path = path[: -len(index_page)]
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(TRACKING_PREFIXES) and k.lower() not in TRACKING_PARAMS
    ]
    return urlunsplit((scheme, host, path, urlencode(sorted(query)), ""))


def strip_tracking(url: str) -> str:
    """The URL as given, minus its fragment and tracking parameters: what to request, so that one story found
    through a feed (with utm_ tags) and a listing (without) is one request, also for a shared dupefilter."""
    parts = urlsplit(url.strip())
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(TRACKING_PREFIXES) and k.lower() not in TRACKING_PARAMS
    ]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def article_id(canonical_url: str) -> str:
    """Stable id of an article: the first 16 hex digits of the SHA-256 of its canonical URL."""
    return hashlib.sha256(canonical_url.encode("utf-8")).hexdigest()[:16]


def identity_url(canonical_url: str, fetched_url: str) -> str:
    """The URL an article's id is made from: its canonical URL when that names the host it was crawled from
    (port included), else the crawled URL, so one source can never overwrite another source's article by
    pointing its canonical link at it. A cross-host canonical is still recorded as `canonical_url`."""
    fetched = canonicalize_url(fetched_url)
    return canonical_url if urlsplit(canonical_url).netloc == urlsplit(fetched).netloc else fetched
