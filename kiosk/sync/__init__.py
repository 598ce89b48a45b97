"""The kiosk's side of sync with the central (the protocol's schemas are in :mod:`.protocol`).

- :mod:`.client`: httpx client with timeouts and backoff (:mod:`.backoff`).
- :mod:`.enrol`: ``kiosk enroll URL CODE``.
- :mod:`.engine`: one round (:mod:`.push`, :mod:`.pages`, :mod:`.pull`, sanity check).
- :mod:`.service`: :class:`~kiosk.sync.service.SyncService`, the background thread for the app.
- :mod:`.retention`: removing personal data the central confirmed (UU 27/2022).
- :mod:`.state`: the sync tables (migration ``0005_sync``).

Nothing heavy is imported here: the app imports the service lazily.
"""
