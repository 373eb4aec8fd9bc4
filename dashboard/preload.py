"""Streamlit's page with the Overview's front-end modules preloaded.

Streamlit's front end fetches each element's JavaScript module only when the first such element arrives over
the websocket, and each module then fetches its own imports: a chain of round trips, taken while the browser's
main thread is already busy drawing. Listing those modules as `<link rel="modulepreload">` in the page lets the
browser fetch and parse them while it starts the app, before any element arrives (docs/PERFORMANCE.md has the
measurements). Which modules: the static-import closure of the chunks behind the landing page's elements,
read from the installed Streamlit's build, so the list follows Streamlit's file names from release to release.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

# The Overview's elements and the sidebar every page shares: date range, multiselects, reset button, metrics,
# the granularity control, Altair charts, and the two modules the chart element imports on first use.
LANDING_CHUNKS = ("DateInput", "Multiselect", "Button", "ButtonGroup", "Metric", "ArrowVegaLiteChart",
                  "embed", "vega-interpreter")

_STATIC_IMPORT = re.compile(r"""(?:\bfrom|\bimport)\s*["']\./([\w.\-]+\.js)["']""")
_PAGE_SCRIPT = re.compile(r"""static/js/([\w.\-]+\.js)""")


def static_imports(module_text: str) -> set[str]:
    """File names a built module imports statically from its own folder (`import … from "./x.js"`)."""
    return set(_STATIC_IMPORT.findall(module_text))


def page_scripts(index_html: str) -> set[str]:
    """File names the page already loads or preloads from static/js/."""
    return set(_PAGE_SCRIPT.findall(index_html))


def chunk_file(js_dir: Path, chunk: str) -> Path | None:
    """The built file of a chunk (`Metric` → `Metric.<hash>.js`), or None when this build has none."""
    built = re.compile(re.escape(chunk) + r"\.[\w\-]+\.js")
    return next((path for path in sorted(js_dir.glob(f"{chunk}.*.js")) if built.fullmatch(path.name)), None)


def module_closure(js_dir: Path, roots: Iterable[str], loaded: set[str]) -> list[str]:
    """The chunks `roots` need, in discovery order: each root's file and everything it imports statically,
    short of what the page loads anyway (`loaded`), whose imports are loaded with it."""
    order: list[str] = []
    todo = [found.name for chunk in roots if (found := chunk_file(js_dir, chunk)) is not None]
    while todo:
        name = todo.pop(0)
        if name in order or name in loaded or not (js_dir / name).is_file():
            continue
        order.append(name)
        todo.extend(sorted(static_imports((js_dir / name).read_text(encoding="utf-8"))))
    return order


def with_preloads(index_html: str, modules: Iterable[str]) -> str:
    """The page with a modulepreload link per module, in the form Streamlit's own links take."""
    if "</head>" not in index_html:
        raise ValueError("Streamlit's index.html has no </head>")
    links = "".join(f'<link rel="modulepreload" crossorigin href="./static/js/{name}">' for name in modules)
    return index_html.replace("</head>", links + "</head>", 1)


def preloading_static_dir(streamlit_static: Path, folder: Path) -> tuple[Path, int]:
    """Build in `folder` a copy of Streamlit's static folder, symlinks except for index.html, which gains the
    landing page's preloads. Returns the folder and how many modules it preloads."""
    index_html = (streamlit_static / "index.html").read_text(encoding="utf-8")
    modules = module_closure(streamlit_static / "static" / "js", LANDING_CHUNKS, page_scripts(index_html))
    folder.mkdir(parents=True, exist_ok=True)
    for entry in streamlit_static.iterdir():
        if entry.name != "index.html":
            (folder / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
    (folder / "index.html").write_text(with_preloads(index_html, modules), encoding="utf-8")
    return folder, len(modules)
