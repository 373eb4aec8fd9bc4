"""README's command reference is generated from `radar --help`; the "Where to change what" table names real files."""
from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from flows.cli import main as radar
from flows.cli_reference import END, START, command_helps, render, replace_block

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_command_reference_is_what_help_prints():
    expected = replace_block(README, render(command_helps(radar)))
    assert README == expected, "README's command reference differs from `radar --help`: run `make docs`"


def test_every_command_and_option_is_in_the_reference():
    block = README[README.index(START):README.index(END)]
    for command in command_helps(radar):
        assert f"`{command.path}" in block
        assert command.help_text in block


def test_reference_follows_a_changed_option():
    @click.group()
    def tool() -> None:
        """A tool."""

    @tool.command()
    @click.option("--limit", type=click.IntRange(min=1), required=True, help="At most this many.")
    @click.option("--mode", type=click.Choice(["fast", "full"]), default="fast")
    @click.argument("name")
    def fetch(limit: int, mode: str, name: str) -> None:
        """Fetch NAME. Then say so."""

    (helps,) = command_helps(tool, "tool")
    assert helps.usage == "tool fetch --limit N [--mode {fast|full}] NAME"
    assert helps.summary == "Fetch NAME."
    assert "At most this many." in render([helps])
    before = f"intro\n{START}\nold\n{END}\noutro"
    assert replace_block(before, render([helps])).startswith("intro\n" + START)
    assert "old" not in replace_block(before, render([helps]))


def test_readme_without_markers_is_refused():
    with pytest.raises(ValueError, match="markers"):
        replace_block("no block here", "x")


def _section(title: str) -> str:
    start = README.index(f"## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start:end]


def test_where_to_change_what_names_files_that_exist():
    section = _section("Where to change what")
    paths = [p for p in re.findall(r"`([^`\s]+)`", section) if "/" in p]
    assert len(paths) >= 10
    for path in paths:
        assert (ROOT / path).exists(), f"README 'Where to change what' names {path}, which does not exist"
    for task in ("a source", "a spaCy component", "a dashboard page", "a warehouse column", "a digest section"):
        assert f"| {task} |" in section
