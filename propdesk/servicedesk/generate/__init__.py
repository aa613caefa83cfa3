"""Service-desk part of `generate_data --requests N`: N historical owner requests over the last
12 months on the generated units, with their timeline events, work orders, complaint reports,
callbacks, SLA clocks (met or breached, breaches recorded) and per-day number counters.

Bulk paths only: ids are reserved from each table's sequence and rows go in with PostgreSQL's
COPY (bulk_create in large batches elsewhere). Audit history is skipped, as for all generated
data. The mix follows a property service center's year: most requests are repairs by phone or
the owner app; 8% complaints; 94% of arrivals within 20 minutes; 96% satisfied or fair.
Requests of the last three days are still open with running clocks, the rest are closed.

`requests` builds the rows, `writer` writes them in bulk.
"""

from .requests import generate_requests

__all__ = ["generate_requests"]
