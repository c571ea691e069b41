"""rnk: a command-line reference on relations between Russia (and the USSR) and North Korea."""

__version__ = "0.1.0"
