"""What goes into the frozen kiosk bundle and what stays out (read by ``kiosk.spec``).

The bundle is the kiosk, not the central: the central's server stack (FastAPI, uvicorn, psycopg)
and every development tool stay out, and so do the Qt modules the app never loads (QtWebEngine
alone is ~200 MB). PyInstaller's PySide6 hooks collect a Qt module's plug-in folders whole; the
filter here keeps, per folder, only the plug-ins a desk can use:

- ``platforms``: ``offscreen`` (CI's smoke start, screenshots), ``xcb`` and ``wayland`` (Linux
  desktops), ``minimal``; ``windows`` on Windows. No eglfs/linuxfb/vnc (no desk runs them).
- ``printsupport`` (CUPS on Linux, the Windows print system), ``imageformats`` (logo, previews;
  no ``pdf``: it needs QtPdf), ``iconengines`` (SVG icons), ``platformthemes``, ``tls``.
- ``platforminputcontexts``: the Qt Virtual Keyboard (kiosk mode's on-screen keyboard), when the
  installed PySide6 has it; its QML files are added by :func:`virtual_keyboard_files`.
- ``multimedia``: the FFmpeg back end (camera capture of documents).

Invariant: nothing the kiosk imports at run time is excluded (``tests/test_packaging.py`` checks
the exclusion list against the modules ``kiosk`` and ``ui`` import), and ``resources/`` and the
Alembic migrations (read as files, not imported) are in the bundle.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAME = "kiosk"

# Python modules left out: the central's server stack (``kiosk.central``'s own modules stay, they
# are small and ``kiosk central``'s log set-up reads its settings) and tools for development.
EXCLUDED_MODULES = (
    "fastapi",
    "uvicorn",
    "starlette",
    "psycopg",
    "psycopg_binary",
    "multipart",
    "python_multipart",
    "pytest",
    "_pytest",
    "pytestqt",
    "hypothesis",
    "schemathesis",
    "mypy",
    "ruff",
    "importlinter",
    "grimp",
    "tkinter",
    "IPython",
    "matplotlib",
    "setuptools",
    "pip",
    # Qt modules the app never imports (the hooks would otherwise follow them from PySide6).
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
    "PySide6.QtWebEngineQuick",
    "PySide6.QtWebChannel",
    "PySide6.QtWebView",
    "PySide6.Qt3DCore",
    "PySide6.Qt3DRender",
    "PySide6.QtQuick3D",
    "PySide6.QtCharts",
    "PySide6.QtDataVisualization",
    "PySide6.QtGraphs",
    "PySide6.QtLocation",
    "PySide6.QtDesigner",
    "PySide6.QtPdf",
    "PySide6.QtPdfWidgets",
    "PySide6.QtSql",
    "PySide6.QtTest",
    "PySide6.QtBluetooth",
    "PySide6.QtNfc",
    "PySide6.QtSerialBus",
    "PySide6.QtRemoteObjects",
    "PySide6.QtScxml",
    "PySide6.QtSensors",
    "PySide6.QtTextToSpeech",
    "PySide6.QtHttpServer",
    "PySide6.QtSpatialAudio",
)

# Modules loaded by name at run time (not visible to PyInstaller's import analysis).
HIDDEN_IMPORTS = (
    "kiosk.store.migrations.env",
    "sqlalchemy.dialects.sqlite",
    "escpos.printer",
    "platformdirs.windows",
    "platformdirs.unix",
)

# Per Qt plug-in folder: the plug-ins kept (a substring of the file name); folders not listed
# here are kept whole.
KEEP_PLUGINS: dict[str, tuple[str, ...]] = {
    "platforms": ("offscreen", "xcb", "minimal", "qwindows"),
    "imageformats": ("gif", "ico", "jpeg", "svg", "png", "webp", "tiff", "bmp"),
    "platforminputcontexts": ("virtualkeyboard", "compose", "ibus"),
    "egldeviceintegrations": (),
    "platformthemes": ("xdgdesktopportal",),
    "qmltooling": (),
    "wayland-decoration-client": (),
    "wayland-graphics-integration-client": (),
    "wayland-shell-integration": (),
    "networkinformation": (),
}

# Qt libraries never wanted, even when a plug-in pulls them in (matched in the file name).
DROPPED_QT_LIBRARIES = ("WebEngine", "Qt6Pdf", "Qt63D", "Quick3D", "Designer", "Charts")


def plugin_folder(dest: str) -> tuple[str, str] | None:
    """(folder, file name) of a Qt plug-in destination such as
    ``PySide6/Qt/plugins/platforms/libqxcb.so`` (``PySide6/plugins/...`` on Windows)."""
    parts = Path(dest).parts
    if "plugins" not in parts:
        return None
    index = parts.index("plugins")
    if len(parts) < index + 3:
        return None
    return parts[index + 1], parts[-1]


def keep_binary(dest: str) -> bool:
    """Whether a collected file (its destination inside the bundle) belongs in the kiosk."""
    name = Path(dest).name
    if "PySide6" in dest and "translations" in Path(dest).parts:
        return False  # Qt's own catalogues: the app loads none (it has no Indonesian one)
    if "PySide6" in dest and any(lib in name for lib in DROPPED_QT_LIBRARIES):
        return False
    located = plugin_folder(dest) if "PySide6" in dest else None
    if located is None:
        return True
    folder, file_name = located
    if folder not in KEEP_PLUGINS:
        return True
    return any(part in file_name for part in KEEP_PLUGINS[folder])


def filter_toc(entries: Iterable[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """The (dest, source, kind) entries of a PyInstaller TOC that :func:`keep_binary` keeps."""
    return [entry for entry in entries if keep_binary(entry[0])]


def is_system_library(source: str) -> bool:
    """A library of the Linux distribution (not of Python, the venv or a wheel)."""
    return source.startswith(("/usr/lib/", "/lib/", "/lib64/")) and "python" not in source


def prune_system_libraries(entries: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """Linux: drop the distribution's libraries that no kept file needs any more (GTK, Pango
    and Cairo came in for the dropped GTK theme plug-in; PyInstaller collects a plug-in's
    dependencies before the filter runs). ``ldd`` lists every library a file loads, directly or
    not, so the names it prints for the kept files are all the system libraries still needed."""
    if not sys.platform.startswith("linux"):
        return entries
    from PyInstaller.depend.bindepend import get_imports

    roots = [entry for entry in entries if not is_system_library(entry[1])]
    needed: set[str] = set()
    for _dest, source, _kind in roots:
        if ".so" in Path(source).name:
            needed.update(Path(name).name for name, _path in get_imports(source))
    return [e for e in entries if not is_system_library(e[1]) or Path(e[0]).name in needed]


def resource_datas() -> list[tuple[str, str]]:
    """``resources/`` and the migrations (Alembic reads them as files) as (source, dest) pairs:
    beside the packages, where :func:`kiosk.config.resources_dir` and the migrations expect them
    (frozen, ``__file__`` of a bundled module lies under the bundle's data folder)."""
    datas = [(str(ROOT / "resources"), "resources")]
    for package in ("kiosk/store/migrations",):
        for path in sorted((ROOT / package).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                datas.append((str(path), str(path.parent.relative_to(ROOT))))
    return datas


def qt_dir() -> Path:
    import PySide6

    return Path(PySide6.__file__).resolve().parent


# The QML modules the Qt Virtual Keyboard imports (``depends`` in its qmldir files), and whether
# each is taken with its sub-folders. Only these: the whole QML tree would add ~30 MB.
KEYBOARD_QML = (
    ("QtQuick/VirtualKeyboard", True),
    ("QtQuick/Window", True),
    ("QtQuick/Layouts", True),
    ("QtQuick", False),
    ("QtQml", True),
    ("Qt/labs/folderlistmodel", True),
)


def qml_dir() -> Path:
    """PySide6's QML folder (``Qt/qml`` on Linux and macOS, ``qml`` on Windows)."""
    base = qt_dir()
    return base / "Qt" / "qml" if (base / "Qt" / "qml").is_dir() else base / "qml"


def virtual_keyboard_files() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(binaries, datas) of the keyboard's QML modules as (source, dest folder) pairs; both
    empty when the installed PySide6 has no Qt Virtual Keyboard (kiosk mode then uses the
    system's keyboard). QML plug-in libraries go in as binaries so that PyInstaller collects the
    Qt libraries they link (Qt Quick, Qt Qml, the keyboard's own)."""
    qml = qml_dir()
    binaries: list[tuple[str, str]] = []
    datas: list[tuple[str, str]] = []
    if not (qml / "QtQuick" / "VirtualKeyboard").is_dir():
        return binaries, datas
    dest_root = Path("PySide6") / qml.relative_to(qt_dir())
    for module, recursive in KEYBOARD_QML:
        folder = qml / module
        files = folder.rglob("*") if recursive else folder.glob("*")
        for path in sorted(files):
            if not path.is_file():
                continue
            dest = str(dest_root / path.parent.relative_to(qml))
            is_library = path.suffix in (".so", ".dll", ".dylib")
            (binaries if is_library else datas).append((str(path), dest))
    return binaries, datas


def is_windows() -> bool:
    return sys.platform == "win32"
