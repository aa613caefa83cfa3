"""Static files as WhiteNoise serves them, collected fast enough for a restart.

WhiteNoise's `CompressedManifestStaticFilesStorage` compresses every file (gzip and brotli) on every
`collectstatic`: about a minute on a 2-core machine, again on each `make run`. Here only the hashed
names are kept (`WHITENOISE_KEEP_ONLY_HASHED_FILES`), and a hashed file whose compressed copies are
already there and no older than it is not compressed again: its name carries its content's hash, so
the copies are of the same bytes.
"""

from __future__ import annotations

import os

from whitenoise.compress import Compressor
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    def _compressed_copies_current(self, name: str) -> bool:
        full = self.path(name)
        copies = [full + ".gz"] + ([full + ".br"] if Compressor().use_brotli else [])
        try:
            source = os.stat(full).st_mtime
            return all(os.stat(copy).st_mtime >= source for copy in copies)
        except FileNotFoundError:
            return False

    def compress_files(self, paths):
        yield from super().compress_files([p for p in paths if not self._compressed_copies_current(p)])
