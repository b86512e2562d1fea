"""Which characters editors' text may hold, and how any text is shown safely in a message.

Text is what it looks like: no character may change how the text around it displays (bidirectional
controls), hide inside it (zero-width and other invisible characters, in names and one-line
fields), or break the files made from it (control characters, unpaired surrogates, private-use
characters, which XML, YAML and browsers each treat differently). Characters outside the Basic
Multilingual Plane are ordinary characters: rare CJK ideographs belong in names.

Every check here looks at each character once, with its neighbours: linear in the text's length.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

# Default_Ignorable_Code_Point (Unicode DerivedCoreProperties.txt): shown as nothing at all.
DEFAULT_IGNORABLE = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
    (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164),
    (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF),
)
BIDI_CONTROLS = frozenset((*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
ZWNJ, ZWJ = 0x200C, 0x200D
VARIATION_SELECTORS = frozenset((*range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)))
TAGS = range(0xE0000, 0xE0080)  # invisible; legitimate only in the subdivision flags (🏴 + tags)
BLACK_FLAG = 0x1F3F4
WHITESPACE_CONTROLS = frozenset("\t\n\r")
BLANKS = frozenset("\u2800\u3164\uffa0\u115f\u1160")  # visible characters that show as a space, or nothing
MAX_COMBINING = 4  # marks on one letter: Vietnamese needs two; more pile up over the lines around
# Alphabets whose letters look like each other's: a word mixing them is a disguise (UTS #39).
LOOK_ALIKE_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE", "COPTIC")


_DEFAULT_IGNORABLE = frozenset(code for low, high in DEFAULT_IGNORABLE for code in range(low, high + 1))


def is_default_ignorable(code: int) -> bool:
    return code in _DEFAULT_IGNORABLE


CONTROL_NAMES = {0x00: "NULL", 0x07: "BELL", 0x08: "BACKSPACE", 0x0B: "LINE TABULATION", 0x0C: "FORM FEED",
                 0x1B: "ESCAPE", 0x7F: "DELETE", 0x85: "NEXT LINE"}


def character_name(char: str) -> str:
    """`U+202E RIGHT-TO-LEFT OVERRIDE`: a character as a message names it."""
    name = unicodedata.name(char, "") or CONTROL_NAMES.get(ord(char), "")
    return f"U+{ord(char):04X} {name}" if name else f"U+{ord(char):04X}"


def _is_noncharacter(code: int) -> bool:
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def _refused_anywhere(text: str, index: int) -> str | None:
    """Why the character at `index` may stand in no text at all, or None."""
    char = text[index]
    code = ord(char)
    category = unicodedata.category(char)
    if category == "Cc" and char not in WHITESPACE_CONTROLS:
        return f"the control character {character_name(char)}"
    if category == "Cs":
        return f"an unpaired surrogate (U+{code:04X}), which is half of a UTF-16 pair, not a character; write the character itself"
    if category == "Co":
        return f"the private-use character U+{code:04X}, which shows differently on every device"
    if _is_noncharacter(code):
        return f"the noncharacter U+{code:04X}"
    if code in BIDI_CONTROLS:
        return f"the bidirectional control {character_name(char)}, which makes text display in another order than it is written"
    if category in ("Zl", "Zp"):
        return f"{character_name(char)}; use an ordinary line break"
    if code == 0xFEFF:
        return f"the invisible {character_name(char)}"
    if code in TAGS and not _in_flag(text, index):
        return f"the invisible tag character U+{code:04X}"
    return None


MAX_FLAG_TAGS = 7  # the tags of a subdivision flag: a region code of up to six letters, and the end tag


def _in_flag(text: str, index: int) -> bool:
    """Whether a tag character belongs to a flag sequence: 🏴 followed by a few tag characters.
    (It looks back a bounded way, so a long run of tags costs no more than its length.)"""
    start = index
    while index > 0 and start - index < MAX_FLAG_TAGS and ord(text[index - 1]) in TAGS:
        index -= 1
    return index > 0 and ord(text[index - 1]) == BLACK_FLAG


def _invisible_out_of_place(text: str, index: int) -> bool:
    """Whether an invisible character at `index` hides in the text rather than shaping it.

    Joiners shape scripts that need them (a non-joiner between Persian letters, a joiner after
    an Indic virama or inside an emoji sequence); variation selectors choose the form of an
    ideograph, a symbol or a digit. Beside Latin, Greek or Cyrillic letters, or alone, they only hide.
    """
    code = ord(text[index])
    before = text[index - 1] if index > 0 else ""
    after = text[index + 1] if index + 1 < len(text) else ""
    if code in (ZWNJ, ZWJ):
        if before and unicodedata.combining(before) == 9:  # after a virama
            return False
        if code == ZWNJ:
            return not (_joining_letter(before) and _joining_letter(after))
        return not (_emoji_part(before) and _emoji_part(after))
    if code in VARIATION_SELECTORS:
        return not before or not (
            unicodedata.category(before) in ("So", "Sm", "Lo", "Nd") or before in "#*©®"
        )
    if code in TAGS:
        return not _in_flag(text, index)
    return True


def _joining_letter(char: str) -> bool:
    return bool(char) and unicodedata.category(char)[0] in "LM" and not char.isascii() and _script(char) not in LOOK_ALIKE_SCRIPTS


def _emoji_part(char: str) -> bool:
    return bool(char) and (unicodedata.category(char) in ("So", "Sk") or ord(char) in VARIATION_SELECTORS)


def _script(char: str) -> str:
    """The script of a letter, as the first word of its Unicode name says (enough to tell apart
    the alphabets that look alike)."""
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else ""


# Any character but printable ASCII and the whitespace controls: only these need a closer look.
UNUSUAL = re.compile("[^\x20-\x7e\t\n\r]")


def text_problems(text: str) -> Iterator[tuple[int, str]]:
    """(offset, what was found) for each character no text may hold."""
    marks = _MarkCounter()
    for unusual in UNUSUAL.finditer(text):
        found = _refused_anywhere(text, unusual.start()) or marks.too_many(text, unusual.start())
        if found:
            yield unusual.start(), f"found {found}; delete it"


class _MarkCounter:
    """Counts the combining marks on one letter, as the unusual characters are visited in order."""

    def __init__(self) -> None:
        self.last = -2
        self.run = 0

    def too_many(self, text: str, index: int) -> str | None:
        if unicodedata.category(text[index]) not in ("Mn", "Me"):
            self.run = 0
            return None
        self.run = self.run + 1 if index == self.last + 1 else 1
        self.last = index
        if self.run > MAX_COMBINING:
            return f"more than {MAX_COMBINING} combining marks on one letter ({character_name(text[index])})"
        return None


def line_problems(text: str) -> Iterator[tuple[int, str]]:
    """As text_problems, and invisible characters that hide in one-line text (names, labels, values)."""
    if text.isascii() and text.isprintable():  # nothing UNUSUAL finds
        return
    marks = _MarkCounter()
    for unusual in UNUSUAL.finditer(text):
        index = unusual.start()
        char = text[index]
        found = _refused_anywhere(text, index) or marks.too_many(text, index)
        if found is None and is_default_ignorable(ord(char)) and _invisible_out_of_place(text, index):
            found = f"the invisible {character_name(char)}"
        if found:
            yield index, f"found {found}; delete it"


def name_problems(text: str) -> Iterator[tuple[int, str]]:
    """As line_problems, and what keeps a name from being what it looks like: line breaks, tabs
    and blanks, spaces at either end or doubled, nothing visible, styled letters, or letters of
    two alphabets."""
    return _name_problems(text, plain=text.isascii() and text.isprintable())


def _name_problems(text: str, plain: bool) -> Iterator[tuple[int, str]]:
    """name_problems; a `plain` name (printable ASCII, as most are) holds no unusual, invisible,
    blank, styled or foreign character, so the checks for those are skipped."""
    if not plain:
        yield from line_problems(text)
    for index, char in enumerate("" if plain else text):
        if char in WHITESPACE_CONTROLS:
            yield index, f"found a {'tab' if char == chr(9) else 'line break'}; expected a name on one line"
            return
        if char in BLANKS:
            yield index, f"found {character_name(char)}, which looks like a space but is not one; write a space"
            return
    if not any(unicodedata.category(char)[0] in "LN" for char in text):
        yield 0, f"expected at least one letter or digit in a name; found `{shown(text)}`"
        return
    if text != text.strip():
        yield (0 if text[0].isspace() else len(text) - 1), "expected no spaces at the start or end of a name"
        return
    if plain:  # the one space that printable ASCII has
        doubled = text.find("  ") + 1 or None
    else:
        doubled = next((index for index in range(1, len(text)) if text[index].isspace() and text[index - 1].isspace()), None)
    if doubled is not None:
        yield doubled, "expected one space between the words of a name; found two"
        return
    if not plain:
        yield from _compatibility_forms(text)
        yield from _alphabets(text)


def _compatibility_forms(text: str) -> Iterator[tuple[int, str]]:
    """Characters in a styled or compatibility form (mathematical bold, full-width, circled,
    ligatures, superscripts) that look like plain ones but are other characters."""
    for index, char in enumerate(text):
        if not char.isascii() and unicodedata.category(char) != "Zs":
            plain = unicodedata.normalize("NFKC", char)
            if plain != char:
                yield index, f"found `{char}` ({character_name(char)}), a styled form of `{plain}`; write `{plain}`"
                return


# Scripts written beside any one alphabet in names (Chinese, Japanese and Korean names mix them).
EAST_ASIAN = frozenset({"CJK", "HIRAGANA", "KATAKANA", "HANGUL", "BOPOMOFO", "IDEOGRAPHIC"})
# Latin letters in names come from these blocks: ASCII, Latin-1, Latin Extended-A and -B, and
# Latin Extended Additional (Vietnamese). Others (small capitals, IPA) imitate the usual letters.
USUAL_LATIN = ((0x0000, 0x024F), (0x1E00, 0x1EFF))


def _alphabets(text: str) -> Iterator[tuple[int, str]]:
    """A name is written in one alphabet (with Chinese, Japanese or Korean characters if any):
    letters of two alphabets, or unusual forms of Latin ones, make a name look like another."""
    first_script = ""
    for index, char in enumerate(text):
        if unicodedata.category(char) not in ("Lu", "Ll", "Lt", "Lo"):
            continue  # digits, marks, modifier letters (the ʻokina of Hawaiian names) and the rest
        script = _script(char)
        if script in EAST_ASIAN:
            continue
        if script == "LATIN" and not any(low <= ord(char) <= high for low, high in USUAL_LATIN):
            yield index, f"found `{char}` ({character_name(char)}), an unusual form of a Latin letter; write the usual letter"
            return
        first_script = first_script or script
        if script != first_script:
            yield index, (f"found `{char}` ({character_name(char)}) in a name written in {first_script.title()} letters; "
                          "write each name in one alphabet, and give another spelling as an alias")
            return


# Letters of other alphabets that look like Latin ones, capitals and small letters apart (Greek
# capital Ν looks like N, its small ν like v), from the common part of Unicode's confusables.
LATIN_LOOK_ALIKES = str.maketrans({
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T",
    "У": "Y", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S", "Ԁ": "D", "Ԛ": "Q", "Ԝ": "W", "Ӏ": "I",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
    "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "һ": "h", "ԁ": "d", "ԛ": "q",
    "ԝ": "w", "ӏ": "l", "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
    "τ": "t", "υ": "u", "χ": "x", "ω": "w", "ɑ": "a", "ɡ": "g", "ı": "i",
})


def look_alike_skeleton(text: str) -> str:
    """`text` with compatibility forms folded, look-alike letters made Latin, case folded and
    spaces made single: two strings with the same skeleton look the same to a reader, or differ
    only in case."""
    return " ".join(unicodedata.normalize("NFKC", text).translate(LATIN_LOOK_ALIKES).casefold().split())


def non_ascii_note(text: str, allowed: str = "lower-case ASCII letters, digits and hyphens") -> str:
    """For text that must be plain ASCII (ids, field names): which characters are not, by name,
    since they may look exactly like the ASCII letters they stand in for."""
    odd = list(dict.fromkeys(char for char in text if not char.isascii()))
    if not odd:
        return ""
    named = ", ".join(f"`{shown(char)}` is {character_name(char)}" for char in odd[:3])
    return f" ({named}{', ...' if len(odd) > 3 else ''}; only {allowed} are allowed here)"


def shown(text: str) -> str:
    """Text as a message may print it: every control, invisible or formatting character, and every
    space but the plain one, written as an escape (`\\n`, `\\u202e`), so that a file name or a
    value cannot break a line of the output, forge another one, or hide what the editor must fix."""
    if text.isascii() and text.isprintable():
        return text
    out = []
    for char in text:
        code = ord(char)
        category = unicodedata.category(char)
        if char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif (category in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp") or (category == "Zs" and char != " ")
              or is_default_ignorable(code) or _is_noncharacter(code)):
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(char)
    return "".join(out)
