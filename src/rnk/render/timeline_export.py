"""`rnk timeline --svg/--html`: the picture (rnk.render.timeline) as SVG or HTML, written by hand
from its rows of styled pieces, to a file (replaced atomically) or to standard output."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from rnk.core.errors import UsageError
from rnk.render.cells import cells
from rnk.render.sanitize import one_line
from rnk.render.timeline import Line, layout, picture_width
from rnk.render.view import View

STDOUT = "-"  # `--svg -`: the file goes to standard output


def check_target(path: str, option: str) -> Path | None:
    """Refuse an output path that cannot be written, before any work is done (exit 2).
    `-` is standard output (None)."""
    if path == STDOUT:
        return None
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


Target = tuple[str, Path | None]  # (option, file; None: standard output)


def check_targets(svg: str | None, html: str | None) -> list[Target]:
    """Check `rnk timeline`'s files before loading anything: bad ones are usage errors (click has
    checked --width and --theme)."""
    pairs = (("--svg", svg), ("--html", html))
    targets = [(option, check_target(path, option)) for option, path in pairs if path is not None]
    if len(targets) == 2:
        (_, one), (_, other) = targets
        if one is other is None or (one and other and one.resolve() == other.resolve()):
            raise UsageError("--svg and --html name the same file")
    return targets


def write(target: Path, option: str, content: str) -> None:
    """Replace a file atomically: a temporary file in the same folder, then os.replace, so a
    reader never sees half a picture and a failed write leaves the old file as it was. The file
    keeps its permissions; behind a symlink the file is replaced, not the link. A device or a
    pipe (/dev/stdout, a FIFO) is written in place: replacing it would put a file where it was."""
    import stat
    import tempfile

    real = Path(os.path.realpath(target))
    try:
        existing = real.stat() if real.exists() else None
        if existing is not None and not stat.S_ISREG(existing.st_mode):
            real.write_text(content, encoding="utf-8")
            return
        umask = os.umask(0)
        os.umask(umask)
        # The file's own mode, or an ordinary new file's (not mkstemp's 0600).
        mode = stat.S_IMODE(existing.st_mode) if existing is not None else 0o666 & ~umask
        fd, temporary = tempfile.mkstemp(dir=real.parent, prefix=f".{real.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(content)
            os.chmod(temporary, mode)
            os.replace(temporary, real)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError as exc:
        raise UsageError(f"cannot write {option} file '{target}': {exc.strerror or exc}") from exc


# ---------------------------------------------------------------- SVG and HTML

# One theme for both files. Colours: background, text, dim, axis and guide, date, turning point,
# and the eras' colours (those of the terminal, readable on both backgrounds).
THEMES: dict[str, dict[str, str]] = {
    "light": {"bg": "#ffffff", "fg": "#1f2328", "dim": "#59636e", "axis": "#8c959f", "guide": "#d0d7de",
              "when": "#0a6e8a", "tp": "#9a6700"},
    "dark": {"bg": "#0d1117", "fg": "#e6edf3", "dim": "#9198a1", "axis": "#6e7681", "guide": "#30363d",
             "when": "#56d4ff", "tp": "#e3b341"},
}  # fmt: skip
ERA_HEX = ("#00af87", "#8787d7", "#5faf5f", "#d75f00", "#5f87af", "#d75f5f")  # ERA_COLOURS, as hex
# A local font stack: the files fetch nothing.
FONTS = "ui-monospace, 'DejaVu Sans Mono', 'Liberation Mono', Menlo, Consolas, monospace"
FONT_SIZE, CHAR_WIDTH, LINE_HEIGHT, MARGIN = 15, 9, 20, 20  # px; CHAR_WIDTH is 0.6 em


def css(theme: str) -> str:
    """The classes of the logical styles, shared by the SVG and the HTML."""
    t = THEMES[theme]
    rules = [
        f".heading{{font-weight:bold}} .dim{{color:{t['dim']};fill:{t['dim']}}}",
        f".axis{{color:{t['axis']};fill:{t['axis']}}} .guide{{color:{t['guide']};fill:{t['guide']}}}",
        ".year{font-weight:bold} .title-tp{font-weight:bold}",
        f".when{{color:{t['when']};fill:{t['when']}}} .tp{{color:{t['tp']};fill:{t['tp']};font-weight:bold}}",
    ]
    for i, colour in enumerate(ERA_HEX):
        rules.append(f".era{i},.era{i}-head{{color:{colour};fill:{colour}}} .era{i}-head{{font-weight:bold}}")
        rules.append(f".era{i}-band{{color:#ffffff;fill:#ffffff;font-weight:bold;background:{colour}}}")
        rules.append(f"rect.era{i}-band{{fill:{colour}}}")
    return "\n".join(rules)


def svg(lines: Sequence[Line], width: int, title: str, theme: str) -> str:
    """The picture as SVG: each run of one style a <text> at its cell, stretched to exactly its
    cells (textLength), so no font can make two runs overlap; a band's colour is a <rect>."""
    from xml.sax.saxutils import escape, quoteattr

    t = THEMES[theme]
    w, h = width * CHAR_WIDTH + 2 * MARGIN, len(lines) * LINE_HEIGHT + 2 * MARGIN
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
        f'role="img" aria-label={quoteattr(title)}>',
        f"<title>{escape(title)}</title>",
        f"<style>\nsvg{{background:{t['bg']}}} text{{font-family:{FONTS};font-size:{FONT_SIZE}px;"
        f"fill:{t['fg']};white-space:pre}}\n{css(theme)}\n</style>",
        f'<rect width="{w}" height="{h}" fill="{t["bg"]}"/>',
    ]
    for row, line in enumerate(lines):
        y, col = MARGIN + row * LINE_HEIGHT, 0
        for text, style in line:
            size = cells(text)
            x = MARGIN + col * CHAR_WIDTH
            if style.endswith("-band"):
                size_px = size * CHAR_WIDTH
                out.append(
                    f'<rect class="{style}" x="{x}" y="{y}" width="{size_px}" height="{LINE_HEIGHT}"/>'
                )
            if text.strip():
                cls = f' class="{style}"' if style else ""
                out.append(
                    f'<text{cls} x="{x}" y="{y + LINE_HEIGHT * 0.75:g}" textLength="{size * CHAR_WIDTH}" '
                    f'lengthAdjust="spacingAndGlyphs" xml:space="preserve">{escape(text)}</text>'
                )
            col += size
    out.append("</svg>")
    return "\n".join(out) + "\n"


def html(lines: Sequence[Line], title: str, theme: str) -> str:
    """The picture as an HTML page: the text in a <pre>, each run of one style a <span>."""
    from html import escape

    t = THEMES[theme]
    body = "\n".join(
        "".join(
            f'<span class="{style}">{escape(text)}</span>' if style else escape(text) for text, style in line
        )
        for line in lines
    )
    return (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{escape(title)}</title>\n'
        f"<style>\nbody{{background:{t['bg']};color:{t['fg']};margin:{MARGIN}px}}\n"
        f"pre{{font-family:{FONTS};font-size:{FONT_SIZE}px;line-height:{LINE_HEIGHT}px;margin:0}}\n"
        f"{css(theme)}\n</style>\n</head>\n<body>\n<pre>{body}</pre>\n</body>\n</html>\n"
    )


def export(view: View, targets: Sequence[Target], theme: str) -> None:
    """Save the picture as SVG and/or HTML (`-`: on standard output); say where on stderr."""
    import sys

    width = picture_width(view)
    lines = layout(view, width)
    title = one_line(str(view.extra["title"]))
    for option, target in targets:
        content = svg(lines, width, title, theme) if option == "--svg" else html(lines, title, theme)
        if target is None:
            from rnk.render.output import write_machine

            write_machine(content)
        else:
            write(target, option, content)
            sys.stderr.write(f"rnk: wrote {target}\n")
