"""Public bill pages (bills.py), following a bill (follows.py), witness slips (slips.py)."""
