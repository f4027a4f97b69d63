"""One privacy rule set, two engines: the phone's (capture/static/capture/privacy.js, run here in
node) must find exactly what the server's ``portfolio.privacy.scan_text`` finds."""

import json
import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from capture import rules
from portfolio import privacy

NODE = shutil.which("node")
HARNESS = Path(__file__).with_name("privacy_harness.js")
NAMES = ["Jantje Smit", "Anne-Marie", "O'Brien", "Zoë", "Jan (Piet) de Vries", " x ", "Ö"]

SAMPLES = [
    "",
    "Niets bijzonders: bewoner A wil een bankje.",
    "Bel 06-12345678 of mail jan@example.org",
    "+31 (0)6 1234 5678 en 0031-20-1234567 en 020 123 4567",
    "06 12 34 56 78x en 061234567890",
    "Woont Dorpsstraat 12a, 1234 AB 5",
    "Kerkplein 3-b en Buorren 4 en Laan 5",
    "1234AB, nr. 12 b en 9999 ZZ zonder nummer en 1234 SS 4",
    "BSN 111222333, 1112.22.333, 111 222 333 en 123456789",
    "NL91 ABNA 0417 1643 00 en NL91ABNA0417164300 rest",
    "NL91 ABNA 0417 1643 00XYZ en GB82 WEST 1234 5698 7654 32",
    "Jantje Smit, JANTJE SMIT, jantje smitje, Anne-Marie en o'brien",
    "Zoë@voorbeeld.nl en ZOË en Zoëtje",
    "Jan (Piet) de Vries sprak met Ö en Öz",
    "𝟎𝟔𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖 en 𝐀b@c.de en ٠٦١٢٣٤٥٦٧٨",
    "06\u00a012345678 en 06\u200212345678 en 06\x1c12345678",
    "mail:a@b.co\nen regel\n1234 AB\n12",
    "Straat 1 en A-straat 2 en Hoofdstraat 10-12 en Émilestraat 3",
    "e-mail info@wijk-noord.gemeente.nl; iban DE89 3704 0044 0532 0130 00.",
]


def run_js(rule_set, texts):
    out = subprocess.run(
        [NODE, str(HARNESS)],
        input=json.dumps({"rules": rule_set, "texts": texts}),
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(out.stdout)


def run_python(texts, names):
    return [[[m.kind, m.text, m.start, m.end] for m in privacy.scan_text(t, names)] for t in texts]


needs_node = pytest.mark.skipif(NODE is None, reason="node is not installed")


def test_the_rule_set_is_the_servers_patterns_as_data():
    rule_set = rules.rule_set(["Jantje Smit"])
    by_kind = {r["kind"]: r for r in rule_set["rules"]}
    assert by_kind["email"]["pattern"] == privacy.EMAIL_RE.pattern
    assert by_kind["iban"]["check"] == "iban"
    assert by_kind["bsn"]["check"] == "elfproef"
    assert by_kind["postcode"]["check"] == "postcode_house_number"
    assert by_kind["name"]["flags"] == "i"
    assert by_kind["phone"]["hint"] == "[telefoonnummer]"
    json.dumps(rule_set)  # ships as JSON


def test_the_unicode_classes_are_what_pythons_re_means():
    classes = rules.unicode_classes()

    def inside(ranges, ch):
        return any(a <= ord(ch) <= b for a, b in ranges)

    for ch in ["a", "é", "ß", "Ж", "中", "_", "7", "٣", "𝟎", " ", "\u00a0", "\x1c", "-", ".", "’"]:
        assert inside(classes["w"], ch) == bool(re.match(r"\w", ch)), ch
        assert inside(classes["d"], ch) == bool(re.match(r"\d", ch)), ch
        assert inside(classes["s"], ch) == bool(re.match(r"\s", ch)), ch


@needs_node
def test_the_phone_finds_what_the_server_finds_on_the_table():
    assert run_js(rules.rule_set(NAMES), SAMPLES) == run_python(SAMPLES, NAMES)


FRAGMENTS = [
    "06-12345678",
    "0612345678",
    "+31 6 12345678",
    "(0)",
    "020",
    "1234 AB",
    "1234AB",
    " nr. ",
    "12",
    "3a",
    "-b",
    "Dorpsstraat",
    "plein",
    "laan ",
    "@",
    "a.b",
    "info",
    ".nl",
    ".co.uk",
    "NL91 ABNA 0417 1643 00",
    "DE89370400440532013000",
    "111222333",
    "123456782",
    "1112.22.333",
    "Jantje Smit",
    "jantje",
    "Zoë",
    "O'Brien",
    " ",
    ", ",
    "\n",
    "\u00a0",
    "x",
    "é",
    "𝟎",
    "٣",
    "bewoner A",
    "-",
    ".",
    "SS",
    "ZZ",
    "9",
    "0",
    "1",
    "jan@wijk.nl",
    "1234 AB 12",
    "5678CD 3",
]


@needs_node
def test_the_phone_finds_what_the_server_finds_on_generated_texts():
    """Texts glued together from fragments that sit on the edges of the patterns."""
    rng = random.Random(20261202)
    texts = ["".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 14))) for _ in range(600)]
    assert run_js(rules.rule_set(NAMES), texts) == run_python(texts, NAMES)


@needs_node
def test_a_pattern_the_engine_cannot_read_fails_loudly():
    rule_set = rules.rule_set()
    rule_set["rules"].append(
        {"kind": "x", "label": "x", "hint": "", "pattern": r"(?P<n>a)", "flags": "", "check": None}
    )
    with pytest.raises(subprocess.CalledProcessError) as info:
        run_js(rule_set, ["a"])
    assert "unsupported group" in info.value.stderr
