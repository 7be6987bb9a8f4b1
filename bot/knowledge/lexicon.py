"""Names of models and attributes, with their aliases: the engine's vocabulary of structure.

Aliases are token sequences as ``bot.language.text.words`` produces them, so "GPT-4o"
is ("gpt", "4o"). Single-word aliases of five letters or more also match with
one typo ("mavrick", "contxt"); four-letter ones only by a dropped letter ("scot").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from bot.language.text import words


@dataclass(frozen=True)
class Subject:
    name: str
    aliases: tuple[str, ...]
    family: bool = False  # "Llama 4" itself: facts about the whole family
    peer: bool = False  # a model the corpus compares Llama 4 with


SUBJECTS: tuple[Subject, ...] = (
    Subject("Llama 4 Scout", ("scout", "llama 4 scout", "llama4 scout", "17b 16e")),
    Subject("Llama 4 Maverick", ("maverick", "llama 4 maverick", "llama4 maverick", "17b 128e", "mav")),
    Subject("Llama 4 Behemoth", ("behemoth", "llama 4 behemoth", "llama4 behemoth")),
    Subject("Llama 4", ("llama 4", "llama4", "llama 4 family"), family=True),
    Subject("GPT-4o", ("gpt 4o", "gpt4o", "4o"), peer=True),
    Subject("GPT-4.1", ("gpt 4.1", "gpt4.1"), peer=True),
    Subject("Gemini 2.5 Pro", ("gemini 2.5 pro", "gemini 2.5", "gemini"), peer=True),
    Subject("DeepSeek V3", ("deepseek v3", "deepseek", "dsv3"), peer=True),
    Subject("Claude 3.7 Sonnet", ("claude 3.7 sonnet", "claude 3.7", "claude sonnet", "claude", "sonnet"), peer=True),
)
SUBJECT_BY_NAME = {s.name: s for s in SUBJECTS}
LLAMA4 = "Llama 4"
FAMILY_MODELS = tuple(s.name for s in SUBJECTS if s.name.startswith(f"{LLAMA4} "))  # the family's own models


@dataclass(frozen=True)
class Attribute:
    key: str
    label: str
    kind: str = "text"  # count, tokens, hours, gb, usd, score, text
    multi: bool = False  # several different values are several facts, not a disagreement
    better: str | None = None  # which end a user is better off with: "max" (a longer context), "min" (a price)

    @property
    def preferred(self) -> str | None:
        """Which figure is better for a user: the attribute's own, else the higher score; None for a size."""
        return self.better or ("max" if self.kind == "score" else None)


ATTRIBUTES: tuple[Attribute, ...] = (
    Attribute("active_parameters", "Active parameters", "count"),
    Attribute("total_parameters", "Total parameters", "count"),
    Attribute("experts", "Experts", "count"),
    Attribute("context_window", "Context window", "tokens", better="max"),
    Attribute("training_tokens", "Training tokens", "tokens"),
    Attribute("gpu_hours", "Training compute (H100 GPU-hours)", "hours"),
    Attribute("deployment", "Deployment hardware", multi=True),
    Attribute("single_h100", "Fits on one H100"),
    Attribute("memory_footprint", "Memory footprint", "gb", better="min"),
    Attribute("output_speed", "Output speed", "speed", better="max"),
    Attribute("price_input", "Input price ($/1M tokens)", "usd", better="min"),
    Attribute("price_output", "Output price ($/1M tokens)", "usd", better="min"),
    Attribute("mmlu", "MMLU", "score"),
    Attribute("mmlu_pro", "MMLU Pro", "score"),
    Attribute("gpqa_diamond", "GPQA Diamond", "score"),
    Attribute("math", "MATH", "score"),
    Attribute("livecodebench", "LiveCodeBench", "score"),
    Attribute("humaneval", "HumanEval", "score"),
    Attribute("mmmu", "MMMU", "score"),
    Attribute("mmmu_pro", "MMMU Pro", "score"),
    Attribute("chartqa", "ChartQA", "score"),
    Attribute("docvqa", "DocVQA", "score"),
    Attribute("mathvista", "MathVista", "score"),
    Attribute("mgsm", "MGSM (multilingual math)", "score"),
    Attribute("lmarena_elo", "LMArena ELO", "score"),
    Attribute("intelligence_index", "Artificial Analysis Intelligence Index", "score"),
    Attribute("release_date", "Release date"),
    Attribute("license", "License terms", multi=True),
    Attribute("status", "Status", multi=True),
    Attribute("role", "Role", multi=True),
    Attribute("languages", "Languages", multi=True),
    Attribute("modalities", "Modalities", multi=True),
)
ATTRIBUTE_BY_KEY = {a.key: a for a in ATTRIBUTES}
BENCHMARKS = tuple(a.key for a in ATTRIBUTES if a.kind == "score")


def attribute(key: str, kind: str = "text") -> Attribute:
    """The attribute a fact's key names: the lexicon's own, or one an article named (``knowledge_cutoff``),
    labelled from its key, with the kind its values show (``bot.knowledge.attributes.kind_of_unit``)."""
    known = ATTRIBUTE_BY_KEY.get(key)
    if known is not None:
        return known
    return Attribute(key, key.replace("_", " ").capitalize(), kind)


def is_known_attribute(key: str) -> bool:
    return key in ATTRIBUTE_BY_KEY


@dataclass(frozen=True)
class Trigger:
    """Words in a question that point at one or more attributes. Weak triggers yield to any other."""

    phrase: str
    attributes: tuple[str, ...]
    weak: bool = False


def _t(phrases: str, *attributes: str, weak: bool = False) -> list[Trigger]:
    return [Trigger(p.strip(), attributes, weak) for p in phrases.split(",")]


TRIGGERS: tuple[Trigger, ...] = tuple(
    _t("active parameters, active params, active parameter, active", "active_parameters")
    + _t("total parameters, total params, total parameter, total size", "total_parameters")
    + _t("and total, or total, total and, total or", "total_parameters")  # "active params and total"
    + _t(
        "parameters, params, parameter, parameter count, size, how big, big, bigger, biggest, larger, largest, "
        "smaller, smallest",
        "total_parameters",
        "active_parameters",
    )
    + _t("experts, expert, expert configuration", "experts")
    + _t(
        "context window, context length, context size, context, long context, max context, prompt length, window, "
        "ctx, ctx window, ctx length, ctx len, "
        "input length, max input, how many tokens can, handle",
        "context_window",
    )
    + _t("prompt, prompts", "context_window", weak=True)  # "how long of a prompt can Scout take": its window
    + _t(
        "tokens trained, trained on, training tokens, training data, pre trained, pretraining, pretrained, pretrain",
        "training_tokens",
    )
    + _t("trained, training, training run, training runs", "training_tokens", "gpu_hours", weak=True)  # no deployment
    + _t("gpu hours, gpu hour, h100 hours, h100 gpu hours, gpu hrs, h100 hrs, gpu time, h100 time", "gpu_hours")
    + _t("compute", "gpu_hours")
    + _t("hardware, deployment, self host, gpus, consumer", "deployment", "memory_footprint")
    + _t("run, deploy, host", "deployment", "memory_footprint", weak=True)  # "run its own API" is no hardware
    + _t("h100, single gpu, one gpu, fit, fits", "single_h100", "deployment")
    + _t("memory, vram, ram, footprint, gb, int4, quantized, quantization", "memory_footprint")
    + _t(
        "speed, fast, faster, fastest, slow, slower, slowest, quicker, quickest, tokens per second, "
        "tokens second, throughput, output speed, tps, tok s, tokens per sec, tokens sec, tok sec, tokens a second",
        "output_speed",
    )
    + _t(
        "price, prices, pricing, cost, costs, cheap, cheaper, cheapest, expensive, pricier, priciest, per 1m, "
        "per million, per mil, "
        "charge, charges",
        "price_input",
        "price_output",
    )
    + _t("how much", "price_input", "price_output", weak=True)
    + _t("input and output price, input and output, input output, in and out", "price_input", "price_output")
    + _t("input price, input cost, input 1m, per input token, per 1m input", "price_input")
    + _t("output price, output cost, output 1m, per output token, per 1m output", "price_output")
    + _t("coding, code, programming", "livecodebench", "humaneval")
    + _t("reasoning", "gpqa_diamond", "mmlu_pro", "math")
    + _t("mmlu", "mmlu")
    + _t("mmlu pro, mmlupro", "mmlu_pro")
    + _t("gpqa, gpqa diamond", "gpqa_diamond")
    + _t("math, math benchmark", "math")
    + _t("livecodebench, live code bench, live codebench", "livecodebench")
    + _t("humaneval, human eval", "humaneval")
    + _t("mmmu", "mmmu")
    + _t("mmmu pro", "mmmu_pro")
    + _t("chartqa, chart qa", "chartqa")
    + _t("docvqa, doc vqa", "docvqa")
    + _t("mathvista, math vista", "mathvista")
    + _t("mgsm, multilingual math", "mgsm")
    + _t("lmarena, lm arena, arena, chatbot arena, elo", "lmarena_elo")
    + _t("intelligence index, artificial analysis index", "intelligence_index")
    + _t("benchmarks, benchmark, scores, score, scored", *BENCHMARKS, weak=True)
    + _t(
        "release date, released, release, came out, come out, comes out, coming out, drop date, eta",
        "release_date",
    )
    + _t("launch date, ship date, what date, which date, release window, launch window", "release_date")
    + _t(  # how people say a model was released
        "put out, puts out, unveil, unveiled, unveils, become available, became available",
        "release_date",
    )
    + _t("when, drop, dropped, date, launch, launched", "release_date", weak=True)  # "... at launch" is a time
    + _t("license, licence, licensing, licensed, commercial use, mau, restrictions, license terms", "license")
    + _t("languages, multilingual, language, speak, speaks, spoken", "languages")
    + _t("status, available, availability", "status", weak=True)
    + _t("used for, role, purpose, teacher", "role")
    + _t("audio, modalities, multimodal, images, image, vision, video", "modalities")
    + _t("img gen, image gen", "modalities")  # "does llama 4 do img gen" (not "image generation features")
)

# Question words that ask for an explanation: answered from passages, not a fact sheet.
EXPLAIN_WORDS = frozenset({"why", "explain", "controversy", "controversial", "how come", "mean", "means"})
COMPARE_WORDS = frozenset(
    {"compare", "comparison", "versus", "vs", "difference", "differences", "diff", "better", "beat", "which", "cheaper",
     "faster", "bigger", "larger", "smaller", "slower", "pricier", "compared", "comparing", "against"}
)  # fmt: skip
# Words that say nothing about what is asked beyond the model and attribute already found.
FILLER_WORDS = frozenset(
    "many much get got take took takes use used uses need needs have has give show know number value values support "
    "supports "
    "big large long new score scores scored current currently exactly approximately roughly total".split()
)

# Qualifiers named in questions: providers and precisions.
QUALIFIERS: dict[str, tuple[str, ...]] = {
    "OpenRouter": ("openrouter",),
    "DeepInfra": ("deepinfra", "deep infra"),
    "Amazon Bedrock": ("bedrock", "amazon bedrock", "aws bedrock"),
    "Groq": ("groq",),
    "Together AI": ("together", "together ai"),
    "INT4": ("int4", "4 bit", "4bit"),
    "FP8": ("fp8",),
}


# Query-side synonyms for retrieval: a query word also searches for these words.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "moe": ("mixture", "experts"),
    "mixture": ("moe",),
    "params": ("parameters",),
    "parameter": ("parameters",),
    "cost": ("price", "pricing", "free"),
    "costs": ("price", "pricing", "free"),
    # Paying or not: "do I have to pay for the weights" is answered by "the weights are free", "no fees"
    "pay": ("free", "fees", "price"),
    "price": ("pricing", "cost"),
    "pricing": ("price", "cost"),
    "cheap": ("price", "pricing", "cost"),
    "length": ("window",),
    "licence": ("license",),
    "licensing": ("license",),
    "fast": ("speed", "second"),
    "speed": ("second",),
    "vram": ("memory", "gb"),
    "elo": ("lmarena", "arena"),
    "lmarena": ("arena", "elo"),
    # How the articles say one model does better than another, and that a model came out.
    "beat": ("outperform", "exceed", "surpass"),
    "outperform": ("beat", "exceed", "surpass"),
    "exceed": ("beat", "outperform", "surpass"),
    "surpass": ("beat", "outperform", "exceed"),
    "drop": ("release", "launch"),
    "launch": ("release",),
    "release": ("launch",),
    # Who is behind a piece: articles say "published in", "written by", "review by".
    "write": ("published", "author"),
    "author": ("written", "published"),
    # A fuss over something: what the articles call a controversy ("the lmarena scandal").
    "scandal": ("controversy",),
    # Owning up or not: "did Meta admit ..." is answered by an acknowledgment or a denial.
    "admit": ("acknowledgment", "acknowledged", "denied"),
    "deny": ("denied",),  # the stemmer keeps "deny" and "denied" apart
    "respond": ("denied", "acknowledgment"),
    # Home hardware: "a gaming PC", "my homelab" is what the articles call consumer or home hardware.
    "pc": ("consumer", "desktop", "home"),
    "homelab": ("home", "consumer"),
    "rig": ("rigs", "home"),  # "my rig": the articles' "serious home rigs" (a four-letter plural keeps its s)
    # License terms in the user's words: crediting Meta is "attribution"; a fine-tune is a "derivative",
    # and renaming it is about its "name".
    "credit": ("attribution",),
    "finetune": ("derivatives", "fine"),
    "rename": ("name",),
    # A ceiling on something: "the MAU limit" is the articles' "MAU threshold" or "restriction".
    "limit": ("threshold", "restriction"),
    "cap": ("threshold", "restriction"),
    # A row over something: "the LMArena drama", "accusations" are what the articles call the controversy.
    "drama": ("controversy",),
    # How a launch was received: the articles speak of its controversy, criticism and the response to it.
    "reaction": ("controversy", "criticism", "response"),
    "reception": ("controversy", "criticism", "response"),
    "accusation": ("controversy", "critics", "denied"),
    "accuse": ("controversy", "critics", "denied"),
    # What a model is bad at: the articles speak of its "limitations" and where it "trails" or "lags".
    "weak": ("limitations", "trails", "lags"),
    "weakness": ("limitations", "trails", "lags"),
    "drawback": ("limitations",),
    "downside": ("limitations",),
    "shortcoming": ("limitations",),
    # Reading documents: charts are what ChartQA tests, invoices, scans and PDFs the documents DocVQA tests.
    "chart": ("chartqa", "charts"),
    "invoice": ("documents", "docvqa"),
    "ocr": ("documents", "docvqa"),
    "pdf": ("documents", "docvqa"),
    "pdfs": ("documents", "docvqa"),
    "scanned": ("documents", "docvqa"),
    # Weighing it up: "pros and cons" are where the articles say it is strong and where it falls short.
    "pros": ("strong", "strengths", "advantage", "benefits"),
    "upside": ("strong", "strengths", "advantage", "benefits"),
    "cons": ("limitations", "short", "trails", "lags"),
    # Losing to another model is trailing or lagging it; a stricter license is a more restrictive one.
    "lose": ("trails", "lags", "behind"),
    "strict": ("restrictive", "tighter", "restrictions"),
    "stricter": ("restrictive", "tighter", "restrictions"),
    # Let down by it: what disappointed people is what critics argued and where the model lags.
    "disappointing": ("limitations", "critics", "lags", "trails"),
    "underwhelming": ("limitations", "critics", "lags", "trails"),
    "letdown": ("limitations", "critics", "lags", "trails"),
    # Anger at a launch: "why is everyone mad at meta" is answered by the controversy and what critics said.
    "mad": ("controversy", "critics"),
    "angry": ("controversy", "critics"),
    "upset": ("controversy", "critics"),
    "backlash": ("controversy", "critics"),
    "outrage": ("controversy", "critics"),
    # Coming on board: "when did LeCun join Meta" is when FAIR "brought on" him (keyed by stem: "joined", "hired")
    "join": ("brought",),
    "hire": ("brought",),
    # What was handed in: "what model did meta send to lmarena" is the one it submitted.
    "send": ("submitted",),
    "sent": ("submitted",),
    # Criticism: "why did people criticize" is answered by what critics argued.
    "criticize": ("critics", "criticism"),
    "criticise": ("critics", "criticism"),
    # Foul play on a benchmark: the articles speak of gaming, misleading claims, boosted scores.
    "cheat": ("gaming", "misleading", "boosted"),
    "manipulate": ("gaming", "misleading", "boosted"),
    "inflate": ("boosted", "misleading"),
    "game": ("misleading", "boosted"),
    "fudge": ("gaming", "boosted"),
    # How a company presents a product: "pitching it as" is "positioning it as", "marketing it as".
    "pitch": ("positioning", "marketing"),
    # People counted: "how many people use it" is answered by a count of users.
    "people": ("users",),
    "ppl": ("people",),
    # Shorthand people type: an aid for recall, the typed word still counts first.
    "ctx": ("context",),
    "tok": ("tokens",),
    "vid": ("video",),
    "vids": ("video",),
    "toks": ("tokens",),
    "tps": ("tokens", "second"),
    "hw": ("hardware",),
    "perf": ("performance",),
    "arch": ("architecture",),
    "mav": ("maverick",),
    "selfhost": ("self", "host"),
    "act": ("behaved", "behavior"),  # "did it act differently": "behaved differently"
    "biggest": ("largest",),
    "bigger": ("larger",),
    "prem": ("premises", "local", "host"),  # "on-prem", "on-premises": run locally, self-hosted
    "premises": ("local", "host"),
    # What a company gets out of it: the articles speak of what it "benefits" from.
    "gain": ("benefit", "benefits"),
    "profit": ("benefit", "benefits"),
    # Giving a model away is releasing it free, as open weights.
    "away": ("free", "open"),
    # Where a user works: the articles name industries ("healthcare, finance, legal") and "regulated" ones.
    "hospital": ("healthcare", "regulated"),
    "medical": ("healthcare", "regulated"),
    "bank": ("finance", "regulated"),
    "lawyer": ("legal", "regulated"),
    "contract": ("legal",),
    # A photo or a picture is an image: what the articles say a model reads or cannot generate.
    "photo": ("image", "images"),
    "picture": ("image", "images"),
    "pic": ("image", "images"),
    "pics": ("image", "images"),  # a four-letter plural keeps its s
    "img": ("image", "images"),
    "imgs": ("image", "images"),
    # A voice assistant or voice input needs what the articles call audio ("speech" is left out: "part of speech",
    # "free speech", "his speech")
    "voice": ("audio",),
    # The programs people run models with are the "tooling" around them.
    "tool": ("tooling",),
}


def alias_tokens(alias: str) -> tuple[str, ...]:
    return tuple(words(alias))


@cache
def lexicon_words() -> frozenset[str]:
    """Every word of every model alias, attribute trigger and qualifier."""
    phrases = [a for s in SUBJECTS for a in s.aliases] + [t.phrase for t in TRIGGERS]
    phrases += [a for aliases in QUALIFIERS.values() for a in aliases]
    return frozenset(w for p in phrases for w in alias_tokens(p))


def domain_terms() -> frozenset[str]:
    """Single words that typo correction may map an unknown query word onto."""
    terms: set[str] = set()
    for subject in SUBJECTS:
        for alias in subject.aliases:
            terms.update(t for t in alias_tokens(alias) if len(t) >= 4 and t.isalpha())
    for trigger in TRIGGERS:
        terms.update(t for t in alias_tokens(trigger.phrase) if len(t) >= 5 and t.isalpha())
    for aliases in QUALIFIERS.values():
        for alias in aliases:
            terms.update(t for t in alias_tokens(alias) if len(t) >= 5 and t.isalpha())
    return frozenset(terms)
