"""Refusing text that is really a file written out as letters and numbers.

Once Haven keeps only words (haven.lib.documents), the one way left to smuggle a picture in is to
write its bytes out as text: base64 (as e-mail and web pages do), base32, hex, Ascii85, a data: URI,
or a picture format that is text already (SVG). `check_words` refuses those, in documents and
wherever else a long text is kept. A pure function of the text.
"""

import itertools
import re

from haven.lib.uploads import ImageryRefused, display_name

# Longer runs of letters and numbers than this, with no real words in them, are an encoded file.
MAX_ENCODED_RUN = 300


class EncodedFileRefused(ImageryRefused):
    """The words are a file written out as letters and numbers, which could be a picture."""


def _encoded(name: str) -> EncodedFileRefused:
    return EncodedFileRefused(
        f"“{name}” holds what looks like a file written out as letters and numbers. It could be "
        "a picture, and Haven never holds images, so it cannot keep it. Type only the words. "
        "If it might be a picture of a child, do not copy, send or save it: tell the DSL."
    )


# Letters, digits and the symbols base64 (either alphabet), base32 and hex use, in runs that may
# go across spaces and line breaks (base64 is usually broken into lines of 76).
_ENCODING_RUN = re.compile(r"[A-Za-z0-9+/=_\-]+(?:\s+[A-Za-z0-9+/=_\-]+)*")
_BASE32 = re.compile(r"[A-Z2-7=]+|[a-z2-7=]+")
_HEX_RUN = re.compile(r"(?:0[xX]|\\x|[0-9A-Fa-f%,;:])+(?:\s+(?:0[xX]|\\x|[0-9A-Fa-f%,;:])+)*")
_HEX_SEPARATORS = re.compile(r"0[xX]|\\x|[%,;:\s]")
_WORD_PIECES = re.compile(r"[A-Za-z0-9]+")
_DATA_URI = re.compile(
    r"\bdata:\s*(?:(?:image|video|audio)/|[\w.+-]+/[\w.+-]+[^,\s]{0,100};\s*base64\s*,)",
    re.IGNORECASE,
)
# Pictures that are text already (SVG, XPM, PostScript), and uuencoded files.
_TEXT_PICTURES = re.compile(
    r"\A\s*%!PS|/\*\s*XPM\s*\*/|^begin(?:-base64)? [0-7]{3,4} \S",
    re.IGNORECASE | re.MULTILINE,
)
_BYTE = re.compile(r"[0-9]{1,3}")
# Bytes written as numbers ("255, 216, 255, 224"): this many in a row is a file, not a table.
MAX_BYTE_NUMBERS = 1000


def check_words(text: str, declared_name: str = "") -> None:
    """Raise EncodedFileRefused if `text` holds a file written out as text: a data: URI, an SVG
    picture, or a long run (spaces and line breaks ignored) of base64, base32, hex, Ascii85 or
    numbers from 0 to 255.

    Real words never look like that: inside a word, small letters, capitals and digits rarely
    change places, and words are short. In base64 they change at almost every character.
    What this cannot catch is a picture spelt out in ordinary-looking words: that is no longer a
    file anyone can open by accident, and a DSL reading it sees nonsense.
    """
    name = display_name(declared_name) if declared_name else "The text"
    if _DATA_URI.search(text) or _TEXT_PICTURES.search(text) or _has_svg(text):
        raise _encoded(name)
    if any(_longest_hex(run.group()) > MAX_ENCODED_RUN for run in _HEX_RUN.finditer(text)):
        raise _encoded(name)
    for run in _ENCODING_RUN.finditer(text):
        if len(run.group()) > MAX_ENCODED_RUN and _looks_encoded(run.group()):
            raise _encoded(name)
    if _dense_lines(text) or _byte_numbers(text) > MAX_BYTE_NUMBERS:
        raise _encoded(name)


def _has_svg(text: str) -> bool:
    lowered = text.lower()
    return "<svg" in lowered and "</svg" in lowered


def _longest_hex(run: str) -> int:
    """The longest stretch of hex digits once the separators ("0x", "\\x", "%", ",", spaces) are
    taken out, if letters are at least a tenth of it (in hex they are over a third; a list of
    numbers has none)."""
    stretches = re.findall(r"[0-9A-Fa-f]+", _HEX_SEPARATORS.sub("", run))
    return max((len(s) for s in stretches if sum(c.isalpha() for c in s) >= len(s) / 10), default=0)


_LOWER, _UPPER, _DIGIT = range(3)


def _char_class(char: str) -> int:
    if char.islower():
        return _LOWER
    return _UPPER if char.isupper() else _DIGIT


def _changes(piece: str) -> int:
    """How often small letters, capitals and digits change places inside a piece of a word,
    not counting the capital letter that starts a word."""
    classes = [_char_class(char) for char in piece]
    changes = sum(1 for a, b in itertools.pairwise(classes) if a != b)
    capitalised = len(classes) > 1 and classes[0] == _UPPER and classes[1] == _LOWER
    return changes - capitalised


def _mixing(text: str) -> tuple[float, int, int]:
    """Changes per letter or digit, how many letters and digits, and the longest piece."""
    pieces = _WORD_PIECES.findall(text)
    letters = sum(len(piece) for piece in pieces)
    longest = max((len(piece) for piece in pieces), default=0)
    return sum(_changes(piece) for piece in pieces) / (letters or 1), letters, longest


def _looks_encoded(run: str) -> bool:
    mixing, letters, longest = _mixing(run)
    if letters <= MAX_ENCODED_RUN:
        return False
    pieces = len(_WORD_PIECES.findall(run))
    if mixing >= 0.3 or letters / pieces >= 24 or longest > MAX_ENCODED_RUN:
        return True
    compact = re.sub(r"\s+", "", run)
    return any(
        len(found) > MAX_ENCODED_RUN and sum(c.isdigit() for c in found) >= len(found) / 10
        for found in _BASE32.findall(compact)
    )


def _unbroken(line: str) -> bool:
    """A line of 40 or more characters with no spaces that is not a web address."""
    if len(line) < 40 or any(char.isspace() for char in line):
        return False
    return "://" not in line and not line.lower().startswith("www.")


def _dense_lines(text: str) -> bool:
    """Consecutive unbroken lines, over MAX_ENCODED_RUN characters together, mixing letters,
    digits and symbols as an encoding does (Ascii85) and as words, paths or markup do not."""
    block: list[str] = []
    for line in [*text.split("\n"), ""]:
        stripped = line.strip()
        if _unbroken(stripped):
            block.append(stripped)
            continue
        joined, block = "".join(block), []
        if len(joined) > MAX_ENCODED_RUN:
            mixing, letters, _ = _mixing(joined)
            if mixing >= 0.25 and 1 - letters / len(joined) >= 0.15:
                return True
    return False


def _byte_numbers(text: str) -> int:
    """The most numbers from 0 to 255 in a row (separated by spaces, commas or semicolons)."""
    longest = current = 0
    for token in re.split(r"[\s,;]+", text):
        byte = _BYTE.fullmatch(token) is not None and int(token) < 256
        current = current + 1 if byte else 0
        longest = max(longest, current)
    return longest
