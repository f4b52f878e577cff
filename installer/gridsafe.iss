; gridsafe Windows installer (Inno Setup 6.4+). Build the one-folder bundle first, then this script:
;
;     pyinstaller installer\gridsafe.spec --noconfirm        → dist\gridsafe\  (gridsafe.exe, gridsafe-cli.exe)
;     iscc /DAppVersion=0.1.0 installer\gridsafe.iss         → dist\installer\gridsafe-0.1.0-setup.exe
;
; Installs for the current user (no administrator needed) or, if chosen, for all users; Start-menu and
; optional desktop shortcuts; .gridsafe project files open with `gridsafe.exe open "%1"`; Chinese pages
; (installer\ChineseSimplified.isl, our own translation; English on non-Chinese Windows).
;
; What is installed is exactly the folder dist\gridsafe that installer\gridsafe.spec builds from the file
; list in installer\bundle_files.py (the Linux build of the same spec is tested by tests/packaging).
;
; Uninstalling removes the program folder, its shortcuts and its file association only. It never touches
; the user's data: projects wherever the user saved them (e.g. Documents), the demo copy and the logs in
; %LOCALAPPDATA%\gridsafe, anything in %APPDATA%\gridsafe, and the settings in HKCU\Software\gridsafe.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "安全生产网格化管理"
#define AppExe "gridsafe.exe"
#define ProgId "gridsafe.project"
#define Bundle "..\dist\gridsafe"

[Setup]
AppId={{442900BF-93BB-495A-BCC0-27F95701BB48}
AppName={#AppName}（gridsafe）
AppVersion={#AppVersion}
AppVerName={#AppName}（gridsafe）{#AppVersion}
AppPublisher=gridsafe
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\gridsafe
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Per user by default; the install-mode dialog (or /ALLUSERS on the command line) installs for all users.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
UsedUserAreasWarning=no
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
ChangesAssociations=yes
CloseApplications=yes
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}（gridsafe）
OutputDir=..\dist\installer
OutputBaseFilename=gridsafe-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=no
LanguageDetectionMethod=uilanguage

[Languages]
; The first language is the default when Windows' display language matches neither.
Name: "chinesesimplified"; MessagesFile: "compiler:Default.isl,ChineseSimplified.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
chinesesimplified.ProjectFile=gridsafe 项目
english.ProjectFile=gridsafe project
chinesesimplified.OtherTasks=其他：
english.OtherTasks=Other:
chinesesimplified.Manual=用户手册
english.Manual=user manual (Chinese)

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"
Name: "associate"; Description: "{cm:AssocFileExtension,{#AppName},.gridsafe}"; GroupDescription: "{cm:OtherTasks}"

[InstallDelete]
; An upgrade replaces the program's own files wholesale (no stale modules of an older version).
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{userdocs}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{userdocs}"; Tasks: desktopicon
; the user manual the program opens with F1 (installer/bundle_files.py ships docs/manual), in the browser, offline
Name: "{autoprograms}\{#AppName} {cm:Manual}"; Filename: "{app}\_internal\docs\manual\index.html"

[Registry]
; .gridsafe → gridsafe.project → "gridsafe.exe" open "%1"   (HKA: HKCU per user, HKLM for all users)
; `gridsafe.exe "%1"` opens the file too; the explicit `open` also opens a project whose file name is a command.
Root: HKA; Subkey: "Software\Classes\.gridsafe\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue; Tasks: associate
Root: HKA; Subkey: "Software\Classes\.gridsafe"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue; Tasks: associate
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "{cm:ProjectFile}"; Flags: uninsdeletekey; Tasks: associate
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"; Tasks: associate
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" open ""%1"""; Tasks: associate
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".gridsafe"; ValueData: ""; Flags: uninsdeletekey; Tasks: associate

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only inside the program folder (Python may leave caches there). User data is never listed here.
Type: filesandordirs; Name: "{app}\_internal"
