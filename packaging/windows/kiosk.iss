; Inno Setup 6 script: the registration kiosk for Windows 10/11 (x64), installed per machine.
;
; Built by `python packaging\build.py --installer` on a Windows desk (it passes AppVersion and
; BundleDir), or by hand: ISCC /DAppVersion=0.1.0 /DBundleDir=..\..\build\bundle\kiosk kiosk.iss
;
; Invariants (tests/test_packaging.py checks them):
; - AppId never changes: a new version installs over the old one in place (same folder, same
;   shortcuts, one entry in "Apps & features"), and Restart Manager closes a running kiosk first.
; - Files go into {app} only. The kiosk's data (database, documents, keys, backups, logs) lives in
;   the user data folder, %LOCALAPPDATA%\MPP\kiosk (platformdirs), or KIOSK_DATA_DIR: neither
;   install, upgrade nor uninstall deletes or writes anything there.
; - kioskw.exe is the same program as kiosk.exe without a console window: the shortcuts use it;
;   kiosk.exe is for the command line (kiosk.exe --version, kiosk.exe doctor, ...).

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef BundleDir
  #define BundleDir "..\..\build\bundle\kiosk"
#endif
#define AppName "Kios Pendaftaran MPP"

[Setup]
AppId={{6F1C3B52-8E0A-4C47-9B1D-2A7E5D9C4F18}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=MPP
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\Kiosk MPP
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
UsePreviousTasks=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
CloseApplications=yes
RestartApplications=no
UninstallDisplayIcon={app}\kiosk.exe
UninstallDisplayName={#AppName}
OutputBaseFilename=kiosk-setup-{#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
SetupLogging=yes

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "autostart"; Description: "Start the kiosk in kiosk mode when Windows starts (self-service desk)"; GroupDescription: "Kiosk mode:"; Flags: unchecked

[InstallDelete]
; The previous version's libraries: a removed or renamed file must not linger in the bundle.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}\{#AppName}"; Filename: "{app}\kioskw.exe"; Parameters: "app"; WorkingDir: "{app}"
Name: "{autoprograms}\{#AppName}\{#AppName} (mode kios)"; Filename: "{app}\kioskw.exe"; Parameters: "app --kiosk-mode"; WorkingDir: "{app}"
Name: "{commonstartup}\{#AppName} (mode kios)"; Filename: "{app}\kioskw.exe"; Parameters: "app --kiosk-mode"; WorkingDir: "{app}"; Tasks: autostart

[Run]
Filename: "{app}\kioskw.exe"; Parameters: "app"; Description: "Start {#AppName} now"; Flags: nowait postinstall skipifsilent unchecked
