#!/usr/bin/env bash
# Compile kiosk.iss and exercise the installer under Wine on Linux: install, upgrade in place with
# the autostart task, uninstall; the data folder must survive all three. This is Inno Setup's own
# engine on Wine's Windows 10 personality, with a stand-in bundle (three small files): it checks the
# script and the installer's rules, not the kiosk on Windows (see packaging/README.md).
#
# Needs (Debian, as root; not part of CI: Wine is large):
#   dpkg --add-architecture i386 && apt-get update
#   apt-get install --no-install-recommends wine wine64 wine32:i386 xvfb
#   npm install --prefix /tmp/inno innosetup@6.4.1      # ships ISCC.exe (Inno Setup 6.4.1)
# Usage: packaging/windows/wine_check.sh /tmp/inno/node_modules/innosetup/bin/ISCC.exe
set -euo pipefail
iscc="$(realpath "$1")"
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
export WINEPREFIX="$work/prefix" WINEDEBUG=-all
if [[ -z "${DISPLAY:-}" ]]; then
  Xvfb :73 -screen 0 1024x768x24 >/dev/null 2>&1 &
  xvfb=$!
  trap 'kill "$xvfb"' EXIT
  export DISPLAY=:73
  sleep 1
fi
win() { winepath -w "$1"; }
fail() { echo "FAILED: $*"; exit 1; }

wineboot -i >/dev/null 2>&1
wine reg add 'HKCU\Software\Wine' /v Version /d win10 /f >/dev/null 2>&1  # the script wants 10+
drive="$WINEPREFIX/drive_c"
app="$drive/Program Files/Kiosk MPP"
menu="$drive/ProgramData/Microsoft/Windows/Start Menu/Programs"
data="$drive/users/$(id -un)/AppData/Local/MPP/kiosk"
mkdir -p "$data" "$work/bundle/_internal" "$work/out"
echo "the kiosk's data" >"$data/kiosk.sqlite3"

build() {  # version, then the stand-in bundle's files
  local version="$1"
  rm -rf "$work/bundle" && mkdir -p "$work/bundle/_internal"
  shift
  for f in "$@"; do echo "$version" >"$work/bundle/$f"; done
  wine "$iscc" /Q "/DAppVersion=$version" "/DBundleDir=$(win "$work/bundle")" \
    "/O$(win "$work/out")" "$(win "$here/kiosk.iss")"
}

echo "== install 0.1.0"
build 0.1.0 kiosk.exe kioskw.exe _internal/old.dll
wine "$work/out/kiosk-setup-0.1.0.exe" /VERYSILENT /SUPPRESSMSGBOXES
[[ -f "$app/kioskw.exe" && -f "$app/_internal/old.dll" ]] || fail "not in Program Files"
[[ -f "$menu/Kios Pendaftaran MPP/Kios Pendaftaran MPP (mode kios).lnk" ]] || fail "no shortcut"
strings -el -n 3 "$menu/Kios Pendaftaran MPP/Kios Pendaftaran MPP (mode kios).lnk" \
  | grep -qx "app --kiosk-mode" || fail "the kiosk-mode shortcut lacks its arguments"
[[ ! -e "$menu/StartUp/Kios Pendaftaran MPP (mode kios).lnk" ]] || fail "autostart not asked for"

echo "== upgrade to 0.1.1 with autostart"
build 0.1.1 kiosk.exe kioskw.exe _internal/new.dll
wine "$work/out/kiosk-setup-0.1.1.exe" /VERYSILENT /SUPPRESSMSGBOXES /TASKS=autostart
[[ "$(cat "$app/kiosk.exe")" == 0.1.1 ]] || fail "not upgraded in place"
[[ ! -e "$app/_internal/old.dll" && -f "$app/_internal/new.dll" ]] || fail "stale library kept"
[[ -f "$menu/StartUp/Kios Pendaftaran MPP (mode kios).lnk" ]] || fail "no autostart shortcut"
uninstall='HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall'
entries="$(wine reg query "$uninstall" /reg:64 2>/dev/null | tr -d '\r' | grep -c '_is1$' || true)"
[[ "$entries" == 1 ]] || fail "$entries entries in Apps & features, not one"
wine reg query "$uninstall\\{6F1C3B52-8E0A-4C47-9B1D-2A7E5D9C4F18}_is1" /v DisplayVersion /reg:64 \
  | grep -q "0\.1\.1" || fail "Apps & features does not show 0.1.1"

echo "== uninstall"
wine "$app/unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES
for _ in $(seq 1 50); do [[ -e "$app" ]] || break; sleep 0.2; done
[[ ! -e "$app" ]] || fail "Program Files folder left behind"
[[ ! -e "$menu/Kios Pendaftaran MPP" ]] || fail "Start-menu folder left behind"
[[ "$(cat "$data/kiosk.sqlite3")" == "the kiosk's data" ]] || fail "the data folder was touched"
echo "installer checks passed: install, upgrade in place, uninstall; the data folder kept"
rm -rf "$work"
