"""Settings module of the Scrapy project (scrapy.cfg): what `scrapy crawl news -a source=NAME` and a Scrapyd node
use. Same settings as `radar crawl`; the source is looked up by name in $RADAR_SOURCES (default
crawlers/sources.yaml) and each run writes data/raw/scrapy-<source>-<UTC time>.jsonl unless RADAR_OUTPUT is set."""

from __future__ import annotations

import os
from pathlib import Path

from crawlers.settings import BASE_SETTINGS, environment_settings

globals().update(BASE_SETTINGS)
globals().update(environment_settings())

SPIDER_MODULES = ["crawlers.spiders"]
NEWSPIDER_MODULE = "crawlers.spiders"
RADAR_OUTPUT = os.environ.get("RADAR_OUTPUT") or str(
    Path(os.environ.get("RADAR_DATA_DIR") or "data") / "raw" / "scrapy-{source}-{time}.jsonl"
)
