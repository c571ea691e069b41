"""The man page: generated from the app, current, and rendered by groff and man without warnings."""

from __future__ import annotations

import importlib.util
import os
import subprocess
from types import ModuleType

import pytest

from conftest import ROOT, require_tool

MAN = ROOT / "man" / "rnk.1"


need = require_tool


def gen_man() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_man", ROOT / "scripts" / "gen_man.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def rendered() -> str:
    env = dict(os.environ, MANWIDTH="80", LANG="C.UTF-8", LC_ALL="C.UTF-8", MAN_DISABLE_SECCOMP="1")
    proc = subprocess.run(
        [need("man"), "--warnings", "-l", str(MAN)], capture_output=True, text=True, env=env, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == "", proc.stderr
    return proc.stdout


def test_man_page_is_current() -> None:
    assert MAN.read_text(encoding="utf-8") == gen_man().page(), "run scripts/gen_man.py"


def test_groff_renders_it_without_warnings() -> None:
    proc = subprocess.run(
        [need("groff"), "-man", "-Tutf8", "-ww", "-z", str(MAN)], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr


def test_it_documents_every_command_and_option(rendered: str) -> None:
    from typer._click.core import Context
    from typer.main import get_command

    from rnk.cli import app

    root = get_command(app)
    ctx = Context(root, info_name="rnk", **root.context_settings)
    text = " ".join(rendered.split())
    for name in root.list_commands(ctx):  # type: ignore[attr-defined]
        sub = root.get_command(ctx, name)  # type: ignore[attr-defined]
        assert f"rnk {name} [OPTIONS]" in text, name
        for param in sub.get_params(Context(sub, info_name=name, parent=ctx)):
            for opt in param.opts if param.param_type_name == "option" else []:
                assert opt in text, (name, opt)
        for line in (sub.epilog or "").splitlines()[1:]:
            if line.strip():
                assert " ".join(line.split()) in text, line
    for param in root.get_params(ctx):
        assert param.opts[0] in text


def test_it_documents_exit_codes_environment_and_files(rendered: str) -> None:
    from rnk.core.errors import ExitCode

    section = rendered.split("EXIT STATUS", 1)[1].split("ENVIRONMENT", 1)[0]
    assert sorted(int(w) for w in section.split() if w.isdigit()) == sorted(int(c) for c in ExitCode)
    env = rendered.split("\nENVIRONMENT", 1)[1].split("\nFILES", 1)[0]
    for var in ("NO_COLOR", "FORCE_COLOR", "RNK_DATA", "COLUMNS", "XDG_CACHE_HOME"):
        assert f"\n       {var}\n" in env, var
    assert "share/bash-completion/completions/rnk" in rendered
    assert "rnk events 1950-1953" in rendered.split("\nEXAMPLES", 1)[1]


def test_options_keep_ascii_hyphens_for_copy_and_paste(rendered: str) -> None:
    assert "--format" in rendered and "\u2010\u2010format" not in rendered
