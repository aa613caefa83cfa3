"""Billing labels that read wrong with the shared translations (found by the browser tests)."""

ZH = {
    "Telephone": "电话",
    "Created in status": "新建为",  # a status timeline's first line: 新建为 收款中  # a dunning contact by phone ("Phone call" is 来电, an incoming call)
}
