"""The owner portal's pages, one module per subject."""

from .bills import bills, pay, payment, receipt_pdf, receipts
from .home import home, manifest
from .requests import request_confirm, request_detail, request_new, request_price, request_rate, requests_list
from .services import services, survey, surveys

__all__ = [
    "bills",
    "home",
    "manifest",
    "pay",
    "payment",
    "receipt_pdf",
    "receipts",
    "request_confirm",
    "request_detail",
    "request_new",
    "request_price",
    "request_rate",
    "requests_list",
    "services",
    "survey",
    "surveys",
]
