"""PostgreSQL COPY text format, one field at a time. Pure: no database.

A row is its fields separated by a tab byte and ended by a newline; a field is ``\\N`` for NULL, else its value's
UTF-8 bytes with backslash escapes. What PostgreSQL writes (COPY TO) escapes only the backslash and
``\\b \\f \\n \\r \\t \\v``; what it reads (COPY FROM), and what :func:`unescape` accepts, also has octal ``\\ddd``
(1-3 digits), hexadecimal ``\\xhh`` (1-2 digits), and a backslash before any other character standing for that
character. Only a field that is exactly ``\\N`` is NULL (``\\Nx`` reads ``Nx``); a backslash ending a field is
dropped, as PostgreSQL does at the end of a line.

:func:`split_row` cuts on every tab byte: right for what COPY TO writes (a tab in a value is written ``\\t``), not
for hand-written input escaping a raw tab with a backslash.
"""

from __future__ import annotations

import codecs
import re

NULL = b"\\N"
_BACKSLASH = b"\\"
#: The backslash's byte value: ``int in bytes`` looks for one byte without the TypeError (raised and cleared inside)
#: that costs ``bytes in bytes`` more than its search on a short field.
_BACKSLASH_BYTE = _BACKSLASH[0]
_DOUBLE_BACKSLASH = b"\\\\"
#: Escaped form -> byte, for the letters COPY gives a meaning to.
_NAMED = {b"b": b"\b", b"f": b"\f", b"n": b"\n", b"r": b"\r", b"t": b"\t", b"v": b"\v"}
#: (escape, byte) for each of them.
_NAMED_ESCAPES = tuple((_BACKSLASH + letter, byte) for letter, byte in _NAMED.items())
#: A backslash that does not start one of the escapes COPY TO writes (octal, hexadecimal, another character, none).
_OTHER_ESCAPE = re.compile(rb"\\(?:[^\\bfnrtv]|\Z)")
_ESCAPE = re.compile(rb"\\(?:([0-7]{1,3})|x([0-9A-Fa-f]{1,2})|(.)|\Z)", re.DOTALL)


def split_row(row: bytes) -> list[bytes]:
    """One COPY text-format row (its ending newline, if any, is dropped) as its still-escaped fields."""
    fields = row.split(b"\t")
    if fields[-1].endswith(b"\n"):
        fields[-1] = fields[-1][:-1]  # only the last field copied, not the whole row
    return fields


def unescape_bytes(field: bytes) -> bytes | None:
    """A field's value as UTF-8 bytes (not checked: see :func:`unescape`); None for NULL."""
    if _BACKSLASH_BYTE not in field:
        return field
    if field == NULL:
        return None
    if _OTHER_ESCAPE.search(field) is None:
        # Only what COPY TO writes (\\ and the named escapes), which Python's bytes escapes read alike, in C: half
        # the time of the replacements per escape it took before (the evidence unescapes every tagged posting).
        return codecs.escape_decode(field)[0]
    return _ESCAPE.sub(_unescape_one, field)


def _unescape_one(found: re.Match[bytes]) -> bytes:
    octal, hexadecimal, other = found.groups()
    if octal is not None:
        return bytes((int(octal, 8) & 0xFF,))
    if hexadecimal is not None:
        return bytes((int(hexadecimal, 16),))
    if other is None:  # a backslash ending the field
        return b""
    return _NAMED.get(other, other)


def unescape(field: bytes) -> str | None:
    """A field's value; None for NULL. Raises UnicodeDecodeError when the value is not UTF-8."""
    if _BACKSLASH_BYTE not in field:
        return field.decode("utf-8")
    value = unescape_bytes(field)
    return None if value is None else value.decode("utf-8")


def escape(value: str | None) -> bytes:
    """``value`` as a COPY text-format field, as PostgreSQL's COPY TO writes it (``\\N`` for None)."""
    if value is None:
        return NULL
    if value.isprintable() and "\\" not in value:
        return value.encode("utf-8")  # no control character, no backslash: nothing to escape (most values)
    field = value.encode("utf-8").replace(_BACKSLASH, _DOUBLE_BACKSLASH)
    for escaped, byte in _NAMED_ESCAPES:
        field = field.replace(byte, escaped)
    return field
