"""Reading a source: a local ``.html``/``.htm``, ``.md`` or ``.txt`` file, or an ``http(s)`` URL.

A URL is fetched with a time limit for the whole download and a size cap; a file
is read with the same cap. Binary content, undecodable text and unsupported kinds
are refused here with one line that says why, before anything is written.
"""

from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

from bot.ingest.draft import Draft, IngestError

SourceKind = Literal["html", "markdown", "text"]
SUFFIXES: dict[str, SourceKind] = {
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
}
MAX_BYTES = 5_000_000
TIMEOUT_S = 20.0
MIN_TEXT_CHARS = 200
"""Less clean text than this after conversion means the source has no article text."""
USER_AGENT = "llama4-bot/0.1 (adds articles to its knowledge base)"
_CHUNK = 65536


@dataclass(frozen=True)
class Source:
    kind: SourceKind
    data: bytes
    origin: str  # the URL as fetched, or the file path as given
    url: str | None = None


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def read_source(source: str, *, timeout_s: float = TIMEOUT_S, max_bytes: int = MAX_BYTES) -> Source:
    return fetch_url(source, timeout_s, max_bytes) if is_url(source) else read_file(Path(source), max_bytes)


def read_file(path: Path, max_bytes: int = MAX_BYTES) -> Source:
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        supported = ", ".join(SUFFIXES)
        raise IngestError(f"{path}: unsupported file type {path.suffix or '(none)'!r}; use one of {supported}")
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise IngestError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise IngestError(f"{path}: is a folder, not a file") from None
    except OSError as exc:
        raise IngestError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    if len(data) > max_bytes:
        raise IngestError(f"{path}: larger than the {max_bytes:,}-byte limit")
    return Source(kind, data, str(path))


def _kind_of(content_type: str, path: str) -> SourceKind | None:
    mime = content_type.split(";")[0].strip().lower()
    if mime in {"text/html", "application/xhtml+xml"}:
        return "html"
    if mime in {"text/markdown", "text/x-markdown"}:
        return "markdown"
    if mime == "text/plain" or not mime:
        return SUFFIXES.get(Path(path).suffix.lower(), "text")
    return None


def fetch_url(url: str, timeout_s: float = TIMEOUT_S, max_bytes: int = MAX_BYTES) -> Source:
    parts = urlsplit(url)
    if not parts.hostname:
        raise IngestError(f"{url}: not a valid URL")
    clean = urlunsplit(parts._replace(fragment=""))
    request = urllib.request.Request(
        clean, headers={"User-Agent": USER_AGENT, "Accept": "text/html,text/markdown,text/plain;q=0.9"}
    )
    deadline = time.monotonic() + timeout_s
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:
            kind = _kind_of(response.headers.get("Content-Type", ""), urlsplit(response.geturl()).path)
            if kind is None:
                raise IngestError(f"{url}: not a web page or text (content type {response.headers.get_content_type()})")
            chunks: list[bytes] = []
            size = 0
            while chunk := response.read(_CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise IngestError(f"{url}: larger than the {max_bytes:,}-byte limit")
                if time.monotonic() > deadline:
                    raise IngestError(f"{url}: the download took longer than {timeout_s:g} s")
                chunks.append(chunk)
    except urllib.error.HTTPError as exc:
        raise IngestError(f"{url}: the server answered HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise IngestError(f"{url}: cannot reach it ({exc.reason})") from None
    except TimeoutError:
        raise IngestError(f"{url}: no answer within {timeout_s:g} s") from None
    except (http.client.HTTPException, OSError) as exc:
        raise IngestError(f"{url}: the download failed ({exc.__class__.__name__}: {exc})") from None
    return Source(kind, b"".join(chunks), clean, clean)


def _decode(source: Source) -> str:
    data = source.data
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:8192]:
        raise IngestError(f"{source.origin}: a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(
            f"{source.origin}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "save it as UTF-8 and add it again"
        ) from None


def to_draft(source: Source) -> Draft:
    """The source's clean text and stated metadata; IngestError when there is no usable article text."""
    if source.kind == "html":
        if b"\x00" in source.data[:8192] and not source.data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise IngestError(f"{source.origin}: a binary file, not HTML")
        from bot.ingest.web_page import html_draft

        try:
            draft = html_draft(source.data, source.url)
        except IngestError as exc:
            raise IngestError(f"{source.origin}: {exc}") from None
        except Exception as exc:  # a third-party parser on untrusted input: any failure is a bad page, not a crash
            raise IngestError(f"{source.origin}: the page could not be parsed ({exc.__class__.__name__})") from None
    else:
        from bot.ingest.documents import markdown_draft, text_draft

        text = _decode(source)
        draft = markdown_draft(text) if source.kind == "markdown" else text_draft(text)
    letters = sum(ch.isalnum() for ch in draft.text)
    if letters < MIN_TEXT_CHARS:
        raise IngestError(f"{source.origin}: no article text found (only {letters} letters and digits after clean-up)")
    return draft
