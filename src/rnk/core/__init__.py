"""The data layer: the model, reading and checking TOML, and the cache. No rendering."""
