"""
The sciatica content pack for exerciselib: data only.

exerciselib reads ``pack.json`` and the JSON files beside it; nothing in
this package is imported or run to load the pack.
"""
