"""Draw the README's timeline picture with `rnk timeline --svg` over the bundled data.

    .venv/bin/python scripts/make_timeline_svg.py              # writes docs/timeline.svg, 100 columns
    .venv/bin/python scripts/make_timeline_svg.py OUT --width 120

Run it again whenever data/*.toml changes (tests/test_timeline.py checks the picture is current).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "docs" / "timeline.svg"
DEFAULT_WIDTH = 100


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default=str(DEFAULT_OUT), help="the SVG file to write")
    parser.add_argument("--width", type=int, default=DEFAULT_WIDTH, help="columns (default 100)")
    args = parser.parse_args(argv)

    from rnk.cli import run

    # The same path a user takes; the picture printed on stdout is not wanted here.
    with contextlib.redirect_stdout(io.StringIO()):
        code = run(["--data", "@bundled", "timeline", "--width", str(args.width), "--svg", args.out])
    if code == 0:
        print(f"wrote {args.out} ({Path(args.out).stat().st_size} bytes, {args.width} columns)")
    return int(code)


if __name__ == "__main__":
    sys.exit(main())
