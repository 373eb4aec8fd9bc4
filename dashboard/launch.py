"""`python -m dashboard.launch run <app> [streamlit options]`: Streamlit's own command line, serving a page
that preloads the landing page's front-end modules (see dashboard/preload.py).

If the preloading folder cannot be built (an unexpected Streamlit build, an unwritable temp folder), the
dashboard still starts, on Streamlit's own page, and says so in one line.
"""

from __future__ import annotations

import atexit
import shutil
import sys
import tempfile
from pathlib import Path

from dashboard.preload import preloading_static_dir


def serve_preloading_page() -> None:
    from streamlit import file_util

    try:
        folder = Path(tempfile.mkdtemp(prefix="radar-streamlit-static-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        static, preloaded = preloading_static_dir(Path(file_util.get_static_dir()), folder / "static")
    except (OSError, UnicodeDecodeError, ValueError) as error:
        print(f"dashboard: serving Streamlit's page without module preloads: {error}", file=sys.stderr, flush=True)
        return
    # Streamlit's static-file route asks file_util for its folder when the server starts.
    file_util.get_static_dir = lambda: str(static)  # type: ignore[assignment]
    print(f"dashboard: the page preloads {preloaded} front-end modules", flush=True)


def main(argv: list[str]) -> None:
    serve_preloading_page()
    from streamlit.web.cli import main as streamlit_main

    sys.argv = ["streamlit", *argv]
    streamlit_main(prog_name="streamlit")


if __name__ == "__main__":
    main(sys.argv[1:])
