"""The README's examples are real: each complete console example is run and compared."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, console_script, require_tool

README = (ROOT / "README.md").read_text(encoding="utf-8")


def console_examples() -> list[tuple[str, str]]:
    """(command, expected output) for every `$ rnk ...` in a console block, unless elided with …."""
    examples = []
    for block in re.findall(r"```console\n(.*?)```", README, flags=re.S):
        for part in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, output = part.partition("\n")
            if "…" in output or "..." in output or not command.startswith("rnk "):
                continue
            examples.append((command, output.rstrip("\n") + "\n"))
    return examples


EXAMPLES = console_examples()


def test_the_readme_has_complete_examples() -> None:
    commands = [c for c, _ in EXAMPLES]
    assert "rnk events 1950-1953" in commands
    assert any("| jq" in c for c in commands)


@pytest.mark.parametrize(("command", "expected"), EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_readme_example_output_is_real(command: str, expected: str, tmp_path: Path) -> None:
    if "jq" in command:
        require_tool("jq")
    bindir = Path(console_script()).parent
    env = {**os.environ, "PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}", "COLUMNS": "100"}
    env.pop("RNK_DATA", None)
    proc = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == expected
