"""Facts extracted per article, remembered by the article's content and the extraction code.

``llama4-bot add`` re-extracts the facts of the whole knowledge base after a change. Extraction
reads one article at a time (``bot.knowledge.extract``: a fact's source is its article, so two articles never
give the same fact), so an article whose text and header are unchanged gives the facts it gave
before: those are taken from ``knowledge/.index/extracted.json`` and only added or changed
articles are read. The result is ``extract_facts(articles)``, fact for fact.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from bot.knowledge.extract import extract_facts
from bot.models import Article, Fact

log = logging.getLogger(__name__)
EXTRACTED_CACHE = "extracted.json"
_CODE = (  # paths inside the package
    "knowledge/extract.py", "knowledge/facts.py", "models.py", "knowledge/lexicon.py", "language/numbers.py",
    "language/text.py", "knowledge/extraction_cache.py",
)


def extract_cached(articles: Sequence[Article], cache: Path) -> list[Fact]:
    """``extract_facts(articles)``, reading only the articles the cache in ``cache`` has no facts for."""
    code = _code_key()
    saved = _load(cache, code)
    facts: list[Fact] = []
    kept: dict[str, list[dict[str, object]]] = {}
    for article in articles:
        key = hashlib.sha256(article.model_dump_json().encode("utf-8")).hexdigest()
        found = saved.get(key)
        if found is None:
            found = [f.model_dump(mode="json", exclude_unset=True) for f in extract_facts([article])]
        kept[key] = found
        facts.extend(Fact.model_validate(f) for f in found)
    try:
        cache.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"code": code, "articles": kept}, separators=(",", ":"))
        with tempfile.NamedTemporaryFile("w", dir=cache, suffix=".tmp", delete=False, encoding="utf-8") as handle:
            handle.write(text)
        os.replace(handle.name, cache / EXTRACTED_CACHE)
    except OSError as exc:
        log.warning("could not remember the extracted facts in %s: %s", cache, exc)
    return facts


def _code_key() -> str:
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent.parent  # the package
    for name in _CODE:
        digest.update(name.encode() + b"\0" + (here / name).read_bytes())
    return digest.hexdigest()


def _load(cache: Path, code: str) -> dict[str, list[dict[str, object]]]:
    try:
        data = json.loads((cache / EXTRACTED_CACHE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("code") != code or not isinstance(data.get("articles"), dict):
        return {}
    return {str(k): v for k, v in data["articles"].items() if isinstance(v, list)}
