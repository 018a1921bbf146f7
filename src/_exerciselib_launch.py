"""
The ``exerciselib`` console script: Ctrl+C while starting exits quietly.

The script's target lives outside the ``exerciselib`` package on purpose:
importing ``exerciselib.cli`` imports the package first, and a Ctrl+C
during that import would otherwise end in a ``KeyboardInterrupt``
traceback. This module imports nothing of ours until :func:`main` runs,
inside a ``try`` that turns the interrupt into exit status 130 (128 +
SIGINT), as the command line does once it is running.
"""

from __future__ import annotations

import sys
import typing

__all__ = ["main"]

#: The exit status of a run ended by Ctrl+C (128 + SIGINT).
EXIT_INTERRUPTED = 130


def main() -> typing.NoReturn:
    """Import and run :func:`exerciselib.cli.main`; Ctrl+C exits 130."""
    try:
        from exerciselib.cli import main as run  # noqa: PLC0415 -- see above
    except KeyboardInterrupt:
        sys.exit(EXIT_INTERRUPTED)
    run()
