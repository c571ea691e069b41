"""The adapter to typer and click: the group and command classes, and the lazy build. Every use
of their private APIs (`typer._click`, `typer.main`) is here, behind the pin (typer < 0.29)."""

from __future__ import annotations

import contextlib
import copy
import errno
import os
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import typer
from typer._click import Command  # click is vendored in typer 0.28
from typer._click.types import STRING, StringParamType
from typer.core import TyperArgument, TyperCommand, TyperGroup
from typer.main import (
    get_command,
    get_command_from_info,
    get_command_name,
    get_params_convertors_ctx_param_name_from_function,
)
from typer.models import CommandInfo

from rnk.options import Run, output_options


class LazyCommands(Mapping[str, Command]):
    """Command name -> click command, built on first access, in registration order."""

    def __init__(self, infos: dict[str, CommandInfo], build: Callable[[CommandInfo], Command]) -> None:
        self.infos = infos
        self.build = build
        self.built: dict[str, Command] = {}

    def __getitem__(self, name: str) -> Command:
        if name not in self.built:
            self.built[name] = self.build(self.infos[name])  # KeyError for unknown names
        return self.built[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.infos)

    def __len__(self) -> int:
        return len(self.infos)


def lazy_command(app: typer.Typer) -> Command:
    """The app's click group, as `typer.main.get_command(app)` builds it, but with lazy commands."""
    shell = copy.copy(app)
    shell.registered_commands = []  # the copy's own list: `app` keeps its commands
    group = get_command(shell)
    assert isinstance(group, TyperGroup)  # an app with a callback is a group

    def build(info: CommandInfo) -> Command:
        return get_command_from_info(
            info, pretty_exceptions_short=app.pretty_exceptions_short, rich_markup_mode=app.rich_markup_mode
        )

    infos = {}
    for info in app.registered_commands:
        assert info.callback is not None
        infos[info.name or get_command_name(info.callback.__name__)] = info
    group.commands = LazyCommands(infos, build)  # type: ignore[assignment]
    return group


class RnkGroup(TyperGroup):
    """The top-level group: every failure becomes one line on stderr and a documented exit code.
    Overriding `main` covers both the console script and typer.testing.CliRunner."""

    def main(self, *args: Any, standalone_mode: bool = True, **extra: Any) -> Any:
        code = self._guarded_main(*args, standalone_mode=False, **extra)
        if standalone_mode:
            sys.exit(code)
        return code

    def _guarded_main(self, *args: Any, **extra: Any) -> int:
        from typer._click import exceptions as click_exc

        from rnk.core.errors import ExitCode, NoMatch, PipeClosed, RnkError

        try:
            result = super().main(*args, **extra)
            if result == ExitCode.INTERRUPTED:  # typer turns Ctrl-C into a silent Exit(130)
                error_line("interrupted")
            return int(result) if isinstance(result, int) else 0
        except RnkError as exc:  # NoMatch is no error: "nothing matched" is one of the answers
            error_line(exc.message, prefix="rnk: " if isinstance(exc, NoMatch) else "rnk: error: ")
            return int(exc.code)
        except click_exc.UsageError as exc:
            where = exc.ctx.command_path if exc.ctx else "rnk"
            error_line(f"{exc.format_message()} (see '{where} --help')")
            return int(ExitCode.USAGE)
        except click_exc.ClickException as exc:
            error_line(exc.format_message())
            return exc.exit_code
        except (typer.Abort, KeyboardInterrupt):
            error_line("interrupted")
            return int(ExitCode.INTERRUPTED)
        except (BrokenPipeError, PipeClosed):
            # The reader went away (`| head`): stop quietly and keep Python from complaining at exit.
            _drop_stdout()
            return int(ExitCode.BROKEN_PIPE)
        except OSError as exc:
            # stdout cannot be written (a full disk, `> /dev/full`): like an unwritable --svg file,
            # exit 2 with one line; drop what is still buffered so the exit does not fail again.
            closed = exc.errno == errno.EBADF  # `rnk ... >&-` (see entry.attach_closed_streams)
            reason = "standard output is closed" if closed else exc.strerror or exc
            error_line(f"cannot write the output: {reason}")
            _drop_stdout()
            return int(ExitCode.USAGE)


# `rnk search sanctions -nuclear`: a dash, then a letter or a quote, then more than digits is an
# excluded word, not a cluster of short options (`-n uclear`); so is `-2024`, an excluded year.
# Such words are marked so that click takes them as arguments, in place, and unmarked when the
# query is joined.
_EXCLUSION_MARK = "\ue000"
_EXCLUSION = re.compile(r'^-(?:(?:["“]|[^\W\d_])(?!\d+$).+|\d{4}\S*)$')


class _Words(StringParamType):
    """A string argument's type with no name of its own: the help names the argument by its
    metavar (`[RANGE]`) and says its forms in words, with no `<str>` column beside it."""

    def get_metavar(self, param: Any, ctx: Any = None) -> str:
        return ""


_WORDS = _Words()


class RnkCommand(TyperCommand):
    """A command whose usage errors point at its own help: `(see 'rnk search --help')`, even those
    click's parser raises without a context (`-n` without its value). Its string arguments show
    no `<str>` type in the help (see `_Words`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if isinstance(param, TyperArgument) and param.type is STRING:
                param.type = _WORDS

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        from typer._click.exceptions import UsageError as ClickUsageError

        try:
            return list(super().parse_args(ctx, args))
        except ClickUsageError as exc:
            if exc.ctx is None:
                exc.ctx = ctx
            raise


class OutputCommand(RnkCommand):
    """A command that prints a View: it takes the options of `options.output_options`, whose
    values go to `options.Run`; a bad combination of them fails before the command starts."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params += get_params_convertors_ctx_param_name_from_function(output_options)[0]

    def invoke(self, ctx: Any) -> Any:
        from rnk.render.output import resolve_format

        fmt, json_, color = ctx.params.pop("fmt"), ctx.params.pop("json_"), ctx.params.pop("color")
        if color != "auto":  # else the group's --color stands
            Run.color = color
        Run.format = resolve_format(fmt, json_, Run.color)
        Run.format_given = fmt is not None or json_
        return super().invoke(ctx)


class SearchCommand(OutputCommand):
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        end = args.index("--") if "--" in args else len(args)
        marked = [_EXCLUSION_MARK + a if i < end and _EXCLUSION.match(a) else a for i, a in enumerate(args)]
        return list(super().parse_args(ctx, marked))


def query_text(words: list[str]) -> str:
    return " ".join(w.removeprefix(_EXCLUSION_MARK) for w in words)


def error_line(message: str, prefix: str = "rnk: error: ") -> None:
    from rnk.render.sanitize import short_message  # one line; a 100 KB argument is not echoed

    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write(f"{prefix}{short_message(message)}\n")
        sys.stderr.flush()


def _drop_stdout() -> None:
    """Point stdout at the null device, so what is still buffered is discarded at exit."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def typer_completion() -> None:
    """Register typer's completion classes, so that click answers typer's completion protocol."""
    from typer._completion_classes import completion_init

    completion_init()
