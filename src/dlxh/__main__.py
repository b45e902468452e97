"""``python -m dlxh`` runs the command line."""

from dlxh.cli import main

main()
