"""The crawl's per-source state files: version-checked reads, atomic replacement, one-line errors naming the file."""

from __future__ import annotations

import pytest

from crawlers.conditional import FORMAT_VERSION, ValidatorStore
from crawlers.state_files import read_state, write_state


def test_a_state_file_round_trips_and_a_missing_one_is_none(tmp_path):
    path = tmp_path / "seen" / "src.json"
    assert read_state(path, 2, "urls", "seen-URL store", "delete it") is None
    write_state(path, 2, "urls", {"https://a.example/1": {"kind": "article"}})
    assert read_state(path, 2, "urls", "seen-URL store", "delete it") == {"https://a.example/1": {"kind": "article"}}


@pytest.mark.parametrize("content", ['{"version": 1, "urls": {}}', "{not json", '{"version": 2, "urls": []}'])
def test_a_bad_state_file_is_refused_with_its_path_and_the_remedy(tmp_path, content):
    path = tmp_path / "src.json"
    path.write_text(content)
    with pytest.raises(ValueError) as refused:
        read_state(path, 2, "urls", "seen-URL store", "delete it to crawl afresh")
    message = str(refused.value)
    assert message.startswith(f"{path}: ") and message.endswith("delete it to crawl afresh") and "\n" not in message


def test_a_failed_write_leaves_the_previous_file_whole_and_no_temporary(tmp_path):
    path = tmp_path / "src.json"
    write_state(path, 2, "urls", {"a": 1})
    before = path.read_bytes()
    with pytest.raises(TypeError):
        write_state(path, 2, "urls", {"b": object()})  # not JSON: fails mid-write
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["src.json"]


def test_a_validator_store_with_malformed_entries_is_refused(tmp_path):
    path = tmp_path / "validators" / "src.json"
    path.parent.mkdir()
    path.write_text(f'{{"version": {FORMAT_VERSION}, "entries": {{"https://a.example/feed": "etag"}}}}')
    with pytest.raises(ValueError, match="unreadable validator store"):
        ValidatorStore.open(tmp_path, "src")
