"""The central service: enrolment, push/pull, documents and verdicts for a province's kiosks.

FastAPI on uvicorn with SQLAlchemy 2 (PostgreSQL through psycopg 3 in production, SQLite to try it).
Nothing here is imported by the kiosk app at start-up: FastAPI and uvicorn load only when a central
runs (``kiosk central serve``, :func:`kiosk.central.server.start_in_thread`, tests).

Running a central and enrolling a kiosk, step by step:

1. ``kiosk central serve`` — SQLite in ``<user data>/central`` on http://127.0.0.1:8080 (try-out).
   Production: ``createdb -h 127.0.0.1 -U postgres central`` then
   ``kiosk central serve --database-url postgresql+psycopg://postgres@127.0.0.1:5432/central
   --data-dir /srv/kiosk-central --host 0.0.0.0 --port 8443 --ssl-certfile /etc/kiosk/central.crt
   --ssl-keyfile /etc/kiosk/central.key [--workers 4]``. Migrations run at start. The data folder
   holds the central's document key (back it up: without it no document can be opened) and pages.
2. ``kiosk central enroll-code --kiosk "Loket 1" --mpp "MPP Kota Samarinda"`` prints a one-time
   code (valid 60 minutes, single use) — same ``--database-url``/``--data-dir`` as ``serve``.
3. On the kiosk: ``kiosk enroll https://central.example:8443 ABCD-EFGH-JKMN`` (or the app's
   settings page). The kiosk gets its device token, kiosk code (``SMR1``) and the central's key.
4. ``kiosk central staff add --mpp "MPP Kota Samarinda" --username sari --full-name "Sari" --role
   operator`` (password prompted, or ``--password-file``): every kiosk of the MPP gets the account
   (argon2id hash only) at its next sync.
5. Daily: ``kiosk central report`` (``--json``), ``kiosk central conflicts``, ``kiosk central
   duplicates``, ``kiosk central verdict REG_ID --status needs_fix --reason "…"``.
6. A lost or stolen kiosk: ``kiosk central revoke "Loket 1"`` — every request with its token is
   answered 401 ``auth.revoked``; other kiosks learn that its receipt key is revoked.

Map: :mod:`.settings` (configuration and the data folder), :mod:`.models` and :mod:`.db` (tables,
engine, Alembic migrations in :mod:`.migrations`), :mod:`.storage` (content-addressed page store),
:mod:`.keys` (the central's X25519 document key), the services :mod:`.enrolment`, :mod:`.checks`,
:mod:`.push`, :mod:`.pages`, :mod:`.feed` (pull events and sanity), :mod:`.duplicates`, the HTTP
layer :mod:`.app`, :mod:`.deps`, :mod:`.routes`, :mod:`.routes_pages`, :mod:`.http_errors`,
:mod:`.limits`, and the operator's side :mod:`.admin`, :mod:`.review`, :mod:`.report`,
:mod:`.report_text`, :mod:`.server`.
"""
