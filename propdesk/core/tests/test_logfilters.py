"""A 403 is one line in the log, a 500 keeps its traceback."""

import logging

from propdesk.core.logfilters import ClientErrorsWithoutTraceback


def _record(status):
    try:
        raise PermissionError("no")
    except PermissionError:
        import sys

        exc_info = sys.exc_info()
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Forbidden: %s", ("/x/",), exc_info
    )
    record.status_code = status
    return record


def test_client_errors_lose_the_traceback_and_server_errors_keep_it():
    keep = ClientErrorsWithoutTraceback()
    forbidden, broken = _record(403), _record(500)
    assert keep.filter(forbidden) and keep.filter(broken)
    assert forbidden.exc_info is None and forbidden.getMessage() == "Forbidden: /x/"
    assert broken.exc_info is not None
    assert "Traceback" not in logging.Formatter().format(forbidden)
    assert "Traceback" in logging.Formatter().format(broken)
