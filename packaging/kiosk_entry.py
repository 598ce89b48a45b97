"""Entry point of the frozen kiosk: the same ``kiosk`` command as the installed console script.

Frozen, ``kiosk`` alone starts the app and every subcommand (``--version``, ``search``, ``scan``,
``app --kiosk-mode``, ...) works as from a source install.
"""

import sys

from kiosk.cli import main

if __name__ == "__main__":
    sys.exit(main())
