"""The timeline in colour: the picture's pieces as rich Text for a terminal, and its SVG and HTML
exports (rich's own export of the same drawing)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rnk.core.errors import UsageError
from rnk.render.sanitize import one_line
from rnk.render.view import View

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text
from rnk.render.timeline import ERA_COLOURS, MAX_OPTION_WIDTH, MIN_OPTION_WIDTH, Line, layout, picture_width


def rich_style(name: str) -> str:
    if name.startswith("era"):
        base, _, part = name.partition("-")
        colour = ERA_COLOURS[int(base[3:])]
        if part == "band":
            return f"bold white on {colour}"
        return f"bold {colour}" if part == "head" else colour
    return {
        "heading": "bold",
        "dim": "dim",
        "axis": "grey50",
        "year": "bold",
        "guide": "grey35",
        "when": "cyan",
        # Not "": a title must not merge with the unstyled gap before it, or SVG viewers that drop
        # a text's leading blanks draw the date and title run together.
        "title": "default",
        "title-tp": "bold",
        "tp": "bold yellow",
    }.get(name, "")


def rich_text(lines: Sequence[Line]) -> Text:
    from rich.text import Text

    out = Text(no_wrap=True, overflow="crop", end="")
    for i, line in enumerate(lines):
        if i:
            out.append("\n")
        for text, style in line:
            out.append(text, style=rich_style(style) or None)
    return out


def show(view: View, out: Console) -> None:
    """Print the picture on a rich console, as wide as the console (or --width)."""
    width = picture_width(view, out.width)
    if view.extra.get("width"):
        out.width = width  # --width wins over the terminal, so nothing wraps
    out.print(rich_text(layout(view, width)), crop=True, no_wrap=True)


def check_target(path: str, option: str) -> Path:
    """Refuse an output path that cannot be written, before any work is done (exit 2)."""
    if not path.strip():
        raise UsageError(f"{option} needs a file name")
    from rnk.core.loader import expand_user

    target = expand_user(path)
    where = target.parent
    if target.is_dir():
        raise UsageError(f"cannot write {option} file '{path}': it is a folder")
    if not where.exists():
        raise UsageError(f"cannot write {option} file '{path}': folder '{where}' does not exist")
    if not where.is_dir():
        raise UsageError(f"cannot write {option} file '{path}': '{where}' is not a folder")
    if not os.access(where, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise UsageError(f"cannot write {option} file '{path}': permission denied")
    return target


def check_targets(svg: str | None, html: str | None, width: int | None) -> tuple[Path | None, Path | None]:
    """Check `rnk timeline`'s options before loading anything: bad ones are usage errors."""
    if width is not None and not MIN_OPTION_WIDTH <= width <= MAX_OPTION_WIDTH:
        raise UsageError(f"--width must be between {MIN_OPTION_WIDTH} and {MAX_OPTION_WIDTH} columns")
    svg_path = check_target(svg, "--svg") if svg is not None else None
    html_path = check_target(html, "--html") if html is not None else None
    if svg_path is not None and html_path is not None and svg_path.resolve() == html_path.resolve():
        raise UsageError("--svg and --html name the same file")
    return svg_path, html_path


def write(target: Path, option: str, content: str) -> None:
    try:
        target.write_text(content, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {option} file '{target}': {exc.strerror or exc}") from exc


def export(view: View, svg: Path | None, html: Path | None) -> None:
    """Save the picture, in colour, as SVG and/or HTML through rich's recording console."""
    import io

    from rich.console import Console

    width = picture_width(view)
    recorder = Console(
        record=True,
        file=io.StringIO(),
        width=width,
        force_terminal=True,
        no_color=False,  # the files are for slides and reports: NO_COLOR is about the terminal
        color_system="truecolor",
        legacy_windows=False,
        markup=False,
        emoji=False,
        highlight=False,
    )
    recorder.print(rich_text(layout(view, width)), crop=True, no_wrap=True)
    title = one_line(str(view.extra["title"]))
    if svg is not None:
        write(svg, "--svg", recorder.export_svg(title=title, clear=False))
    if html is not None:
        write(html, "--html", recorder.export_html(clear=False, inline_styles=True))
