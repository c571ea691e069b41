"""The completion index's format, read on every TAB press (so this imports only `os`, and `zlib`
for the fingerprint). `rnk.shell.completion_index` writes it: tab-separated, one record a line:

    rnk completion index  2  <fingerprint of the bundled data it was built from>
    C <command path> <help>                         a command ("" is the root group)
    P <command path> <names> <kind> <many> <help>   an option (its names start with "-"; kind
                                                    "flag" takes no value) or an argument
    V <kind> <value> <description>                  a value that completes for a kind

Any other line is ignored. A cached index of a user's data holds only V records.
"""

from __future__ import annotations

import os

from rnk.core.paths import toml_names

MAGIC = "rnk completion index\t2"
# Kinds of values taken from the data (the rest, such as formats, come from the code).
DATA_KINDS = ("tags", "people", "eras", "events", "faq", "decades", "days")
FLAG = "flag"
FILES = "paths"
DATA_PATHS = "data-paths"  # file names, and `@bundled` (the shipped data)

Item = tuple[str, str]  # (value, description)


class Param:
    """An option or a positional argument; `many`: may be repeated, or takes several words."""

    __slots__ = ("help", "kind", "many", "names")

    def __init__(self, names: list[str], kind: str, many: bool, help_: str) -> None:
        self.names = names
        self.kind = kind
        self.many = many
        self.help = help_


class Node:
    """A command (or the root group)."""

    __slots__ = ("arguments", "commands", "help", "options")

    def __init__(self, help_: str = "") -> None:
        self.help = help_
        self.options: list[Param] = []
        self.arguments: list[Param] = []
        self.commands: dict[str, Node] = {}

    def option(self, name: str) -> Param | None:
        return next((opt for opt in self.options if name in opt.names), None)


class Index:
    def __init__(self, fingerprint: str = "") -> None:
        self.root = Node()
        self.values: dict[str, list[Item]] = {}
        self.fingerprint = fingerprint


def parse_index(text: str) -> Index:
    lines = text.split("\n")
    head = lines[0].split("\t")
    index = Index(head[2] if lines[0].startswith(MAGIC) and len(head) == 3 else "")
    nodes = {"": index.root}
    for line in lines:
        fields = line.split("\t")
        if fields[0] == "V" and len(fields) == 4:
            index.values.setdefault(fields[1], []).append((fields[2], fields[3]))
        elif fields[0] == "C" and len(fields) == 3:
            if fields[1]:
                parent, _, name = fields[1].rpartition(" ")
                nodes[fields[1]] = nodes[parent].commands[name] = Node(fields[2])
            else:
                index.root.help = fields[2]
        elif fields[0] == "P" and len(fields) == 6:
            node = nodes[fields[1]]
            param = Param(fields[2].split(" "), fields[3], fields[4] == "1", fields[5])
            (node.options if fields[2].startswith("-") else node.arguments).append(param)
    return index


def fingerprint(folder: str) -> str:
    """CRC-32 of the names and contents of a folder's data files (line endings normalised)."""
    import zlib

    crc = 0
    try:
        names = toml_names(folder)
    except OSError:
        names = []
    for name in names:
        try:
            with open(os.path.join(folder, name), "rb") as f:
                raw = f.read().replace(b"\r\n", b"\n")
        except OSError:
            continue
        crc = zlib.crc32(name.encode() + b"\0" + raw, crc)
    return str(crc)
