"""The dashboard's page that preloads the landing page's front-end modules (dashboard/preload.py, launch.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import launch
from dashboard.preload import (
    LANDING_CHUNKS,
    chunk_file,
    module_closure,
    page_scripts,
    preloading_static_dir,
    static_imports,
    with_preloads,
)

PAGE = '<html><head><script type="module" src="./static/js/index.Ab1.js"></script></head><body></body></html>'


def write_modules(js_dir: Path, modules: dict[str, str]) -> None:
    js_dir.mkdir(parents=True, exist_ok=True)
    for name, text in modules.items():
        (js_dir / name).write_text(text, encoding="utf-8")


def test_static_imports_are_read_and_dynamic_ones_are_not():
    text = ('import{a as b}from"./x.Ab1.js";import"./y.C-2.js";import { c } from \'./z.D_3.js\';'
            'const lazy=()=>import(`./lazy.E4.js`);const w=import("./dyn.F5.js");const s="./str.G6.js"')
    assert static_imports(text) == {"x.Ab1.js", "y.C-2.js", "z.D_3.js"}


def test_a_chunk_is_found_by_its_exact_name(tmp_path):
    write_modules(tmp_path, {"Button.Ab1.js": "", "ButtonGroup.Cd2.js": "", "Button.esm.Ef3.js": ""})
    assert chunk_file(tmp_path, "Button") == tmp_path / "Button.Ab1.js"
    assert chunk_file(tmp_path, "ButtonGroup") == tmp_path / "ButtonGroup.Cd2.js"
    assert chunk_file(tmp_path, "Metric") is None


def test_the_closure_follows_static_imports_and_stops_at_what_the_page_loads(tmp_path):
    write_modules(tmp_path, {
        "Chart.A1.js": 'import{x}from"./util.B2.js";import"./index.C3.js";const l=import("./Huge.D4.js")',
        "util.B2.js": 'import"./deep.E5.js";import"./gone.Z9.js"',
        "deep.E5.js": 'import"./util.B2.js"',  # a cycle
        "index.C3.js": 'import"./Never.F6.js"',
        "Huge.D4.js": "", "Never.F6.js": "",
    })
    assert module_closure(tmp_path, ["Chart", "Missing"], loaded={"index.C3.js"}) == [
        "Chart.A1.js", "util.B2.js", "deep.E5.js"]


def test_preloads_go_in_the_head_once_in_streamlits_own_form():
    page = with_preloads(PAGE, ["Chart.A1.js", "util.B2.js"])
    head = page.split("</head>")[0]
    assert head.endswith('<link rel="modulepreload" crossorigin href="./static/js/Chart.A1.js">'
                         '<link rel="modulepreload" crossorigin href="./static/js/util.B2.js">')
    assert page.count("modulepreload") == 2 and page_scripts(page) == {"index.Ab1.js", "Chart.A1.js", "util.B2.js"}
    with pytest.raises(ValueError, match="no </head>"):
        with_preloads("<html><body></body></html>", ["Chart.A1.js"])


def test_the_preloading_folder_links_streamlits_files_and_leaves_them_untouched(tmp_path):
    streamlit_static = tmp_path / "streamlit"
    write_modules(streamlit_static / "static" / "js", {"Metric.A1.js": 'import"./fmt.B2.js"', "fmt.B2.js": "",
                                                       "index.Ab1.js": ""})
    (streamlit_static / "index.html").write_text(PAGE, encoding="utf-8")
    (streamlit_static / "favicon.png").write_bytes(b"\x89PNG")
    folder, preloaded = preloading_static_dir(streamlit_static, tmp_path / "served")
    assert preloaded == 2
    assert (folder / "static").is_symlink() and (folder / "favicon.png").read_bytes() == b"\x89PNG"
    assert (folder / "static" / "js" / "Metric.A1.js").is_file()
    assert page_scripts((folder / "index.html").read_text()) == {"index.Ab1.js", "Metric.A1.js", "fmt.B2.js"}
    assert (streamlit_static / "index.html").read_text() == PAGE


def test_the_installed_streamlit_has_every_landing_chunk():
    # A Streamlit upgrade that renames an element's module fails here, not silently in the browser.
    from streamlit import file_util

    js_dir = Path(file_util.get_static_dir()) / "static" / "js"
    assert [chunk for chunk in LANDING_CHUNKS if chunk_file(js_dir, chunk) is None] == []


def test_without_a_usable_streamlit_page_the_dashboard_serves_streamlits_own(tmp_path, monkeypatch, capsys):
    from streamlit import file_util

    broken = tmp_path / "no-index"
    broken.mkdir()
    monkeypatch.setattr(file_util, "get_static_dir", lambda: str(broken))
    launch.serve_preloading_page()
    assert file_util.get_static_dir() == str(broken)
    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1 and "without module preloads" in error[0] and "index.html" in error[0]


def test_without_a_temporary_folder_the_dashboard_still_starts(monkeypatch, capsys):
    from streamlit import file_util

    own = file_util.get_static_dir()
    monkeypatch.setattr(file_util, "get_static_dir", lambda: own)

    def no_space(prefix: str) -> str:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(launch.tempfile, "mkdtemp", no_space)
    launch.serve_preloading_page()
    assert file_util.get_static_dir() == own
    assert "No space left on device" in capsys.readouterr().err


def test_the_launcher_points_streamlit_at_the_preloading_page(monkeypatch, capsys):
    from streamlit import file_util

    own = file_util.get_static_dir()
    monkeypatch.setattr(file_util, "get_static_dir", lambda: own)
    launch.serve_preloading_page()
    served = Path(file_util.get_static_dir())
    assert served != Path(own)
    preloads = page_scripts((served / "index.html").read_text()) - page_scripts((Path(own) / "index.html").read_text())
    assert any(name.startswith("Multiselect.") for name in preloads)
    assert f"preloads {len(preloads)} front-end modules" in capsys.readouterr().out
