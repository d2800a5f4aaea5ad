"""Writes for bills: the OpenStates import (imports.py), following a bill (follows.py), and
witness slips (slips.py)."""
