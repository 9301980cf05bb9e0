"""Refusing text that is really a file written out as letters, numbers or symbols.

Once Haven keeps only words (haven.lib.documents), the one way left to smuggle a picture in is to
write its bytes out as text: base64 (as e-mail and web pages do), base32, hex, Ascii85, uuencode,
quoted-printable, a data: URI, numbers (decimal, octal, binary), characters from blocks nobody
writes in (one Braille pattern per byte), one long run with no spaces, or a picture format that is
text already (SVG). `check_words` is the one detector for all of them: documents use it, and so
does every free-text field of every form (haven.lib.forms). A pure function of the text.

A picture worth the name takes hundreds of bytes, so only runs longer than that are refused:
dates, phone numbers, years, usernames, web addresses and words of any length in any script pass.
"""

import itertools
import re
import zlib

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
_HEX_RUN = re.compile(r"(?:0[xX]|\\x|[0-9A-Fa-f%,;:-])+(?:\s+(?:0[xX]|\\x|[0-9A-Fa-f%,;:-])+)*")
_HEX_SEPARATORS = re.compile(r"0[xX]|\\x|[%,;:\s-]")
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
# Numbers in a row ("255, 216, 255, 224", "377 330 377", "11111111 11011000"): this many, going up
# and down as a file's bytes do, is a file, not a list. A list people write (references, years,
# page numbers) mostly goes up.
MAX_NUMBERS = 16
# More than this, hidden in a run that is not words, could be a small picture.
MAX_HIDDEN_BYTES = 200
_NUMBER_SEPARATORS = re.compile(r"[\W_]+")
_NUMBER = re.compile(r"[0-9]{1,100}")
# Characters from blocks no school writes in (Braille patterns, private use, box drawing, control
# characters...): more than this many is a file written one character per byte.
MAX_UNWRITTEN = 32
_UNWRITTEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # control characters, but tab and line breaks
    "\u2500-\u259f"  # box drawing, block elements
    "\u2800-\u28ff"  # Braille patterns
    "\ue000-\uf8ff"  # private use
    "\ufff0-\uffff"  # specials
    "\U0001fb00-\U0001fbff"  # symbols for legacy computing
    "\U000e0100-\U000e01ef"  # variation selectors supplement (hidden after an emoji)
    "\U000f0000-\U0010ffff]"  # supplementary private use
)
# Escaped bytes ("=FF=D8" in quoted-printable, "&#255;" in HTML, "\u00ff"): a file, beyond this.
MAX_ESCAPES = 64
_ESCAPE = re.compile(r"=[0-9A-F]{2}|&#x?[0-9a-fA-F]{1,6};|\\u[0-9a-fA-F]{4}")
# A run with no spaces longer than this is not a word in any language (the longest place names
# are under 60 letters), unless it only repeats itself ("hahaha...", "nooooo").
MAX_UNBROKEN = 100


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
    for run in _HEX_RUN.finditer(text):
        if _longest_hex(run.group()) > MAX_ENCODED_RUN and not _repeats_itself(run.group()):
            raise _encoded(name)
    for run in _ENCODING_RUN.finditer(text):
        found = run.group()
        if len(found) > MAX_ENCODED_RUN and _looks_encoded(found) and not _repeats_itself(found):
            raise _encoded(name)
    if _dense_lines(text) or _number_run(text) or _uuencoded_lines(text):
        raise _encoded(name)
    if _unwritten_characters(text) > MAX_UNWRITTEN or _escapes(text) > MAX_ESCAPES:
        raise _encoded(name)
    if _long_unbroken(text) or _symbol_soup(text) or _short_mixed_pieces(text):
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


# Runs of one kind of character: small letters, capitals, digits (pieces are ASCII).
_CLASS_RUN = re.compile(r"[a-z]+|[A-Z]+|[0-9]+")
_CAPITALISED = re.compile(r"[A-Z][a-z]")


_WORD_LIKE = re.compile(r"[a-z]{2,}|[A-Z][a-z]+|[A-Z]{2,}")


def _mostly_words(pieces: list[str]) -> bool:
    """Three fifths or more of the letters are in pieces shaped as words are (small letters, a
    capital and small letters, or capitals), as in writing with some codes in it, and as in no
    encoding (a run of base32's capitals has digits in it)."""
    in_words = sum(len(piece) for piece in pieces if _WORD_LIKE.fullmatch(piece))
    return in_words >= 0.6 * sum(len(piece) for piece in pieces)


def _changes_inside(piece: str) -> int:
    """How often small letters, capitals and digits change places inside a piece of a word."""
    return max(len(_CLASS_RUN.findall(piece)) - 1, 0)


def _changes(piece: str) -> int:
    """As _changes_inside, not counting the capital letter that starts a word."""
    return _changes_inside(piece) - (_CAPITALISED.match(piece) is not None)


def _mixing(text: str) -> tuple[float, int, int]:
    """Changes per letter or digit, how many letters and digits, and the longest piece."""
    pieces = [piece for piece in _WORD_PIECES.findall(text) if not _repeated_sound(piece)]
    letters = sum(len(piece) for piece in pieces)
    longest = max((len(piece) for piece in pieces), default=0)
    return sum(_changes(piece) for piece in pieces) / (letters or 1), letters, longest


def _looks_encoded(run: str) -> bool:
    mixing, letters, longest = _mixing(run)
    if letters <= MAX_ENCODED_RUN:
        return False
    pieces = len([piece for piece in _WORD_PIECES.findall(run) if not _repeated_sound(piece)])
    if mixing >= 0.3 or letters / pieces >= 24 or longest > MAX_ENCODED_RUN:
        return True
    compact = re.sub(r"\s+", "", run)
    alphanumeric = re.sub(r"[^A-Za-z0-9]", "", compact)
    one_case = alphanumeric.isupper() or alphanumeric.islower()
    if one_case and _changes(alphanumeric) >= 0.35 * len(alphanumeric):
        # one case of letters and digits, changing as base32's "hex" alphabet does
        return _information(alphanumeric) > MAX_HIDDEN_BYTES
    return any(
        len(found) > MAX_ENCODED_RUN and sum(c.isdigit() for c in found) >= len(found) / 10
        for found in _BASE32.findall(alphanumeric)
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


def _number_run(text: str) -> bool:
    """More than MAX_NUMBERS numbers in a row, holding more than MAX_HIDDEN_BYTES, that go up and
    down as a file's bytes do (a list of phone numbers repeats itself; references go up)."""
    run: list[str] = []
    for token in [*_NUMBER_SEPARATORS.split(text), ""]:
        if _NUMBER.fullmatch(token):
            run.append(token)
            continue
        if (
            len(run) > MAX_NUMBERS
            and _information(" ".join(run)) > MAX_HIDDEN_BYTES
            and not _mostly_rising([int(n) for n in run])
        ):
            return True
        run = []
    return False


def _dense(text: str, ratio: float) -> bool:
    """Whether `text` squeezes to no less than `ratio` of its size: an encoded file does not
    squeeze (a picture's bytes are squeezed already); a list that repeats itself does."""
    return _information(text) >= ratio * len(text.encode())


def _information(text: str) -> int:
    """About how many bytes of information `text` holds: its size once squeezed."""
    return len(zlib.compress(text.encode(), 9))


def _mostly_rising(numbers: list[int]) -> bool:
    steps = list(itertools.pairwise(numbers))
    return sum(b >= a for a, b in steps) >= 0.9 * len(steps)


def _unwritten_characters(text: str) -> int:
    return len(_UNWRITTEN.findall(text))


def _escapes(text: str) -> int:
    return len(_ESCAPE.findall(text))


# uuencode: lines of one length letter and then characters from space to backquote.
_UU_LINE = re.compile(r"^[!-M][ -`]{4,}$", re.MULTILINE)


def _uuencoded_lines(text: str) -> bool:
    """Four lines or more that are uuencode's, full length (61 characters) after the first."""
    lines = [m.group() for m in _UU_LINE.finditer(text) if m.group()[0] == "M"]
    full = [line for line in lines if len(line) == 61 and _symbols(line) >= 0.2 * len(line)]
    return len(full) >= 4 and sum(len(line) for line in full) > MAX_ENCODED_RUN


def _symbols(line: str) -> int:
    return sum(1 for char in line if not char.isalpha() and not char.isspace())


# Scripts written without spaces between words (Chinese, Japanese, Thai, Lao, Khmer, Burmese),
# and their punctuation: a run of them is a sentence, not one long word.
_WITHOUT_SPACES = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
    "\U00020000-\U0003ffff]+"
)


def _long_unbroken(text: str) -> bool:
    """A run with no spaces longer than MAX_UNBROKEN that is not a web address or a repeated
    sound."""
    for run in re.findall(rf"\S{{{MAX_UNBROKEN + 1},}}", _WITHOUT_SPACES.sub(" ", text)):
        if _is_address(run) or _repeats_itself(run):
            continue
        return True
    return False


_ADDRESS = re.compile(r"(?:^|[<(\[\"'“‘=])(?:https?://|www\.)", re.IGNORECASE)  # noqa: RUF001


def _is_address(token: str) -> bool:
    """A web address (what it carries is still checked, as a run of an encoding's letters)."""
    return _ADDRESS.search(token) is not None


def _repeated_sound(piece: str) -> bool:
    """A long piece that only repeats itself ("AAAAAARGH"): it carries nothing."""
    return len(piece) > 40 and _repeats_itself(piece)


def _repeats_itself(run: str) -> bool:
    """ "hahahaha", "noooooo", "!!!!!!", "😭😭😭": each character adds next to nothing (a file's
    bytes cannot be squeezed like that)."""
    data = run.encode()
    return len(zlib.compress(data, 9)) < 0.15 * len(data) + 16


# Symbols that words, numbers, usernames and e-mail addresses seldom hold, but base85, Ascii85
# and uuencode are full of.
_ODD_SYMBOLS = frozenset("#$%&*+/:;<=>[\\]^`{|}~")
_SOUP_WINDOW = 200


def _symbol_soup(text: str) -> bool:
    """A stretch of about _SOUP_WINDOW characters (spaces aside, web addresses left out: their
    letters are checked as an encoding run above) where odd symbols are many (_soupy) and small
    letters, capitals and digits change places as in an encoding."""
    tokens = [token for token in text.split() if not _is_address(token)]
    for start in (0, _SOUP_WINDOW // 2):
        window = ""
        for token in _after(tokens, start):
            window += token
            if len(window) >= _SOUP_WINDOW:
                if _soupy(window):
                    return True
                window = ""
    return False


def _after(tokens: list[str], characters: int) -> list[str]:
    """The tokens after the first `characters` characters of them."""
    seen = 0
    for index, token in enumerate(tokens):
        if seen >= characters:
            return tokens[index:]
        seen += len(token)
    return []


def _soupy(window: str) -> bool:
    """Odd symbols 15% or more of the letters, digits and odd symbols (other punctuation may
    be a separator put in to hide it), and the letters and digits, taken together, changing
    between small, capital and digit as an encoding's do."""
    odd = sum(1 for char in window if char in _ODD_SYMBOLS)
    letters = "".join(_WORD_PIECES.findall(window))
    if odd < max(10, 0.15 * (len(letters) + odd)):
        return False
    return _changes(letters) >= 0.3 * len(letters) and _dense(window, 0.6)


def _short_mixed_pieces(text: str) -> bool:
    """An encoding cut into groups with any separator: each stretch of over MAX_ENCODED_RUN
    letters and digits (web addresses aside) is judged as one run, and a stretch of pieces of
    one, two or three characters on average is encoded if they are all lone characters or change
    between small, capital and digit inside the pieces as no words do."""
    tokens = [token for token in text.split() if not _is_address(token)]
    window: list[str] = []
    size = 0
    for piece in _WORD_PIECES.findall(" ".join(tokens)):
        window.append(piece)
        size += len(piece)
        if size <= MAX_ENCODED_RUN:
            continue
        joined = " ".join(window)
        if _mostly_words(window):
            pass  # a few codes or ids among words
        elif _looks_encoded(joined) and not _repeats_itself(joined):
            return True
        if size <= 3.5 * len(window):
            changes = sum(_changes_inside(p) for p in window)
            if size <= 1.5 * len(window) and not _repeats_itself(joined):
                return True  # lone characters
            if changes >= 0.12 * size and _dense(joined, 0.45):
                return True
        window = window[max(1, len(window) // 2) :]  # overlapping by half: none falls between
        size = sum(len(p) for p in window)
    return False
