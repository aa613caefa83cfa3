"""Logging filters: a refused request is one line in the log, not a traceback.

Django logs a 403 or 404 raised as an exception (`PermissionDenied`, `Http404`) with the exception
attached, so the console shows a traceback for what is an ordinary answer to a visitor who may not
open a page. The line stays (path and status); the traceback goes. Server errors keep theirs.
"""

from __future__ import annotations

import logging


class ClientErrorsWithoutTraceback(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
