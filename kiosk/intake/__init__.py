"""Offline intake sessions: the session a team opens on a laptop, its progress and report,
the district office's lists it works through, and field mode's receipts to send later."""
