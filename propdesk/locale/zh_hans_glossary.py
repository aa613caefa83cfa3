"""Fill the zh_Hans catalogue from the glossary modules in propdesk/locale/glossary/.

`make messages` extracts the strings, then runs this; a test fails when a string has no
translation or the compiled .mo is older than the .po.

A glossary key is the msgid, or (context, msgid) for a string marked with pgettext: the same
English word may need two Chinese words, e.g. ("import template", "Occupied") → 入住 where the
unit status "Occupied" is 已入住.
"""

from __future__ import annotations

import pathlib
import sys

import polib

HERE = pathlib.Path(__file__).resolve().parent
# Run as a script (`make messages`): the project root is not on the path yet.
sys.path.insert(0, str(HERE.parent.parent))

from propdesk.locale.glossary import merged  # noqa: E402  (after the path above)


def fill(path: str) -> list[str]:
    """Write the translations into a .po file and compile its .mo; return the msgids still missing."""
    zh, plurals = merged()
    po = polib.pofile(path)
    missing = []
    for entry in po:
        if entry.obsolete:
            continue
        key = (entry.msgctxt, entry.msgid) if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            forms = plurals.get(key)
            if forms:
                entry.msgstr_plural = dict(enumerate(forms))
            else:
                missing.append(repr(key))
        elif key in zh:
            entry.msgstr = zh[key]
        else:
            missing.append(repr(key) if entry.msgctxt else entry.msgid)
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.save(path)
    po.save_as_mofile(path[:-3] + ".mo")
    return missing


if __name__ == "__main__":
    left = fill(str(HERE / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    if left:
        print("untranslated (add them to a module in propdesk/locale/glossary/):", *left, sep="\n  ")
        sys.exit(1)
    print("zh_Hans catalogue complete")
