"""Generate large knowledge folders from the real articles, for benchmarks/scale.py.

A generated folder holds the five real articles and fact files unchanged, plus
generated articles written in the same format (``bot/knowledge/corpus.py``): a header of
``key: value`` lines, ``---``, then text with ``#`` headings. Their text
recombines sentences, tables and lists of the real articles, with numbers, model
names and providers substituted, so that vocabulary, passage lengths and the mix
of prose and tables stay realistic. Optionally, each generated article also
carries a few real fact quotes verbatim, and the facts are copied with that
article as their source, so that fact handling grows with the corpus too.

Everything is seeded: the same arguments give the same files.
"""

from __future__ import annotations

import json
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.knowledge.corpus import load_articles, parse_article, split_passages
from bot.models import Article

GENERATED_FACTS = "generated.jsonl"
PASSAGES_PER_ARTICLE = 100  # about 1,000 articles at 100,000 passages, as issue 12 assumes
MODELS = ("Scout", "Maverick", "Behemoth")
PEERS = ("GPT-4o", "GPT-4.1", "Gemini 2.5 Pro", "Gemini 2.0 Flash", "DeepSeek V3", "Claude 3.7 Sonnet",
         "Qwen 2.5 Max", "Mistral Large 2", "Gemma 3 27B", "Command R+")  # fmt: skip
PROVIDERS = ("Groq", "Together AI", "DeepInfra", "OpenRouter", "Azure", "Bedrock", "Fireworks AI", "Cerebras",
             "SambaNova", "Hugging Face", "Cloudflare", "Databricks")  # fmt: skip
PUBLISHERS = ("Open Model Notes", "Inference Weekly", "The Token Ledger", "GPU Digest", "Benchmarks Today",
              "Applied AI Review", "Model Watch", "Sparse Times")  # fmt: skip
_PROTECTED = ("Llama 4", "Llama 3.1 405B", "Llama 3.3 70B", "Llama 3")  # names whose digits are not numbers
_NAMES = sorted({*MODELS, *PEERS, *PROVIDERS, *_PROTECTED}, key=len, reverse=True)
_SUBSTITUTE = re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(n) for n in _NAMES) + r")(?!\w)|\d+(?:\.\d+)?")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
_ITEM = re.compile(r"\s*(?:[-*•|]|\d+\.\s)")


@dataclass(frozen=True)
class Pools:
    """What generated articles are made of, cut from the real ones."""

    sentences: tuple[str, ...]
    blocks: tuple[str, ...]  # tables and lists, kept whole
    headings: tuple[str, ...]
    titles: tuple[str, ...]


@dataclass(frozen=True)
class Generated:
    folder: Path
    articles: int  # generated ones, beside the real ones
    passages: int  # all passages, the real articles' included
    facts: int  # fact lines copied onto generated articles


def pools(articles: list[Article]) -> Pools:
    sentences: list[str] = []
    blocks: list[str] = []
    headings: list[str] = []
    for article in articles:
        block: list[str] = []
        for line in [*article.text.splitlines(), ""]:
            if _ITEM.match(line) and line.strip():
                block.append(line.rstrip())
                continue
            if block:
                blocks.append("\n".join(block))
                block = []
            if line.startswith("#"):
                headings.append(line.lstrip("#").strip())
            elif len(line.strip()) > 40:
                sentences += [s for s in _SENTENCE_END.split(line.strip()) if len(s) > 25]
    titles = tuple(a.display_name for a in articles)
    return Pools(tuple(sentences), tuple(blocks), tuple(h for h in headings if h), titles)


def substitute(text: str, rng: random.Random) -> str:
    """The text with some numbers, model names and providers replaced by others of the same kind."""

    def replace(match: re.Match[str]) -> str:
        found = match.group(0)
        if found in _PROTECTED or rng.random() < 0.5:
            return found
        for names in (MODELS, PEERS, PROVIDERS):
            if found in names:
                return rng.choice(names)
        if found[0].isdigit():
            return _other_number(found, rng)
        return found

    return _SUBSTITUTE.sub(replace, text)


def _other_number(number: str, rng: random.Random) -> str:
    whole, dot, fraction = number.partition(".")
    first = str(rng.randint(1, 9)) if len(whole) > 1 or whole != "0" else "0"
    new = first + "".join(str(rng.randint(0, 9)) for _ in whole[1:])
    return new + (dot + "".join(str(rng.randint(0, 9)) for _ in fraction) if dot else "")


def article_text(pool: Pools, paragraphs: int, quotes: list[str], rng: random.Random) -> str:
    """Sections under ``##`` headings, of paragraphs of 2 to 5 sentences, with a table or list now and then."""
    parts: list[str] = []
    left = paragraphs
    while left > 0:
        parts.append("## " + substitute(rng.choice(pool.headings), rng))
        for _ in range(min(left, rng.randint(3, 7))):
            if pool.blocks and rng.random() < 0.12:
                parts.append(substitute(rng.choice(pool.blocks), rng))
            else:
                parts.append(" ".join(substitute(rng.choice(pool.sentences), rng) for _ in range(rng.randint(2, 5))))
            left -= 1
    for quote in quotes:  # verbatim, on a line of its own, so that a copied fact's quote check holds
        parts.insert(rng.randint(1, len(parts)), quote)
    return "\n\n".join(parts) + "\n"


def article_file(number: int, text: str, rng: random.Random, pool: Pools) -> tuple[str, str]:
    """The article's id and the whole file: header, ``---``, text."""
    article_id = f"gen-{number:05d}"
    title = substitute(rng.choice(pool.titles), rng)
    header = [
        f"id: {article_id}",
        f"title: {title} (part {number})",
        f"label: Generated article {number}, recombined from the real ones",
        f"publisher: {rng.choice(PUBLISHERS)}",
        "origin: benchmarks/scale_corpus.py (generated)",
    ]
    return article_id, "\n".join(header) + "\n---\n" + text


def copy_real(target: Path, source: Path = DEFAULT_KNOWLEDGE_DIR) -> None:
    for part, pattern in (("articles", "*.txt"), ("facts", "*.jsonl")):
        (target / part).mkdir(parents=True, exist_ok=True)
        for path in sorted((source / part).glob(pattern)):
            shutil.copyfile(path, target / part / path.name)


def real_fact_lines(source: Path = DEFAULT_KNOWLEDGE_DIR) -> list[dict[str, object]]:
    lines = []
    for path in sorted((source / "facts").glob("*.jsonl")):
        lines += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines


def generate(
    target: Path, passages: int, facts_per_article: int = 0, seed: int = 12,
    per_article: int = PASSAGES_PER_ARTICLE, source: Path = DEFAULT_KNOWLEDGE_DIR,
) -> Generated:  # fmt: skip
    """A knowledge folder of the real articles plus generated ones, about ``passages`` passages in all."""
    if target.exists():
        shutil.rmtree(target)
    copy_real(target, source)
    real = load_articles(source / "articles")
    pool = pools(real)
    fact_lines = real_fact_lines(source)
    rng = random.Random(seed)
    total = sum(len(split_passages(a)) for a in real)
    generated = copied = 0
    facts_out: list[str] = []
    while total < passages:
        generated += 1
        chosen = rng.sample(fact_lines, min(facts_per_article, len(fact_lines)))
        quotes = list(dict.fromkeys(str(f["quote"]) for f in chosen))
        wanted = min(per_article, passages - total)
        article_id, content = article_file(generated, article_text(pool, wanted, quotes, rng), rng, pool)
        path = target / "articles" / f"{article_id}.txt"
        path.write_text(content, encoding="utf-8")
        total += len(split_passages(parse_article(path)))
        for fact in chosen:
            facts_out.append(json.dumps({**fact, "source": article_id}, ensure_ascii=False) + "\n")
            copied += 1
    if facts_out:
        (target / "facts" / GENERATED_FACTS).write_text("".join(facts_out), encoding="utf-8")
    return Generated(target, generated, total, copied)


def repeat_facts(target: Path, copies: int, source: Path = DEFAULT_KNOWLEDGE_DIR) -> int:
    """The real articles ``copies`` times (new ids), each copy with every real fact pointed at it.

    Returns the number of fact lines. This grows facts without changing what they say, so that the
    time of fact handling can be read against the number of facts alone.
    """
    if target.exists():
        shutil.rmtree(target)
    copy_real(target, source)
    fact_lines = real_fact_lines(source)
    real = {parse_article(path).id: path for path in sorted((source / "articles").glob("*.txt"))}
    lines: list[str] = []
    for copy in range(1, copies):
        for article_id, path in real.items():
            new_id = f"c{copy:03d}-{article_id}"[:64]
            text = path.read_text(encoding="utf-8").replace(f"id: {article_id}\n", f"id: {new_id}\n", 1)
            (target / "articles" / f"{new_id}.txt").write_text(text, encoding="utf-8")
        for fact in fact_lines:
            new_id = f"c{copy:03d}-{fact['source']}"[:64]
            lines.append(json.dumps({**fact, "source": new_id}, ensure_ascii=False) + "\n")
    (target / "facts" / "repeated.jsonl").write_text("".join(lines), encoding="utf-8")
    return len(fact_lines) * copies
