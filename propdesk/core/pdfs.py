"""Long printouts rendered on every core: WeasyPrint lays out about 15 pages a second on one core
and cannot use a second one, so a batch of hundreds of pages is split into parts, each part rendered
by its own Python process, and the parts' PDFs joined (pypdf) in order.

A child process, not a multiprocessing pool: the Celery worker that runs batch jobs is itself a
daemon process, which may not fork pool workers. The child only needs WeasyPrint (no Django): it
reads one HTML document on stdin and writes its PDF on stdout.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

from pypdf import PdfWriter

CHILD = (
    "import sys\n"
    "from weasyprint import HTML\n"
    "sys.stdout.buffer.write(HTML(string=sys.stdin.buffer.read().decode('utf-8')).write_pdf())\n"
)
TIMEOUT_SECONDS = 600


def workers() -> int:
    """Processes to use: the cores this process may run on (at least 1, at most 4)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(4, cores))


def _render_child(html: str) -> bytes:
    done = subprocess.run(
        [sys.executable, "-c", CHILD],
        input=html.encode("utf-8"),
        capture_output=True,
        timeout=TIMEOUT_SECONDS,
        check=False,
    )
    if done.returncode != 0 or not done.stdout.startswith(b"%PDF"):
        raise RuntimeError("PDF rendering failed: " + done.stderr.decode("utf-8", "replace")[-500:])
    return done.stdout


def join(pdfs: list[bytes]) -> bytes:
    writer = PdfWriter()
    for content in pdfs:
        writer.append(io.BytesIO(content))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def render_documents(documents: list[str]) -> bytes:
    """One PDF of these HTML documents in this order; in parallel when there are several."""
    from weasyprint import HTML  # noqa: PLC0415  (WeasyPrint loads only when a PDF is made)

    if len(documents) == 1:
        return HTML(string=documents[0]).write_pdf()
    with ThreadPoolExecutor(max_workers=workers()) as pool:
        parts = list(pool.map(_render_child, documents))
    return join(parts)
