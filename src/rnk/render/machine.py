"""Writers for machines: JSON, JSON Lines, CSV and Markdown. Plain stdlib, never rich."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from rnk.render.sanitize import clean, one_line

Columns = Sequence[tuple[str, str]]


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def to_jsonl(rows: Sequence[Any]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def flat(value: Any) -> str:
    """One cell: lists joined with '; ', sources by URL, None as empty."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(flat(v) for v in value)
    if isinstance(value, dict):
        return str(value.get("url") or value.get("id") or value.get("title") or json.dumps(value))
    return str(value)


def to_csv(rows: Sequence[dict[str, Any]], columns: Columns) -> str:
    import csv  # here, not at the top: only CSV output needs it (start-up time)
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([key for key, _ in columns])
    for row in rows:
        writer.writerow([flat(row.get(key)) for key, _ in columns])
    return buffer.getvalue()


def md_cell(value: Any) -> str:
    return one_line(flat(value)).replace("\\", "\\\\").replace("|", "\\|")


def to_markdown_table(rows: Sequence[dict[str, Any]], columns: Columns) -> str:
    lines = [
        "| " + " | ".join(header for _, header in columns) + " |",
        "|" + "|".join("---" for _ in columns) + "|",
    ]
    lines += ["| " + " | ".join(md_cell(row.get(key)) for key, _ in columns) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def to_markdown_record(row: dict[str, Any], columns: Columns, heading: str) -> str:
    """One record as a heading and a field list."""
    lines = [f"## {one_line(heading)}", ""]
    for key, header in columns:
        value = row.get(key)
        if value in (None, "", []):
            continue
        lines.append(f"- **{header}:** {clean(flat(value))}")
    return "\n".join(lines) + "\n"
