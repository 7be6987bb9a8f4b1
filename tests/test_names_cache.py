"""The names read from the articles are cached beside the index, keyed like it, and never trusted stale."""

from __future__ import annotations

from pathlib import Path

from bot.entities import NAMES_FILE, cached_names, read_names

TEXTS = ["Acme shipped Foo 2 and Foo 3. Jane Roe of Widget Labs said so.", "Then came Foo 3.5 from Acme."]


def test_a_fresh_cache_gives_the_same_names_without_reading_the_texts(tmp_path: Path) -> None:
    first = cached_names(tmp_path, "key-1", TEXTS)
    assert (tmp_path / NAMES_FILE).is_file()
    again = cached_names(tmp_path, "key-1", iter(()))  # no texts at all: only the cache can answer
    assert again == first == read_names(TEXTS)
    assert again.covers(("foo", "3.5")) and "foo" in again.families


def test_a_stale_or_broken_cache_is_read_again(tmp_path: Path) -> None:
    cached_names(tmp_path, "key-1", TEXTS)
    changed = ["Bar 1 and Bar 2 arrived."]
    assert cached_names(tmp_path, "key-2", changed) == read_names(changed)  # another key: the texts decide
    (tmp_path / NAMES_FILE).write_text("{not json", encoding="utf-8")
    assert cached_names(tmp_path, "key-2", changed) == read_names(changed)
