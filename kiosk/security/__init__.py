"""Staff accounts, roles, audit, and the kiosk's keys."""
