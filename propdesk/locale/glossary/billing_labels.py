"""Billing labels that read wrong with the shared translations (found by the browser tests)."""

ZH = {
    "Telephone": "电话",  # a dunning contact by phone ("Phone call" is 来电, an incoming call)
}
