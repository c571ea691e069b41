"""Shell integration: the TAB fast path, its index, and the completion scripts."""
