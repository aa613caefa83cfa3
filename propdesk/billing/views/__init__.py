"""Billing's staff pages, one module per topic: `core` (the cashier's desk, bills, receipts, billing
runs), `cash`, `debit`, `deposit`, `dunning`, `heating`, `notices`, `waiver`, and `public` (the
published fees, without login). `billing/urls.py` names each module; paid services' pages are in
their own app, `propdesk/paidservices`."""
