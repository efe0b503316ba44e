"""Read a gettext catalogue (.po) far enough to count what is translated, without gettext tools or extra packages.

An entry counts as translated when it is not fuzzy and every msgstr (each plural form) has text. The header
(the empty msgid) and obsolete entries (``#~``) are not messages.
"""
from dataclasses import dataclass, field
from pathlib import Path

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


def _unquote(text):
    text = text.strip()
    if not (len(text) >= 2 and text[0] == text[-1] == '"'):
        raise ValueError(f"Not a quoted string: {text!r}")
    out, chars = [], iter(text[1:-1])
    for char in chars:
        out.append(_ESCAPES.get(next(chars, ""), "") if char == "\\" else char)
    return "".join(out)


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstrs: dict = field(default_factory=dict)
    fuzzy: bool = False

    @property
    def is_header(self):
        return self.msgid == "" and self.msgctxt is None

    @property
    def translated(self):
        return not self.fuzzy and bool(self.msgstrs) and all(self.msgstrs.values())


def read_po(path):
    """The messages of a .po file (header and obsolete entries left out), in file order."""
    entries, entry, key, flags = [], None, None, set()

    def finish():
        if entry is not None and not entry.is_header:
            entries.append(entry)

    for raw in Path(path).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#,"):
            flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            if key is None:
                raise ValueError(f"{path}: a string without a keyword: {raw!r}")
            _append(entry, key, _unquote(line))
            continue
        keyword, _space, rest = line.partition(" ")
        if keyword == "msgctxt" or (keyword == "msgid" and key != "msgctxt"):
            finish()
            entry, flags = Entry(fuzzy="fuzzy" in flags), set()
        elif entry is None:
            raise ValueError(f"{path}: {keyword} before msgid: {raw!r}")
        if keyword == "msgctxt":
            entry.msgctxt, key = _unquote(rest), "msgctxt"
        elif keyword == "msgid":
            entry.msgid, key = _unquote(rest), "msgid"
        elif keyword == "msgid_plural":
            entry.msgid_plural, key = _unquote(rest), "msgid_plural"
        elif keyword.startswith("msgstr"):
            index = int(keyword[7:-1]) if keyword.startswith("msgstr[") else 0
            entry.msgstrs[index], key = _unquote(rest), index
        else:
            raise ValueError(f"{path}: unknown line: {raw!r}")
    finish()
    return entries


def _append(entry, key, text):
    if isinstance(key, int):
        entry.msgstrs[key] += text
    else:
        setattr(entry, key, getattr(entry, key) + text)


@dataclass(frozen=True)
class Coverage:
    translated: int
    total: int

    @property
    def percent(self):
        return 100.0 * self.translated / self.total if self.total else 0.0


def coverage(path):
    """How many of the catalogue's messages are translated (fuzzy and empty ones are not)."""
    entries = read_po(path)
    return Coverage(translated=sum(1 for e in entries if e.translated), total=len(entries))
