from __future__ import annotations

from pathlib import Path

from bot.answering.engine import Engine
from bot.config import Settings, read_dotenv
from bot.language.text import edit_distance, normalise_query, respell_question_words, tokens, with_dropped_g


def test_normalise_query_removes_invisible_and_control_characters() -> None:
    assert normalise_query("Sc\u200bout\u200d \u202ecarticle\u202c\x00\x07") == "Scout carticle"
    assert normalise_query("\ud800bad") == "bad"
    assert normalise_query("Ｆｕｌｌ　ｗｉｄｔｈ") == "Full width"
    assert normalise_query("a" * 5000) == "a" * 2000
    assert normalise_query(" \n\t ") == ""


def test_tokens_keep_single_characters_numbers_and_meaningful_words() -> None:
    assert tokens("How much does Llama 4 cost per 1M tokens at $0.20?") == [
        "much",
        "4",
        "cost",
        "per",
        "1m",
        "token",
        "0.20",
    ]
    assert "int4" in tokens("INT4 quantization")
    assert tokens("GPT-4o") == ["gpt", "4o"]


def test_stemming_joins_inflections_only() -> None:
    from bot.language.text import stem

    assert {stem(w) for w in ("trained", "training", "train")} == {"train"}
    assert {stem(w) for w in ("price", "prices", "pricing")} == {"pric"}
    assert stem("submitted") == stem("submit")
    assert stem("router") != stem("routed")
    assert [stem(w) for w in ("status", "business", "int4", "gpus")] == ["status", "business", "int4", "gpus"]


def test_edit_distance_counts_swaps_once() -> None:
    assert edit_distance("contxt", "context") == 1
    assert edit_distance("mavreick", "maverick") == 1
    assert edit_distance("scout", "score", limit=1) == 2


def test_settings_hide_secrets_and_read_dotenv(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text('# comment\nexport DISCORD_TOKEN="abc.def"\nSLACK_BOT_TOKEN=xoxb-1\nBROKEN LINE\n', "utf-8")
    assert read_dotenv(dotenv) == {"DISCORD_TOKEN": "abc.def", "SLACK_BOT_TOKEN": "xoxb-1"}
    settings = Settings.from_env({"DISCORD_GUILD_ID": "42"}, dotenv)
    assert settings.discord_token == "abc.def"
    assert settings.discord_guild_id == 42
    assert "abc.def" not in repr(settings) and "xoxb-1" not in repr(settings)
    assert sorted(settings.secrets()) == ["abc.def", "xoxb-1"]


def test_environment_overrides_dotenv(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text("DISCORD_TOKEN=from-file\n", "utf-8")
    assert Settings.from_env({"DISCORD_TOKEN": "from-env"}, dotenv).discord_token == "from-env"


def test_sentences_do_not_end_at_abbreviations() -> None:
    from bot.language.text import sentences

    assert sentences("Maverick 18 (vs. 35) is real. Next one.") == ["Maverick 18 (vs. 35) is real.", "Next one."]


def test_invisible_padding_does_not_hide_a_question() -> None:
    assert normalise_query("\u200b" * 9000 + "what is scout") == "what is scout"


def test_a_sentence_ending_inside_a_closing_quote_is_a_sentence() -> None:
    from bot.language.text import sentences

    text = "Meta said Maverick achieves “comparable results on coding.” Call it a wash. It beat GPT-4.5 (barely.) Fine."
    assert sentences(text) == [
        "Meta said Maverick achieves “comparable results on coding.”",
        "Call it a wash.",
        "It beat GPT-4.5 (barely.)",
        "Fine.",
    ]


def test_a_three_letter_stem_that_lost_its_e_gets_it_back() -> None:
    from bot.language.text import stem

    assert {stem(w) for w in ("rating", "rated", "rates", "rate")} == {"rate"}  # not "rat", not "rates"
    assert {stem(w) for w in ("coming", "comes")} == {"come"}  # not "com", as in "llama.com"
    assert stem("hopping") == "hop" and stem("boxes") == "box"


def test_an_irregular_past_form_stems_with_its_verb() -> None:
    from bot.language.text import stem

    assert {stem(w) for w in ("wrote", "written", "writes", "writing")} == {stem("write")}
    assert stem("built") == stem("builds") and stem("taken") == stem("takes")
    assert stem("founded") != stem("find")  # "found" is left alone: it is also a verb of its own


def test_an_adverb_meets_its_adjective_but_a_hedge_or_a_noun_in_ly_does_not() -> None:
    from bot.language.text import stem

    assert stem("differently") == stem("different") and stem("publicly") == stem("public")
    assert stem("commercially") == stem("commercial") and stem("reportedly") == stem("report")
    assert stem("actually") != stem("actual") and stem("really") != stem("real")  # chat hedges, not "real"
    assert stem("family") == "family" and stem("supply") == "supply" and stem("only") == "only"


def test_every_form_of_a_word_ending_in_eed_meets() -> None:
    from bot.language.text import stem, tokens

    assert len({stem(w) for w in ("exceed", "exceeds", "exceeded", "exceeding")}) == 1
    assert stem("agreed") == stem("agree") == stem("agrees")
    assert stem("speed") == stem("speeds")
    assert tokens("theme metas") == [stem("theme")]  # "theme" is a word of its own; "metas" is "meta"


def test_chat_spellings_of_question_words_are_read_as_the_word_meant() -> None:
    assert respell_question_words("wen behemoth weights") == "when behemoth weights"
    assert respell_question_words("Wut is iRoPE, wen did it ship") == "what is iRoPE, when did it ship"
    assert respell_question_words("Wendy asked what's new") == "Wendy asked what's new"  # whole words only
    # two neighbouring letters swapped, when that is no English word
    assert respell_question_words("hwo mnay experts, waht context") == "how many experts, what context"
    assert respell_question_words("whose turn") == "whose turn"  # a word of its own: left alone
    assert respell_question_words("how many x cheaper is it") == "how many times cheaper is it"
    assert respell_question_words("how many x-rays") == "how many x-rays"


def test_a_dropped_final_g_is_put_back_only_where_that_makes_the_word() -> None:
    assert with_dropped_g("when's behemoth droppin, is it comin' soon") == "when's behemoth dropping, is it coming soon"
    assert with_dropped_g("Goin to try Scout") == "Going to try Scout"
    assert with_dropped_g("my cousin reads latin; the plugin and admin login") == (
        "my cousin reads latin; the plugin and admin login"
    )  # words of their own, or no word with a "g"
    assert with_dropped_g("Kaplin and Jin") == "Kaplin and Jin"


def test_a_question_with_a_dropped_g_asks_the_word_meant(engine: Engine) -> None:
    answer = engine.answer("is behemoth droppin anytime soon lol")
    assert not answer.abstained and "Behemoth" in answer.text


def test_a_question_word_with_two_letters_swapped_still_asks_its_question(engine: Engine) -> None:
    answer = engine.answer("hwo mnay gpus does the dgx host for maverick need")  # not "hwo mnay gpus", unstated
    assert not answer.abstained
    assert "8 × H100 GPUs" in answer.text


def test_a_question_word_typed_as_in_chat_shapes_the_answer(engine: Engine) -> None:
    answer = engine.answer("wen behemoth weights")  # not "wen behemoth", a model the articles never name
    assert not answer.abstained and "training" in answer.text


def test_a_shorthand_the_lexicon_reads_as_a_word_is_not_respelled() -> None:
    assert respell_question_words("can my hw handle maverick") == "can my hw handle maverick"  # hardware


def test_how_many_x_asks_a_ratio(engine: Engine) -> None:
    answer = engine.answer("how many x pricier is gpt-4o than maverick")
    assert "15× more expensive" in answer.citations[0].quote
