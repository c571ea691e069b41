"""Queries over a chronology: filters, search and summaries. Pure: no I/O, no rich."""
