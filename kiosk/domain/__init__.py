"""The registration model, its rules and the wizard's flow (no I/O, no Qt)."""
