"""The completion index's format: the tab-separated records `rnk.shell.completion_index` writes
and `rnk.shell.complete` reads on every TAB press, and the fingerprint of the data it was built
from. Imports nothing beyond `os` (and `zlib` for the fingerprint): a TAB press loads it.
"""

from __future__ import annotations

import os

INDEX_NAME = "_completion_index.tsv"
INDEX_MAGIC = "rnk completion index\t1"
# Kinds of values taken from the data (the rest, such as formats, come from the code).
DATA_KINDS = ("tags", "people", "eras", "events", "faq", "decades", "days")
BUNDLED = "@bundled"
FLAG = "flag"
FILES = "paths"
DATA_PATHS = "data-paths"  # file names, and `@bundled` (the shipped data)

Item = tuple[str, str]  # (value, description)


class Option:
    __slots__ = ("help", "kind", "multiple", "names")

    def __init__(self, names: list[str], kind: str, multiple: bool, help_: str) -> None:
        self.names = names
        self.kind = kind
        self.multiple = multiple
        self.help = help_


class Argument:
    __slots__ = ("help", "kind", "many", "name")

    def __init__(self, name: str, kind: str, many: bool, help_: str) -> None:
        self.name = name
        self.kind = kind
        self.many = many
        self.help = help_


class Node:
    """A command (or the root group) as the index describes it."""

    __slots__ = ("arguments", "commands", "help", "options")

    def __init__(self, help_: str = "") -> None:
        self.help = help_
        self.options: list[Option] = []
        self.arguments: list[Argument] = []
        self.commands: dict[str, Node] = {}

    def option(self, name: str) -> Option | None:
        for opt in self.options:
            if name in opt.names:
                return opt
        return None


class Index:
    def __init__(self) -> None:
        self.root = Node()
        self.values: dict[str, list[Item]] = {}
        self.fingerprint: dict[str, str] = {}


def parse_index(text: str) -> Index:
    """Read the tab-separated index: C command, O option, A argument, F data file, V value."""
    index = Index()
    nodes = {"": index.root}
    for line in text.split("\n"):
        fields = line.split("\t")
        tag = fields[0]
        if tag == "V" and len(fields) == 4:
            index.values.setdefault(fields[1], []).append((fields[2], fields[3]))
        elif tag == "C" and len(fields) == 3:
            if fields[1]:
                parent, _, name = fields[1].rpartition(" ")
                nodes[fields[1]] = nodes[parent].commands[name] = Node(fields[2])
            else:
                index.root.help = fields[2]
        elif tag == "O" and len(fields) == 6:
            opt = Option(fields[2].split(" "), fields[3], fields[4] == "1", fields[5])
            nodes[fields[1]].options.append(opt)
        elif tag == "A" and len(fields) == 6:
            nodes[fields[1]].arguments.append(Argument(fields[2], fields[3], fields[4] == "1", fields[5]))
        elif tag == "F" and len(fields) == 3:
            index.fingerprint[fields[1]] = fields[2]
    return index


def toml_files(path: str) -> list[str]:
    """A layer's data files, like `rnk.core.loader.data_files`: a file, or a folder's visible *.toml."""
    if os.path.isdir(path):
        try:
            names = sorted(n for n in os.listdir(path) if n.endswith(".toml") and not n.startswith("."))
        except OSError:
            return []
        return [os.path.join(path, n) for n in names]
    return [path] if os.path.isfile(path) else []


def content_fingerprint(folder: str) -> dict[str, str]:
    """CRC-32 of each bundled file (line endings normalised): tells whether the index is current."""
    import zlib

    out = {}
    for path in toml_files(folder):
        try:
            with open(path, "rb") as f:
                raw = f.read().replace(b"\r\n", b"\n")
        except OSError:
            continue
        out[os.path.basename(path)] = str(zlib.crc32(raw))
    return out


def package_dir() -> str:
    """The rnk package (this module lives in rnk/shell/)."""
    return os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
