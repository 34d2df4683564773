"""COPY text format fields: escaping as PostgreSQL's COPY TO writes, unescaping as its COPY FROM reads."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ai_job_share.source.copy_text import escape, split_row, unescape, unescape_bytes

_NAMED = {ord("b"): 8, ord("f"): 12, ord("n"): 10, ord("r"): 13, ord("t"): 9, ord("v"): 11}
_OCTAL = b"01234567"
_HEX = b"0123456789abcdefABCDEF"


def reference_unescape(field: bytes) -> bytes | None:
    """A byte-by-byte reading of a field, after PostgreSQL's CopyReadAttributesText."""
    if field == b"\\N":
        return None
    out = bytearray()
    i = 0
    while i < len(field):
        byte = field[i]
        i += 1
        if byte != ord("\\"):
            out.append(byte)
            continue
        if i == len(field):
            break  # a backslash at the end: dropped
        byte = field[i]
        i += 1
        if byte in _OCTAL:
            value = byte - ord("0")
            for _ in range(2):
                if i < len(field) and field[i] in _OCTAL:
                    value = value * 8 + field[i] - ord("0")
                    i += 1
            out.append(value & 0xFF)
        elif byte == ord("x") and i < len(field) and field[i] in _HEX:
            value = int(field[i : i + 1], 16)
            i += 1
            if i < len(field) and field[i] in _HEX:
                value = value * 16 + int(field[i : i + 1], 16)
                i += 1
            out.append(value)
        else:
            out.append(_NAMED.get(byte, byte))
    return bytes(out)


def test_split_row_drops_the_newline_and_keeps_empty_fields():
    assert split_row(b"1\t\\N\t\tx\\ty\n") == [b"1", b"\\N", b"", b"x\\ty"]
    assert split_row(b"a\tb") == [b"a", b"b"]
    assert split_row(b"\n") == [b""]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        (b"\\N", None),
        (b"", ""),
        (b"plain \xed\x95\x9c", "plain 한"),
        (b"a\\nb\\tc\\rd\\be\\ff\\vg", "a\nb\tc\rd\be\ff\vg"),
        (b"\\\\", "\\"),
        (b"\\\\n", "\\n"),  # an escaped backslash, then the letter n
        (b"\\\\\\n", "\\\n"),
        (b"\\101\\1011\\7\\0x", "AA1\x07\x00x"),  # octal: at most three digits
        (b"\\x41\\x4g\\x414", "A\x04gA4"),  # hexadecimal: at most two digits
        (b"\\xg", "xg"),  # \x without a hex digit is x
        (b"\\q\\.\\N\\\\N", "q.N\\N"),  # any other character stands for itself; \N inside a field is N
        (b"\\Nabc", "Nabc"),
        (b"\\355\\225\\234\\xea\\xb8\\x80", "한글"),  # UTF-8 written byte by byte
        (b"end\\", "end"),  # a backslash ending the field is dropped
    ],
)
def test_unescape(field, value):
    assert unescape(field) == value
    assert unescape_bytes(field) == (None if value is None else value.encode())


def test_unescape_is_strict_utf8():
    assert unescape_bytes(b"\\777") == b"\xff"  # an octal escape is masked to a byte
    with pytest.raises(UnicodeDecodeError):
        unescape(b"\\777")
    with pytest.raises(UnicodeDecodeError):
        unescape(b"\xed\x95")
    with pytest.raises(UnicodeDecodeError):
        unescape(b"\\n\xff")


def test_a_field_without_backslash_is_returned_as_is():
    field = b"no escapes \xed\x95\x9c"
    assert unescape_bytes(field) is field


@pytest.mark.parametrize(
    ("value", "field"),
    [
        (None, b"\\N"),
        ("", b""),
        ("\\N", b"\\\\N"),  # the text \N is not NULL
        ("a\tb\nc\rd\be\ff\vg\\h", b"a\\tb\\nc\\rd\\be\\ff\\vg\\\\h"),
        ("한 글", "한 글".encode()),
        ("C:\\temp", b"C:\\\\temp"),  # printable, yet a backslash to escape
        ("\u00a0\u200b", "\u00a0\u200b".encode()),  # not printable, yet nothing to escape
        ("\x00\x01\x1f", b"\x00\x01\x1f"),  # other control characters are written as they are, as PostgreSQL does
    ],
)
def test_escape(value, field):
    assert escape(value) == field
    assert unescape(field) == value


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.none(), st.text()))
@example("\\\n\\\\n\t\\t")
def test_escape_round_trips(value):
    field = escape(value)
    assert b"\t" not in field and b"\n" not in field and b"\r" not in field
    assert unescape(field) == value


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text()), min_size=1, max_size=8))
def test_a_row_of_escaped_fields_splits_back(values):
    row = b"\t".join(escape(value) for value in values) + b"\n"
    assert [unescape(field) for field in split_row(row)] == values


ESCAPE_BYTES = st.sampled_from(
    [b"\\", b"\\\\", b"n", b"t", b"N", b"x", b"0", b"1", b"7", b"8", b"9", b"a", b"F", b"g", b"q", b" ", b"\n", b"\xed"]
)


@settings(max_examples=1000, deadline=None)
@given(st.lists(ESCAPE_BYTES, max_size=20).map(b"".join))
@example(b"\\N")
@example(b"\\\\\\")
@example(b"\\n\\x")
def test_unescape_bytes_reads_as_postgresql_does(field):
    assert unescape_bytes(field) == reference_unescape(field)
