"""The log redaction: message, arguments, exception text and stack, for configured and recognisable secrets."""

from __future__ import annotations

import logging

import pytest

from bot import logsafety


@pytest.fixture
def redacted_logs(caplog: pytest.LogCaptureFixture):
    uninstall = logsafety.install(["signing-secret-value", "salt-value-123"])
    caplog.set_level(logging.DEBUG)
    yield caplog
    uninstall()


def test_a_configured_secret_is_redacted_in_message_and_arguments(redacted_logs) -> None:
    logging.getLogger("any.library").info("secret %s", "signing-secret-value")
    logging.getLogger("other").warning("salt-value-123 in the message itself")
    assert "signing-secret-value" not in redacted_logs.text and "salt-value-123" not in redacted_logs.text
    assert redacted_logs.text.count("[redacted]") == 2


def test_an_exception_that_echoes_a_token_is_redacted_in_the_traceback(redacted_logs) -> None:
    try:
        raise ValueError("server said: {'error': 'invalid_auth', 'echo': 'Bearer xoxb-1234-abcdEFGH'}")
    except ValueError:
        logging.getLogger("slack_sdk").exception("the call failed")
    text = redacted_logs.text
    assert "Traceback" in text and "ValueError" in text  # the traceback is kept...
    assert "xoxb-1234-abcdEFGH" not in text  # ...without the credential


@pytest.mark.parametrize(
    ("line", "secret"),
    [
        (
            "POST https://discord.com/api/v10/interactions/123/aW50ZXJhY3Rpb246dG9rZW4/callback",
            "aW50ZXJhY3Rpb246dG9rZW4",
        ),
        (
            "PATCH https://discord.com/api/v10/webhooks/42/aW50ZXJhY3Rpb24tdG9r/messages/@original",
            "aW50ZXJhY3Rpb24tdG9r",
        ),
        ("WebSocket Event: {'t': 'INTERACTION_CREATE', 'd': {'token': 'abc.def-ghi'}}", "abc.def-ghi"),
        ('{"token": "abc.def-ghi"}', "abc.def-ghi"),
        ("Authorization: Bot MTAwMDAw.abcdef.ghijklmnop", "MTAwMDAw.abcdef.ghijklmnop"),
        ("app token xapp-1-A0-123-abc in use", "xapp-1-A0-123-abc"),
    ],
)
def test_recognisable_tokens_are_redacted_even_when_not_configured(redacted_logs, line: str, secret: str) -> None:
    logging.getLogger("discord.http").debug(line)
    assert secret not in redacted_logs.text


def test_a_stack_and_a_record_with_mismatched_arguments_are_handled(redacted_logs) -> None:
    logging.getLogger("x").info("two %s %s", "signing-secret-value")  # one argument short
    logging.getLogger("x").info("here", stack_info=True)
    assert "signing-secret-value" not in redacted_logs.text
    assert "Stack (most recent call last)" in redacted_logs.text


def test_short_values_are_not_treated_as_secrets() -> None:
    assert logsafety.Redactor(["ab"]).redact("about") == "about"
