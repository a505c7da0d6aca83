"""Naming styles: what a name is written in, and the same name in another style."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from steering_index.conventions.naming import (
    CAMEL,
    DUNDER,
    EMPTY,
    KEBAB,
    LOWER,
    MIXED,
    MIXED_CAPS,
    PASCAL,
    SNAKE,
    UPPER_SNAKE,
    UPPER_WORD,
    conforms,
    naming_style,
    split_words,
    to_style,
)


@pytest.mark.parametrize(
    ("name", "style"),
    [
        ("compute_discount", SNAKE),
        ("computeDiscount", CAMEL),
        ("ComputeDiscount", PASCAL),
        ("MAX_RETRIES", UPPER_SNAKE),
        ("format-price", KEBAB),
        ("_helper_fn", SNAKE),  # Python private: the underscore is not style
        ("__cache", LOWER),
        ("class_", LOWER),
        ("__init__", DUNDER),
        ("run", LOWER),
        ("URL", UPPER_WORD),
        ("HTTPClient", PASCAL),
        ("parseURL", CAMEL),
        ("utf8_decode", SNAKE),
        ("base64Encode", CAMEL),
        ("visit_FunctionDef", MIXED),
        ("Foo_Bar", MIXED),
        ("$", EMPTY),  # jQuery's: no letters, no style (it voted `mixed` and was flagged)
        ("_", EMPTY),
        ("_1X1_PNG", UPPER_SNAKE),  # leading digits are not style: `2fa_setup` is snake_case
        ("100_tool_listing", SNAKE),
        ("3dModel", CAMEL),
        ("1_", EMPTY),
        # A standard's own spelling: capitals and digits, a version or a variant letter.
        ("RFC5424e", UPPER_WORD),
        ("TLSv1", UPPER_WORD),
        ("X509v3", UPPER_WORD),
        ("Vector3d", PASCAL),  # a word in lower case after the capital: PascalCase
        ("CSSv2Parser", PASCAL),
        ("MSGPACK_PP_ENABLE_NS_v1", UPPER_SNAKE),  # the namespace `v1` it enables
        # libuv's private namespace `uv__`: a doubled underscore in a name of one case.
        ("uv__io_t", SNAKE),
        ("UV__EOF", UPPER_SNAKE),
        ("uv__IoT", MIXED),
        # A number ending the name right after another: the underscore no style can spare.
        ("Net10_0", PASCAL),  # BenchmarkDotNet's runtimes for .NET 10.0 and later
        ("R2R10_0", UPPER_WORD),
        ("unzOpen2_64", CAMEL),
        ("salsa20_8", LOWER),
        ("ipv4_10_0_0_1", LOWER),
        ("PRIME32_1", UPPER_WORD),
        ("VERSION_1_0", UPPER_SNAKE),
        ("salsa20_8_typed", SNAKE),  # a word after the numbers: a word break
        ("LZ4_64Klimit", UPPER_SNAKE),  # numbers then letters: a word of its own
        ("Net10_0Preview", MIXED),
    ],
)
def test_naming_style(name: str, style: str) -> None:
    assert naming_style(name) == style


def test_single_words_fit_several_conventions_but_mixed_names_fit_none() -> None:
    assert conforms(LOWER, SNAKE) and conforms(LOWER, CAMEL)
    assert conforms(UPPER_WORD, UPPER_SNAKE) and conforms(UPPER_WORD, PASCAL)
    assert not conforms(CAMEL, SNAKE)
    assert not conforms(MIXED, SNAKE)
    assert conforms(CAMEL, MIXED_CAPS) and conforms(PASCAL, MIXED_CAPS)
    assert not conforms(SNAKE, MIXED_CAPS)


@pytest.mark.parametrize(
    ("name", "style", "expected"),
    [
        ("computeDiscount", SNAKE, "compute_discount"),
        ("HTTPClient", SNAKE, "http_client"),
        ("parseURL", SNAKE, "parse_url"),
        ("getHTTP2Response", SNAKE, "get_http2_response"),
        ("_loadConfig", SNAKE, "_load_config"),
        ("max_retries", UPPER_SNAKE, "MAX_RETRIES"),
        ("order_total", CAMEL, "orderTotal"),
        ("order_total", PASCAL, "OrderTotal"),
        ("FormatPrice", KEBAB, "format-price"),
        ("parse_sku", CAMEL, "parseSku"),
    ],
)
def test_to_style(name: str, style: str, expected: str) -> None:
    assert to_style(name, style) == expected


def test_split_words_keeps_acronyms_and_digits_together() -> None:
    assert split_words("parseHTTPResponse2") == ["parse", "HTTP", "Response2"]
    assert split_words("v2_api") == ["v2", "api"]
    # After a digit a lone capital stays in its word: h2o's `H2O_URL_SCHEME_HTTP` is not
    # `h2_o_url_scheme_http`; a hump or an acronym after a digit still starts one.
    assert split_words("H2O_URL_SCHEME_HTTP") == ["H2O", "URL", "SCHEME", "HTTP"]
    assert to_style("H2O_URL_SCHEME_HTTP", SNAKE) == "h2o_url_scheme_http"
    assert split_words("aiVector3D") == ["ai", "Vector3D"]
    assert split_words("utf8String") == ["utf8", "String"]
    assert split_words("SHA256HMAC") == ["SHA256", "HMAC"]


WORD = st.from_regex(r"[a-z]{2,6}[0-9]{0,2}", fullmatch=True)
STYLES = [SNAKE, CAMEL, PASCAL, UPPER_SNAKE, KEBAB]


@given(st.lists(WORD, min_size=2, max_size=4), st.sampled_from(STYLES), st.sampled_from(STYLES))
def test_rewriting_keeps_the_words_and_gives_the_style(
    words: list[str], first: str, second: str
) -> None:
    name = to_style("_".join(words), first)
    assert naming_style(name) == first
    rewritten = to_style(name, second)
    assert naming_style(rewritten) == second
    assert [w.lower() for w in split_words(rewritten)] == words
    assert to_style(rewritten, second) == rewritten


@given(st.from_regex(r"_{0,2}[a-z][a-zA-Z0-9]{0,10}_?", fullmatch=True))
def test_snake_case_rewrite_keeps_private_underscores(name: str) -> None:
    rewritten = to_style(name, SNAKE)
    assert rewritten.startswith("_" * (len(name) - len(name.lstrip("_"))))
    assert naming_style(rewritten) in (SNAKE, LOWER, DUNDER)
