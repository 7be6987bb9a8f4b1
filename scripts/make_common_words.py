"""Write ``bot/language/data/common_words.txt``: the common English words, one a line, from pyspellchecker's
frequency list.

The engine uses the list to tell a correctly spelled word from a typo: "cheat" is a word, so it is never
"corrected" to the known "cheap"; "mavrick" is not, so it may be. Regenerate after upgrading pyspellchecker:

    .venv/bin/python scripts/make_common_words.py
"""

from __future__ import annotations

import gzip
import json
from importlib import resources
from pathlib import Path

MIN_FREQUENCY = 1000  # about the 20,000 most frequent words of the list
TARGET = Path(__file__).resolve().parent.parent / "bot" / "data" / "common_words.txt"


def common_words() -> list[str]:
    raw = (resources.files("spellchecker") / "resources" / "en.json.gz").read_bytes()
    frequencies: dict[str, int] = json.loads(gzip.decompress(raw))
    common = (w for w, n in frequencies.items() if n >= MIN_FREQUENCY)
    return sorted(w for w in common if w.isascii() and w.isalpha() and len(w) >= 3)


def main() -> None:
    TARGET.write_text("\n".join(common_words()) + "\n", encoding="utf-8")
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
