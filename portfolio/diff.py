"""What changed between two versions of the values reflection, word by word.

The growth page sets two versions side by side: removed words are struck through (``<del>``)
on the left, added words marked (``<ins>``) on the right. The answers are compared as plain
text, so markup never shows up as a change.
"""

import difflib
import html
import re

from django.utils.safestring import mark_safe

from .richtext import html_to_plain

_TOKEN = re.compile(r"\n|[^\s]+")


def _render(tokens, tag=None):
    text = " ".join(html.escape(t) for t in tokens).replace(" \n ", "<br>").replace("\n", "<br>")
    return f"<{tag}>{text}</{tag}>" if tag and text else text


def word_diff(old, new):
    """Two plain texts as (old HTML with <del>, new HTML with <ins>, whether they differ)."""
    old_tokens = _TOKEN.findall(old or "")
    new_tokens = _TOKEN.findall(new or "")
    left, right = [], []
    matcher = difflib.SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            left.append(_render(old_tokens[a1:a2]))
            right.append(_render(new_tokens[b1:b2]))
        else:
            if a2 > a1:
                left.append(_render(old_tokens[a1:a2], "del"))
            if b2 > b1:
                right.append(_render(new_tokens[b1:b2], "ins"))
    return (
        mark_safe(" ".join(p for p in left if p)),  # noqa: S308 - built from escaped tokens
        mark_safe(" ".join(p for p in right if p)),  # noqa: S308
        matcher.ratio() < 1,
    )


def compare_reflections(left, right):
    """One row per question either version answered (by question, or by its text once the
    question is gone): the question and both answers with their differences marked."""
    left_answers = {(a.question_id or a.question_text): a for a in left.answers.all()}
    right_answers = {(a.question_id or a.question_text): a for a in right.answers.all()}
    rows = []
    for key in dict.fromkeys([*left_answers, *right_answers]):
        old, new = left_answers.get(key), right_answers.get(key)
        old_html, new_html, changed = word_diff(
            html_to_plain(old.text) if old else "", html_to_plain(new.text) if new else ""
        )
        rows.append(
            {
                "question": (new or old).question_text,
                "left": old_html,
                "right": new_html,
                "changed": changed,
            }
        )
    return rows
