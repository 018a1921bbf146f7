"""Run the command line: ``python -m exerciselib``."""

from __future__ import annotations

from exerciselib.cli import main

if __name__ == "__main__":
    main()
