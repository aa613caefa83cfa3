"""Password rules beyond Django's: no password may carry the product's or a company's name.

`propdesk`, `PropDesk2026!` and `某某物业123` are the first guesses of anyone who knows whose
system this is (and `propdesk` is the stem of the demo password). The validator sits in
AUTH_PASSWORD_VALIDATORS beside Django's, so every place that sets a password by choice — the
password page, the API, the admin, `changepassword` — applies it.
"""

from __future__ import annotations

import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import Company

PRODUCT_WORDS = ("propdesk",)
_NOT_LETTERS = re.compile(r"[\W_\d]+")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


class ForbiddenWordsValidator:
    """Refuse a password containing the product's name, a company's name or code, or a word listed in
    the PASSWORD_FORBIDDEN_WORDS setting (case, width, digits and punctuation ignored)."""

    def __init__(self, min_word_length: int = 3):
        self.min_word_length = min_word_length

    def words(self) -> list[str]:
        found = list(PRODUCT_WORDS) + list(getattr(settings, "PASSWORD_FORBIDDEN_WORDS", ()))
        for name, code in Company.objects.values_list("name", "code"):
            found += [name, code]
        folded = {_fold(w).strip() for w in found}
        return sorted(w for w in folded if len(_NOT_LETTERS.sub("", w)) >= self.min_word_length)

    def validate(self, password: str, user=None) -> None:
        folded = _fold(password)
        letters = _NOT_LETTERS.sub("", folded)
        for word in self.words():
            bare = _NOT_LETTERS.sub("", word)
            if word in folded or (bare and bare in letters):
                raise ValidationError(
                    _("The password may not contain the name “%(word)s”."),
                    code="password_forbidden_word",
                    params={"word": word},
                )

    def get_help_text(self) -> str:
        return _("Your password may not contain the name of this product or of the property company.")
