"""Rendering: `machine` (json, jsonl, csv, markdown), `text` (plain), `human` (rich)."""
