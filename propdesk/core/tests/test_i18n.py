"""Chinese is the default language: every string must have its translation, compiled."""

import pathlib

import polib

LOCALE = pathlib.Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES"


def test_every_string_has_a_chinese_translation():
    po = polib.pofile(str(LOCALE / "django.po"))
    missing = [e.msgid for e in po if not e.obsolete and not e.translated()]
    assert not missing, (
        f"untranslated (add them to locale/zh_hans_glossary.py, then make messages): {missing}"
    )
    assert not [e.msgid for e in po if "fuzzy" in e.flags]


def test_compiled_catalogue_matches_the_po_file():
    po = polib.pofile(str(LOCALE / "django.po"))
    mo = polib.mofile(str(LOCALE / "django.mo"))
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in mo}  # a pgettext context keeps its own msgstr
    stale = [
        e.msgid
        for e in po
        if e.translated() and not e.msgid_plural and compiled.get((e.msgctxt, e.msgid)) != e.msgstr
    ]
    assert not stale, f".mo is older than .po: run `make messages` ({stale[:5]})"
