"""The one place PropDesk talks HTTP to a payment provider. Tests replace `send` with a fake provider."""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass, field

TIMEOUT_SECONDS = 10


@dataclass(frozen=True)
class HttpRequest:
    method: str
    url: str
    headers: dict = field(default_factory=dict)
    body: str = ""


@dataclass(frozen=True)
class HttpResponse:
    status: int
    body: str
    headers: dict = field(default_factory=dict)  # names in lower case

    def header(self, name: str) -> str:
        return str(self.headers.get(name.lower(), ""))


class TransportError(Exception):
    """The provider could not be reached (timeout, connection refused): the outcome is unknown."""


def send(request: HttpRequest) -> HttpResponse:
    data = request.body.encode() if request.body else None
    req = urllib.request.Request(  # noqa: S310  (the URL is a provider's fixed https base)
        request.url, data=data, method=request.method, headers=request.headers
    )
    try:
        with urllib.request.urlopen(req, timeout=TIMEOUT_SECONDS) as answer:  # noqa: S310
            status, body, headers = answer.status, answer.read(), answer.headers
    except urllib.error.HTTPError as exc:
        status, body, headers = exc.code, exc.read(), exc.headers
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise TransportError(str(exc)) from None
    return HttpResponse(status, body.decode("utf-8", "replace"), {k.lower(): v for k, v in headers.items()})
