"""Fill the zh_Hans catalogue from the glossary modules in propdesk/locale/glossary/.

`make messages` extracts the strings, then runs this; a test fails when a string has no
translation or the compiled .mo is older than the .po.
"""

from __future__ import annotations

import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent


def fill(path: str) -> list[str]:
    """Write the translations into a .po file and compile its .mo; return the msgids still missing."""
    import polib

    sys.path.insert(0, str(HERE.parent.parent))
    from propdesk.locale.glossary import merged

    zh, plurals = merged()
    po = polib.pofile(path)
    missing = []
    for entry in po:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            forms = plurals.get(entry.msgid)
            if forms:
                entry.msgstr_plural = dict(enumerate(forms))
            else:
                missing.append(entry.msgid)
        elif entry.msgid in zh:
            entry.msgstr = zh[entry.msgid]
        else:
            missing.append(entry.msgid)
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
