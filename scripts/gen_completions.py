"""Generate shell completion from the app and the bundled data.

Writes src/rnk/shell/_completion_index.tsv (commands, options and values that `rnk.shell.complete` reads on
every TAB press) and the scripts in completions/ (rnk.bash, _rnk, rnk.fish, rnk.ps1).
Run it after changing a command, an option or data/; `--check` only reports files that are out of
date (exit 1), as tests/test_completion.py does.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INDEX = ROOT / "src" / "rnk" / "shell" / "_completion_index.tsv"
SCRIPTS = ROOT / "completions"


def outputs() -> dict[Path, str]:
    """Every generated file and the text it should hold."""
    from typer.main import get_command

    from rnk.cli import app
    from rnk.shell.completion_index import index_text
    from rnk.shell.scripts import FILE_NAMES, script

    out = {INDEX: index_text(get_command(app), ROOT / "data")}
    for shell, name in FILE_NAMES.items():
        out[SCRIPTS / name] = script(shell)
    return out


def stale(files: dict[Path, str]) -> list[Path]:
    return [p for p, text in files.items() if not p.is_file() or p.read_text(encoding="utf-8") != text]


def main(argv: list[str]) -> int:
    files = outputs()
    if "--check" in argv:
        out_of_date = stale(files)
        for path in out_of_date:
            print(f"out of date: {path.relative_to(ROOT)} (run scripts/gen_completions.py)", file=sys.stderr)
        return 1 if out_of_date else 0
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
