"""The minimal whole-line edit a model's answer is applied with, tested like a diff library:
applying the diff of (a, b) to a gives b, and it leaves every shared first and last line be."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from steering_index.index.lines import LineEdit, apply_line_edit, line_diff, split_lines

# Lines drawn from a small alphabet so that texts share lines often; breaks of every kind,
# non-ASCII text (multi-byte in UTF-8) and a last line without a break.
LINE = st.sampled_from(["a", "b", "café", "😀", "", "  x = 1"])
BREAK = st.sampled_from(["\n", "\r\n", "\r"])
TEXT = st.lists(st.tuples(LINE, BREAK), max_size=12).map(
    lambda pairs: "".join(text + brk for text, brk in pairs)
) | st.text(alphabet="ab\n\r é", max_size=30)


@given(TEXT, TEXT)
def test_applying_the_diff_gives_the_new_text(old: str, new: str) -> None:
    assert apply_line_edit(old, line_diff(old, new)) == new


def _lines_before(text: str, byte: int) -> int:
    return len(split_lines(text.encode("utf-8")[:byte].decode("utf-8"), keepends=True))


@given(TEXT, TEXT)
def test_the_edit_spans_no_line_both_texts_share_at_either_end(old: str, new: str) -> None:
    edit = line_diff(old, new)
    old_lines, new_lines = split_lines(old, keepends=True), split_lines(new, keepends=True)
    head = _lines_before(old, edit.start_byte)
    tail = len(old_lines) - _lines_before(old, edit.end_byte)
    # What the edit leaves is shared ...
    assert old_lines[:head] == new_lines[:head]
    assert old_lines[len(old_lines) - tail :] == new_lines[len(new_lines) - tail :]
    # ... and it could not leave one more line at either end.
    room = min(len(old_lines), len(new_lines)) - head - tail
    if room > 0:
        assert old_lines[head] != new_lines[head]
        assert old_lines[-1 - tail] != new_lines[-1 - tail]


@given(TEXT)
def test_a_text_diffed_with_itself_is_no_edit(text: str) -> None:
    edit = line_diff(text, text)
    assert edit.text == "" and edit.start_byte == edit.end_byte


def test_one_changed_line_in_the_middle_is_one_line_replaced() -> None:
    old = "def f():\n    return 1\n\n\ndef g():\n    return 2\n"
    new = old.replace("return 1", "return 10")
    start = len(b"def f():\n")
    assert line_diff(old, new) == LineEdit(start, start + len("    return 1\n"), "    return 10\n")


def test_byte_offsets_count_utf8_bytes() -> None:
    old = "café\nx\n"
    edit = line_diff(old, "café\ny\n")
    assert edit == LineEdit(len("café\n".encode()), len(old.encode()), "y\n")
