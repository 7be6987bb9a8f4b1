"""Sanitising text for SQLite, delivery keys, and salted user hashes."""

from __future__ import annotations

import pytest

from bot.storage.privacy import UserHasher, clean_text, event_key


def test_clean_text_replaces_what_utf8_cannot_encode() -> None:
    assert clean_text("ok \ud800 and \udfff\x00!") == "ok \ufffd and \ufffd\ufffd!"
    assert clean_text("emoji 🦙 stays") == "emoji 🦙 stays"
    assert clean_text("abcdef", 3) == "abc"
    clean_text("\ud83d" * 10).encode("utf-8")  # encodable afterwards


def test_long_event_keys_are_digested_not_truncated() -> None:
    assert event_key("slack:Ev123") == "slack:Ev123"
    one, two = "x" * 300 + "1", "x" * 300 + "2"
    assert event_key(one) != event_key(two) and len(event_key(one)) < 100


def test_user_hashes_are_salted_stable_and_not_raw() -> None:
    a, b = UserHasher("salt-a"), UserHasher("salt-b")
    assert a("U123") == a("U123") and a("U123") != a("U124")
    assert a("U123") != b("U123")  # another installation's hashes do not match
    assert "U123" not in a("U123")
    assert a("") == ""  # "no user" stays empty so conversations without a user still match
    assert UserHasher("s", store_raw=True)("U123") == "U123"
    hasher = UserHasher("s")
    assert hasher.candidates("U1")[:2] == (hasher.hash("U1"), "U1")
    assert hasher.hash("discord:U1") in hasher.candidates("U1")  # votes stored before ids were unified
    with pytest.raises(ValueError):
        UserHasher("")
