"""The FastAPI application factory: :func:`create_app`.

Stateless by design: the process holds only caches of what the database and the data folder hold
(engine pool, the central's key, rate-limit buckets), so any number of processes can serve one
PostgreSQL. The OpenAPI document is served at ``/api/v1/openapi.json`` (docs at ``/api/v1/docs``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from kiosk import protocol as p
from kiosk.central import http_errors
from kiosk.central.admission import AdmissionControl
from kiosk.central.admission_board import Board
from kiosk.central.db import open_database, session_factory
from kiosk.central.deps import CentralState
from kiosk.central.keys import load_or_create_document_key, public_pem
from kiosk.central.limits import BodyLimitMiddleware, RateLimiter
from kiosk.central.pack_rebuild import at_start
from kiosk.central.settings import CentralSettings
from kiosk.central.storage import LocalPageStorage

API_VERSION = "1.0.0"


def create_app(settings: CentralSettings) -> FastAPI:
    """Build the app; with ``settings.migrate`` the database is brought to the newest schema."""
    from kiosk.central import (
        console,
        routes,
        routes_intake,
        routes_pages,
        routes_trust,
        routes_versions,
    )

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = open_database(settings.database_url, run_migrations=settings.migrate)
    private_key = load_or_create_document_key(settings.keys_dir)
    storage = LocalPageStorage(settings.storage_dir)
    state = CentralState(
        settings=settings,
        engine=engine,
        factory=session_factory(engine),
        storage=storage,
        private_key=private_key,
        public_pem=public_pem(private_key),
        limiter=RateLimiter(settings.rate_per_second, settings.rate_burst),
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from kiosk.central.bundle_jobs import BundleWorker

        worker = BundleWorker(state)  # console bundle uploads, applied in the background
        app.state.bundle_worker = worker
        worker.start()
        # a lost or damaged pack index rebuilt from the packs before any request is served, then
        # what a crash left unlisted zeroed and deleted off the loop (kiosk.central.pack_rebuild)
        at_start(storage.packs, state.factory, private_key)
        yield
        worker.stop()
        engine.dispose()

    app = FastAPI(
        title="Kiosk central",
        version=API_VERSION,
        description="Enrolment, sync (push/pull), documents and verdicts for registration kiosks.",
        openapi_url=f"{p.API_PREFIX}/openapi.json",
        docs_url=f"{p.API_PREFIX}/docs",
        redoc_url=None,
        lifespan=lifespan,
        generate_unique_id_function=lambda route: route.name,  # operationId = function name
    )
    app.state.central = state
    http_errors.install(app)
    app.include_router(routes.router)
    app.include_router(routes_pages.router)
    app.include_router(routes_trust.router)
    app.include_router(routes_versions.router)
    app.include_router(routes_intake.router)
    console.install(app)  # the web console under /console/ (kiosk.central.console)
    app.add_middleware(
        BodyLimitMiddleware,
        max_json_bytes=settings.max_json_bytes,
        max_page_bytes=settings.max_page_bytes,
    )
    # outermost: a refused request costs no JSON parsing and holds no database connection
    app.add_middleware(
        AdmissionControl,
        max_in_flight=settings.max_in_flight,
        max_queued=settings.max_queued,
        max_wait_s=settings.max_queue_wait_s,
        max_drain_bytes=max(settings.max_json_bytes, settings.max_page_bytes),
        board=Board.from_environment(),  # the workers of `serve --workers N` share one line
    )
    return app
