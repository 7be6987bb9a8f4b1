"""Facts are re-extracted only for added or changed articles, and the result is what extracting all gives."""

from __future__ import annotations

import json
from pathlib import Path

from bot.knowledge.base import Knowledge
from bot.knowledge.extract import extract_facts
from bot.knowledge.extraction_cache import EXTRACTED_CACHE, extract_cached


def test_the_facts_are_those_of_extracting_every_article(knowledge: Knowledge, tmp_path: Path) -> None:
    articles = list(knowledge.articles)
    expected = extract_facts(articles)
    assert extract_cached(articles, tmp_path) == expected  # nothing remembered yet
    assert extract_cached(articles, tmp_path) == expected  # all remembered
    changed = articles[0].model_copy(update={"text": articles[0].text + "\n| Scout | 12 experts |\n"})
    assert extract_cached([changed, *articles[1:]], tmp_path) == extract_facts([changed, *articles[1:]])


def test_unchanged_articles_are_not_read_again(knowledge: Knowledge, tmp_path: Path) -> None:
    articles = list(knowledge.articles)
    extract_cached(articles, tmp_path)
    saved = json.loads((tmp_path / EXTRACTED_CACHE).read_text(encoding="utf-8"))
    assert len(saved["articles"]) == len(articles)
    for key in saved["articles"]:  # what the cache says an article gives is what it gives: it is not re-read
        saved["articles"][key] = []
    (tmp_path / EXTRACTED_CACHE).write_text(json.dumps(saved), encoding="utf-8")
    changed = articles[1].model_copy(update={"text": articles[1].text + "\nA new closing line.\n"})
    assert extract_cached([articles[0], changed, *articles[2:]], tmp_path) == extract_facts([changed])
    (tmp_path / EXTRACTED_CACHE).write_text("{broken", encoding="utf-8")  # a damaged cache: everything is read
    assert extract_cached(articles, tmp_path) == extract_facts(articles)
