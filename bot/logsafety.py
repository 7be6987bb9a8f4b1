"""Secrets never reach a log: one redaction, installed at start-up, for every record of every logger.

The redaction runs when a record is created (through the log record factory), so it
covers every logger and every handler, including libraries' own and handlers added
later. It replaces, in the message, the exception text and the stack:

- every configured secret (bot tokens, app token, signing secret, hash salt);
- anything shaped like a Slack token (``xoxb-``, ``xapp-``, ...), configured or not;
- Discord interaction tokens, which discord.py writes at debug level inside webhook
  and callback URLs and in the raw gateway payloads (``"token": ...``), and the
  credential after ``Bot`` or ``Bearer`` in an echoed Authorization header.

The exception is formatted once, redacted, and kept as the record's ``exc_text``, so
that a traceback whose exception message echoes a credential is cleaned too.
"""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Callable, Iterable
from typing import Any

REDACTED = "[redacted]"
MIN_SECRET_CHARS = 6
"""Configured values shorter than this are not treated as secrets (they would redact ordinary words)."""

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bxox[a-z]-[A-Za-z0-9-]+"), REDACTED),
    (re.compile(r"\bxapp-[A-Za-z0-9-]+"), REDACTED),
    (re.compile(r"(/(?:webhooks|interactions)/\d+/)[A-Za-z0-9_.\-]+"), r"\1" + REDACTED),
    (re.compile(r"""(["']token["']\s*:\s*["'])[^"']+"""), r"\1" + REDACTED),
    (re.compile(r"((?:Bot|Bearer)\s+)[A-Za-z0-9_.\-]{8,}"), r"\1" + REDACTED),
)


class Redactor(logging.Filter):
    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        # Longest first, so that a secret containing another is replaced whole.
        self.secrets = sorted({s for s in secrets if len(s) >= MIN_SECRET_CHARS}, key=len, reverse=True)

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        for pattern, replacement in _PATTERNS:
            text = pattern.sub(replacement, text)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a record whose arguments do not fit its format: keep what can be shown
            message = f"{record.msg!s} {record.args!r}"
        record.msg, record.args = self.redact(message), None
        if record.exc_info and record.exc_info[0] is not None:
            text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
            record.exc_text = self.redact(text)
            record.exc_type = record.exc_info[0]  # what filters may still decide on; the object is dropped
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


class _RedactingFactory:
    def __init__(self, redactor: Redactor, inner: Callable[..., logging.LogRecord]) -> None:
        self.redactor = redactor
        self.inner = inner

    def __call__(self, *args: Any, **kwargs: Any) -> logging.LogRecord:
        record = self.inner(*args, **kwargs)
        self.redactor.filter(record)
        return record


def install(secrets: Iterable[str]) -> Callable[[], None]:
    """Redact every log record created from now on; returns a function that undoes it (for tests).

    Installing again replaces the previous redaction instead of stacking a second one.
    """
    previous = logging.getLogRecordFactory()
    inner = previous.inner if isinstance(previous, _RedactingFactory) else previous
    logging.setLogRecordFactory(_RedactingFactory(Redactor(secrets), inner))

    def uninstall() -> None:
        logging.setLogRecordFactory(previous)

    return uninstall


def exception_type(record: logging.LogRecord) -> type[BaseException] | None:
    """The type of the exception a record carries, before or after redaction."""
    if record.exc_info and record.exc_info[0] is not None:
        return record.exc_info[0]
    found = getattr(record, "exc_type", None)
    return found if isinstance(found, type) and issubclass(found, BaseException) else None
