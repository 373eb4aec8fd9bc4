from __future__ import annotations

import pytest

from crawlers.sources import SourceConfigError, load_sources, parse_sources

VALID = """
sources:
  - name: contract-pharma
    kind: trade_press
    home: https://www.example.com/
    feeds: [https://www.example.com/feed/]
    listings: [https://www.example.com/news/]
    max_pages: 5
  - name: a-wire
    kind: wire
    home: https://wire.example.org/
    sitemaps: [https://wire.example.org/sitemap.xml]
    relevance: cdmo
"""


def test_valid_registry_parses_with_defaults():
    sources = parse_sources(VALID)
    assert [s.name for s in sources] == ["contract-pharma", "a-wire"]
    assert sources[1].feeds == [] and sources[1].listings == [] and sources[1].max_pages == 20
    assert sources[1].relevance == "cdmo"
    assert sources[0].domains == {"www.example.com"}


@pytest.mark.parametrize(
    "broken, expected",
    [
        (VALID.replace("kind: wire", "kind: blog"), "source 'a-wire', field kind"),
        (VALID.replace("max_pages: 5", "max_pages: -1"), "source 'contract-pharma', field max_pages"),
        (VALID.replace("https://wire.example.org/sitemap.xml", "not a url"), "source 'a-wire', field sitemaps.0"),
        (VALID.replace("relevance: cdmo", "relevance: some"), "source 'a-wire', field relevance"),
        (VALID.replace("    home: https://www.example.com/\n", ""), "source 'contract-pharma', field home"),
        (VALID.replace("name: a-wire", "name: contract-pharma"), "source 'contract-pharma', field name"),
        (VALID + "    colour: blue\n", "source 'a-wire', field colour"),
    ],
)
def test_malformed_registry_names_source_and_field(broken, expected):
    with pytest.raises(SourceConfigError) as error:
        parse_sources(broken, origin="sources.yaml")
    message = str(error.value)
    assert message.startswith("sources.yaml:")
    assert expected in message
    assert "\n" not in message


def test_yaml_syntax_error_names_line(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text("sources:\n  - name: x\n    kind: [unclosed\n")
    with pytest.raises(SourceConfigError, match=r"sources.yaml: line \d+"):
        load_sources(path)


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(SourceConfigError, match="cannot read"):
        load_sources(tmp_path / "nope.yaml")
