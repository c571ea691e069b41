"""Where the data is: the rules shared by the loader and by a TAB press (which must not import
pathlib, typer or a TOML parser, so this module imports only `os`).

`--data` and `RNK_DATA` name layers separated by the platform's path separator (`:` on Unix), in
which `@bundled` stands for the data that ships with rnk; a folder holds its visible *.toml files,
read in name order.
"""

from __future__ import annotations

import os

BUNDLED = "@bundled"
ENV_VAR = "RNK_DATA"


def bundled_dir() -> str:
    """The data shipped with rnk: inside the installed package, else the source checkout."""
    package = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))  # this is rnk/core/paths.py
    installed = os.path.join(package, "data")
    if os.path.isdir(installed):
        return installed
    return os.path.join(os.path.dirname(os.path.dirname(package)), "data")


def layers(option: str | None) -> list[str]:
    """The layers named by --data (`option`), else by RNK_DATA, else `[BUNDLED]`, as written.
    [] when --data or RNK_DATA is given but names nothing (`--data ''`, `--data ':'`); a blank
    RNK_DATA is ignored, as click ignores it for --data."""
    spec = option if option is not None else os.environ.get(ENV_VAR, "")
    if option is None and not spec.strip():
        return [BUNDLED]
    return [part.strip() for part in spec.split(os.pathsep) if part.strip()]


def toml_names(folder: str) -> list[str]:
    """The data files of a folder, in the order they are read: visible *.toml names, sorted.
    Hidden files are editor backups and lock files. Raises OSError when the folder cannot be listed."""
    return sorted(n for n in os.listdir(folder) if n.endswith(".toml") and not n.startswith("."))
