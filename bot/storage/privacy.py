"""What may reach the database: sanitised text and salted hashes instead of raw user ids."""

from __future__ import annotations

import hashlib
import hmac
import json
import re

from bot.models import Turn

_UNENCODABLE = re.compile("[\ud800-\udfff\x00]")
REPLACEMENT = "\ufffd"


def clean_text(text: str, limit: int | None = None) -> str:
    """Text SQLite can store as UTF-8: lone surrogates and NULs become U+FFFD; optionally cut to ``limit``."""
    if limit is not None and len(text) > limit:
        text = text[:limit]
    return _UNENCODABLE.sub(REPLACEMENT, text)


def event_key(key: str) -> str:
    """A delivery key as stored: short keys as they are, long ones by digest (never truncated)."""
    key = clean_text(key)
    if len(key) <= 200:
        return key
    return "sha256:" + hashlib.sha256(key.encode("utf-8")).hexdigest()


class UserHasher:
    """Turns a platform user id into the value stored for it.

    By default that is a keyed hash (HMAC-SHA256 with the salt, cut to 32 hex digits), so
    the database never holds a raw id and hashes cannot be matched against another
    installation's. With ``store_raw`` the operator has opted in to raw ids.
    """

    def __init__(self, salt: str, *, store_raw: bool = False) -> None:
        if not salt:
            raise ValueError("a salt is required")
        self._key = salt.encode("utf-8", "surrogatepass")
        self.store_raw = store_raw

    def hash(self, user: str) -> str:
        digest = hmac.new(self._key, user.encode("utf-8", "surrogatepass"), hashlib.sha256)
        return "h:" + digest.hexdigest()[:32]

    def __call__(self, user: str) -> str:
        """The stored form of ``user``; an empty id (not applicable) stays empty."""
        if not user:
            return ""
        return clean_text(user, 200) if self.store_raw else self.hash(user)

    def candidates(self, user: str) -> tuple[str, ...]:
        """Every stored form the id may have, whichever mode wrote it (used by ``purge --user``).

        Discord votes were stored under ``discord:<id>`` before they used the plain id like
        everything else; those forms are included so that a purge finds old votes too.
        """
        forms = (user, f"discord:{user}")
        return tuple(f for form in forms for f in (self.hash(form), clean_text(form, 200)))


def turn_json(turn: Turn) -> str:
    """A conversation turn as stored.

    Dumped by json (which passes lone surrogates through) and then cleaned, because
    pydantic refuses to serialise text that UTF-8 cannot encode.
    """
    return clean_text(json.dumps(turn.model_dump(), ensure_ascii=False))
