import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from portfolio.richtext import html_to_text, sanitize, text_to_html

HOSTILE = [
    "<p>hi<script>alert(1)</script></p>",
    '<p style="color:red" onclick="x()">hi</p>',
    '<iframe src="https://evil.example"></iframe>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<img src="https://evil.example/pixel.png">',
    '<svg onload="alert(1)"></svg>',
    "<style>body{display:none}</style>",
    '<p><a href="data:text/html,<script>alert(1)</script>">x</a></p>',
    '<object data="x"></object><embed src="x">',
]


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_html_never_survives(payload):
    for out in (sanitize(payload), text_to_html(payload)):
        lowered = out.lower()
        for bad in (
            "<script",
            "style=",
            "<iframe",
            "javascript:",
            "<img",
            "onload",
            "onclick",
            "<style",
            "<svg",
            "data:",
            "<object",
            "<embed",
        ):
            assert bad not in lowered, (payload, out)


def test_allowed_features_are_kept():
    html = text_to_html(
        "Een **vet** en *schuin* woord.\n\n- een\n- twee\n\n1. eerste\n\nZie [site](https://example.org)"
    )
    assert "<strong>vet</strong>" in html and "<em>schuin</em>" in html
    assert "<ul><li>een</li><li>twee</li></ul>" in html
    assert "<ol><li>eerste</li></ol>" in html
    assert '<a href="https://example.org" rel="noopener nofollow">site</a>' in html


def test_plain_text_round_trip():
    text = "Alinea één met **vet**.\n\n- a\n- b\n\nEn een link https://example.org/x."
    assert html_to_text(text_to_html(text)) == text


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_any_input_gives_only_allowed_tags(value):
    import re

    out = text_to_html(value)
    for tag in re.findall(r"</?([a-zA-Z0-9]+)", out):
        assert tag.lower() in {"p", "br", "strong", "b", "em", "i", "ul", "ol", "li", "a"}


@pytest.mark.django_db
def test_script_is_stripped_on_the_way_in_and_out(client, participant, portfolio):
    from demo.factories.portfolio import FieldworkEntryFactory

    client.force_login(participant)
    response = client.post(
        reverse("portfolio:entry_create"),
        {
            "title": "Test",
            "date": "2017-03-01",
            "setting": "street",
            "actions": '<p onclick="x">Ik <script>alert(1)</script><a href="javascript:alert(1)">klik</a></p>',
        },
    )
    assert response.status_code == 302
    entry = portfolio.entries.get(title="Test")
    assert "<script" not in entry.actions and "javascript:" not in entry.actions
    # Data written behind the form's back is still cleaned on output.
    raw = FieldworkEntryFactory(
        portfolio=portfolio,
        reflection='<p>x</p><script>alert("uit")</script><iframe src="x"></iframe>',
    )
    html = client.get(reverse("portfolio:entry", args=[raw.public_id])).content.decode()
    assert 'alert("uit")' not in html and "<iframe" not in html
