"""Entry script of the frozen program (PyInstaller): the `gridsafe` command, desktop.cli:main."""
import multiprocessing
import sys

from desktop.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
