"""Battery and disk space of the laptop in field mode, through a thin platform seam.

``psutil`` is not a dependency of the kiosk, so the battery is read where each platform keeps it:
Linux's ``/sys/class/power_supply`` (``capacity`` and ``status`` of a ``type`` Battery supply),
Windows' ``GetSystemPowerStatus`` (ctypes, kernel32). Elsewhere, or on a desktop without a
battery, the battery is ``None`` and shown as absent. Disk space is the standard library's
:func:`shutil.disk_usage` of the data folder's file system (where registrations and pages grow).
Every read is cheap and never raises: the status line must not break the app.
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

POWER_SUPPLY = Path("/sys/class/power_supply")


@dataclass(frozen=True)
class Battery:
    percent: int  # 0-100
    charging: bool | None  # None: unknown


@dataclass(frozen=True)
class LaptopStatus:
    battery: Battery | None
    disk_free: int  # bytes
    disk_total: int


def linux_battery(root: Path = POWER_SUPPLY) -> Battery | None:
    try:
        supplies = sorted(root.iterdir())
    except OSError:
        return None
    for supply in supplies:
        try:
            if (supply / "type").read_text().strip() != "Battery":
                continue
            percent = int((supply / "capacity").read_text().strip())
            status = (supply / "status").read_text().strip().lower()
        except (OSError, ValueError):
            continue
        charging = None if status == "unknown" else status in ("charging", "full", "not charging")
        return Battery(max(0, min(100, percent)), charging)
    return None


def windows_battery() -> Battery | None:
    import ctypes

    class SystemPowerStatus(ctypes.Structure):
        _fields_ = [
            ("ACLineStatus", ctypes.c_ubyte),
            ("BatteryFlag", ctypes.c_ubyte),
            ("BatteryLifePercent", ctypes.c_ubyte),
            ("SystemStatusFlag", ctypes.c_ubyte),
            ("BatteryLifeTime", ctypes.c_ulong),
            ("BatteryFullLifeTime", ctypes.c_ulong),
        ]

    status = SystemPowerStatus()
    windll = getattr(ctypes, "windll", None)  # only on Windows
    if windll is None:
        return None
    try:
        if not windll.kernel32.GetSystemPowerStatus(ctypes.byref(status)):
            return None
    except (AttributeError, OSError):
        return None
    if status.BatteryFlag == 128 or status.BatteryLifePercent == 255:  # no battery / unknown
        return None
    charging = {0: False, 1: True}.get(status.ACLineStatus)
    return Battery(int(status.BatteryLifePercent), charging)


def battery() -> Battery | None:
    if sys.platform.startswith("linux"):
        return linux_battery()
    if sys.platform == "win32":
        return windows_battery()
    return None


def laptop_status(data_dir: Path) -> LaptopStatus:
    try:
        usage = shutil.disk_usage(data_dir)
        free, total = usage.free, usage.total
    except OSError:
        free = total = 0
    return LaptopStatus(battery(), free, total)
