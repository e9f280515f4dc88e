"""Compile locale/*/LC_MESSAGES/django.po and src/kmb/*/locale/… to .mo with Babel (no GNU
gettext needed)."""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    # the project's catalogs and those an app keeps itself (src/kmb/<app>/locale)
    po_paths = [*(ROOT / "locale").glob("*/LC_MESSAGES/*.po"),
                *(ROOT / "src" / "kmb").glob("*/locale/*/LC_MESSAGES/*.po")]
    for po_path in sorted(po_paths):
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=po_path.parts[-3])
        with po_path.with_suffix(".mo").open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        print(f"compiled {po_path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
