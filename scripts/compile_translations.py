#!/usr/bin/env python3
"""Compile locale/*/LC_MESSAGES/*.po (django, djangojs) into .mo files with polib (no gettext tools needed).

Run after editing a catalogue and commit both files: `.venv/bin/python scripts/compile_translations.py`.
tests/test_translations.py fails while a committed .mo differs from what this script makes.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "locale"


def catalogues() -> list[Path]:
    return sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))


def compiled(po_path: Path) -> bytes:
    """The .mo bytes for a .po file (polib writes translated entries only, as msgfmt does)."""
    return polib.pofile(str(po_path)).to_binary()


def main() -> int:
    for po_path in catalogues():
        po_path.with_suffix(".mo").write_bytes(compiled(po_path))
        sys.stdout.write(f"{po_path.with_suffix('.mo').relative_to(LOCALE.parent)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
