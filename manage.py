#!/usr/bin/env python3
"""Django's command-line utility for Het geheugen van BZK."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bzkmemory.settings")
    from django.core.management import execute_from_command_line

    from website.env import exit_on_refused_settings

    # A refused setting prints one line saying what to set, not a traceback.
    with exit_on_refused_settings():
        execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
