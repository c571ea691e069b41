"""Build the click command for a Typer app lazily: only the subcommand that runs is converted.

Typer turns every registered command into a click command up front, reading each signature and
its annotations; with a dozen commands that is a few milliseconds on every run, for commands
that will not run. This is click's "LazyGroup" pattern applied to Typer: the group itself (its
callback and options) is built by Typer as usual, and its `commands` mapping lists every name
but asks Typer to build a command only when it is looked up. Parsing, help, suggestions and
completion are all still Typer's and click's own.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator, MutableMapping
from typing import Any

import typer
from typer._click import Command  # click is vendored in typer 0.28
from typer.core import TyperGroup
from typer.main import get_command, get_command_from_info, get_command_name
from typer.models import CommandInfo


class LazyCommands(MutableMapping[str, Command]):
    """Command name -> click command, built on first access, in registration order."""

    def __init__(self, infos: dict[str, CommandInfo], build: Callable[[CommandInfo], Command]) -> None:
        self._infos = infos
        self._build = build
        self._built: dict[str, Command] = {}

    def __getitem__(self, name: str) -> Command:
        if name not in self._built:
            self._built[name] = self._build(self._infos[name])  # KeyError for unknown names
        return self._built[name]

    def __setitem__(self, name: str, command: Command) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        if name not in self._built and name not in self._infos:
            raise KeyError(name)
        self._built.pop(name, None)
        self._infos.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter([*self._infos, *(n for n in self._built if n not in self._infos)])

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __contains__(self, name: object) -> bool:
        return name in self._infos or name in self._built

    def built(self) -> list[str]:
        """The names built so far (for tests)."""
        return list(self._built)


def evaluate_annotations(callback: Callable[..., Any] | None) -> None:
    """Evaluate a callback's annotations once, in place. Written under `from __future__ import
    annotations` they are strings, and Typer evaluates each string four times while it builds a
    command (72 evaluations for `rnk search`, a millisecond); evaluated, they are read as they
    are. The values are the same either way: this is what `inspect.signature(eval_str=True)`,
    which Typer calls, computes."""
    if callback is None or not any(isinstance(a, str) for a in callback.__annotations__.values()):
        return
    import inspect

    callback.__annotations__ = inspect.get_annotations(callback, eval_str=True)


def command_name(info: CommandInfo) -> str:
    assert info.callback is not None
    return info.name or get_command_name(info.callback.__name__)


def lazy_command(app: typer.Typer) -> Command:
    """The app's click group, as `typer.main.get_command(app)` builds it, but with lazy commands.

    Apps with sub-apps (`add_typer`) or a single command are built eagerly, as Typer does.
    """
    if app.registered_groups or not app.registered_callback or not app.registered_commands:
        return get_command(app)
    shell = copy.copy(app)
    shell.registered_commands = []  # the copy's own list: `app` keeps its commands
    evaluate_annotations(app.registered_callback.callback)
    group = get_command(shell)
    assert isinstance(group, TyperGroup)  # an app with a callback is a group

    def build(info: CommandInfo) -> Command:
        evaluate_annotations(info.callback)
        return get_command_from_info(
            info, pretty_exceptions_short=app.pretty_exceptions_short, rich_markup_mode=app.rich_markup_mode
        )

    infos = {command_name(info): info for info in app.registered_commands}
    group.commands = LazyCommands(infos, build)
    return group
