"""`python -m rnk`."""

from rnk.entry import main

if __name__ == "__main__":
    main()
